// Manila /v2/shares: list, create, show, delete, export locations, share actions, and /v2/types.

import { isObj, optBool, optString, queryBool, requireObject } from "../../http/body.js";
import type { Router, SimRequest } from "../../http/router.js";
import { isMember } from "../util.js";
import { accessActions } from "./access.js";
import type { ManilaContext } from "./context.js";
import { err, NOT_FOUND_ROUTE, vstr } from "./context.js";
import { KNOWN_PROTOCOLS, type Share } from "./store.js";
import { atLeast, DEFAULT_SHARE_TYPE } from "./views.js";

export function shareRoutes(r: Router, ctx: ManilaContext): void {
  const { store, views, shareBase, call, wrap, visibleShare, ownShare } = ctx;
  const { allowAccess, denyAccess } = accessActions(ctx);
  // --- shares ---
  const listShares = (req: SimRequest, detail: boolean) => {
    const { v, token, actor } = call(req);
    const q = req.query;
    const allTenants = token.isAdmin && (queryBool(q.get("all_tenants")) || queryBool(q.get("all_projects")));
    const projectFilter = token.isAdmin ? q.get("project_id") : null;
    let shares = [...store.shares.values()].filter((s) =>
      projectFilter ? s.projectId === projectFilter : allTenants || s.projectId === token.projectId || s.isPublic,
    );
    for (const [k, f] of [
      ["name", (s: Share, x: string) => s.name === x],
      ["status", (s: Share, x: string) => s.status === x],
      ["share_proto", (s: Share, x: string) => s.proto === x.toUpperCase()],
    ] as const) {
      const want = q.get(k);
      if (want !== null) shares = shares.filter((s) => f(s, want));
    }
    shares.sort((a, b) => +b.createdAt - +a.createdAt);
    const base = shareBase(req);
    return {
      status: 200,
      body: {
        shares: shares.map((s) => (detail ? views.shareDetail(base, s, v, actor) : views.shareSummary(base, s))),
      },
    };
  };
  r.on("GET", "/v2/shares", (req) => listShares(req, false));
  r.on("GET", "/v2/shares/detail", (req) => listShares(req, true));
  r.on("POST", "/v2/shares", (req) => {
    const { v, token, actor } = call(req);
    if (!isMember(token)) throw err(403, "Policy doesn't allow share:create to be performed.");
    const b = requireObject(req.body, "share", err);
    const protoRaw = b.share_proto;
    if (typeof protoRaw !== "string" || !(KNOWN_PROTOCOLS as readonly string[]).includes(protoRaw.toUpperCase())) {
      throw err(
        400,
        `Invalid share protocol provided: ${String(protoRaw)}. Expected one of ${KNOWN_PROTOCOLS.join(", ")}.`,
      );
    }
    const size = b.size;
    const sizeNum = typeof size === "string" && /^\d+$/.test(size) ? Number(size) : size;
    if (typeof sizeNum !== "number" || !Number.isInteger(sizeNum) || sizeNum <= 0) {
      throw err(400, `Share size '${String(size)}' must be an integer and greater than 0.`);
    }
    const type =
      optString(b, "share_type", err, { nullable: true }) ?? optString(b, "volume_type", err, { nullable: true });
    if (type !== undefined && type !== DEFAULT_SHARE_TYPE.name && type !== DEFAULT_SHARE_TYPE.id) {
      throw err(404, `Share type ${type} could not be found.`);
    }
    const md = b.metadata;
    if (md !== undefined && md !== null && !(isObj(md) && Object.values(md).every((x) => typeof x === "string"))) {
      throw err(400, "Invalid metadata: expected an object of string values.");
    }
    const share = store.createShare({
      name: optString(b, "name", err, { nullable: true, max: 255 }) ?? null,
      description: optString(b, "description", err, { nullable: true, max: 255 }) ?? null,
      projectId: token.projectId,
      userId: token.userId,
      size: sizeNum,
      proto: protoRaw.toUpperCase(),
      shareTypeId: DEFAULT_SHARE_TYPE.id,
      metadata: (md as Record<string, string> | null | undefined) ?? {},
      isPublic: optBool(b, "is_public", err) ?? false,
    });
    // Manila answers 200 (not 202) to a share create.
    return { status: 200, body: { share: views.shareDetail(shareBase(req), share, v, actor) } };
  });
  r.on("GET", "/v2/shares/:id", (req) => {
    const { v, token, actor } = call(req);
    return {
      status: 200,
      body: { share: views.shareDetail(shareBase(req), visibleShare(req.params.id!, token), v, actor) },
    };
  });
  r.on("DELETE", "/v2/shares/:id", (req) => {
    const { token } = call(req);
    const s = ownShare(req.params.id!, token, "delete");
    wrap(() => store.deleteShare(s.id, { force: false }));
    return { status: 202 };
  });

  // --- export locations (2.9+) ---
  r.on("GET", "/v2/shares/:id/export_locations", (req) => {
    const { token, actor } = call(req, [2, 9]);
    const s = visibleShare(req.params.id!, token);
    const els = store.hasExport(s) ? [views.exportLocation(s, actor, false)] : [];
    return { status: 200, body: { export_locations: els } };
  });
  r.on("GET", "/v2/shares/:id/export_locations/:el", (req) => {
    const { token, actor } = call(req, [2, 9]);
    const s = visibleShare(req.params.id!, token);
    if (!store.hasExport(s) || s.exportLocationId !== req.params.el) {
      throw err(404, `Export location ${req.params.el} could not be found.`);
    }
    return { status: 200, body: { export_location: views.exportLocation(s, actor, true) } };
  });

  // --- share actions ---
  r.on("POST", "/v2/shares/:id/action", (req) => {
    const { v, token, actor } = call(req);
    if (!isObj(req.body) || Object.keys(req.body).length !== 1) {
      throw err(400, 'Expected a JSON object with exactly one action key, e.g. {"allow_access": {...}}.');
    }
    const [action, payload] = Object.entries(req.body)[0]!;
    const legacy = action.startsWith("os-");
    if (legacy ? atLeast(v, 2, 7) : !atLeast(v, 2, 7)) {
      throw err(400, `Action '${action}' is not available at microversion ${vstr(v)}.`);
    }
    const name = action.replace(/^os-/, "");
    if (name === "allow_access") return allowAccess(req, v, token, actor, payload);
    if (name === "deny_access") return denyAccess(req, v, token, actor, payload);
    if (name === "access_list") {
      if (atLeast(v, 2, 45)) throw err(404, NOT_FOUND_ROUTE);
      const s = visibleShare(req.params.id!, token);
      return { status: 200, body: { access_list: store.rulesOf(s.id).map((x) => views.rule(x, v, actor, false)) } };
    }
    if (name === "reset_status" || name === "force_delete") {
      const s = visibleShare(req.params.id!, token);
      if (!token.isAdmin) throw err(403, `Policy doesn't allow share:${name} to be performed.`);
      if (name === "force_delete") {
        wrap(() => store.deleteShare(s.id, { force: true }));
        return { status: 202 };
      }
      const status = isObj(payload) ? payload.status : undefined;
      const allowed = ["available", "error", "creating", "deleting", "error_deleting", "inactive"];
      if (typeof status !== "string" || !allowed.includes(status)) {
        throw err(400, `Invalid 'status' for reset_status: expected one of ${allowed.join(", ")}.`);
      }
      store.setStatus(s.id, status);
      return { status: 202 };
    }
    throw err(400, `There is no such action: ${action}`);
  });
  // --- share types ---
  r.on("GET", "/v2/types", (req) => {
    call(req);
    const t = { id: DEFAULT_SHARE_TYPE.id, name: DEFAULT_SHARE_TYPE.name, share_type_access: { is_public: true } };
    return { status: 200, body: { share_types: [{ ...t, extra_specs: { driver_handles_share_servers: "False" } }] } };
  });
}
