// Keystone /v3/auth: issue, validate, check and revoke tokens; the catalog and the projects a token may scope to.

import type { Router, SimRequest } from "../../http/router.js";
import { authenticate, UNAUTHORIZED } from "./auth.js";
import type { KeystoneContext } from "./context.js";
import { fail } from "./context.js";
import { AuthFailure, type TokenRecord } from "./store.js";

export function tokenRoutes(r: Router, ctx: KeystoneContext): void {
  const { store, v3, collection, projectView, catalog, tokenBody, caller } = ctx;
  // --- tokens ---
  r.on("POST", "/v3/auth/tokens", (req) => {
    let rec: TokenRecord;
    try {
      rec = authenticate(store, req.body, fail);
    } catch (e) {
      if (e instanceof AuthFailure) throw fail(401, UNAUTHORIZED);
      throw e;
    }
    const live = store.record(rec.token)!;
    return { status: 201, body: tokenBody(rec, live.roles), headers: { "X-Subject-Token": rec.token } };
  });
  const subject = (req: SimRequest) => {
    const s = req.headers["x-subject-token"];
    if (typeof s !== "string" || s === "") throw fail(400, "Expecting to find X-Subject-Token in the request headers.");
    return s;
  };
  r.on("GET", "/v3/auth/tokens", (req) => {
    const { info } = caller(req);
    const s = subject(req);
    const live = store.record(s);
    if (!live || (!info.isAdmin && live.rec.userId !== info.userId)) throw fail(404, "Could not find token.");
    return { status: 200, body: tokenBody(live.rec, live.roles), headers: { "X-Subject-Token": s } };
  });
  r.on("HEAD", "/v3/auth/tokens", (req) => {
    const { info } = caller(req);
    const live = store.record(subject(req));
    if (!live || (!info.isAdmin && live.rec.userId !== info.userId)) throw fail(404, "Could not find token.");
    return { status: 200 };
  });
  r.on("DELETE", "/v3/auth/tokens", (req) => {
    const { info } = caller(req);
    const s = subject(req);
    const live = store.record(s);
    if (!live || (!info.isAdmin && live.rec.userId !== info.userId)) throw fail(404, "Could not find token.");
    store.revokeToken(s);
    return { status: 204 };
  });
  r.on("GET", "/v3/auth/catalog", (req) => {
    const { rec } = caller(req);
    if (rec.scope.kind === "unscoped") throw fail(403, "A scoped token is required to fetch the service catalog.");
    return { status: 200, body: { catalog: catalog(), links: { self: `${v3()}/auth/catalog` } } };
  });
  r.on("GET", "/v3/auth/projects", (req) => {
    const { info } = caller(req);
    const projects = [...store.projects.values()].filter(
      (p) => store.directRoleIds("project", p.id, info.userId).length,
    );
    return { status: 200, body: { projects: projects.map(projectView), links: collection("auth/projects") } };
  });
}
