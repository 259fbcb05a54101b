// Keystone's shared request helpers and views: the store, links, the JSON views, the catalog, the token body, caller and
// admin checks, and Keystone's error body {"error": {code, message, title}}. Every resource's routes use them.

import type { TokenInfo } from "../../contracts.js";
import { type Obj, optString } from "../../http/body.js";
import { FaultError, type SimRequest } from "../../http/router.js";
import { isoZ } from "../util.js";
import { UNAUTHORIZED } from "./auth.js";
import {
  type AppCredential,
  DEFAULT_DOMAIN_ID,
  KeystoneStore,
  type Project,
  type Role,
  type TokenRecord,
  type User,
} from "./store.js";

export const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Request Entity Too Large",
  500: "Internal Server Error",
};
export const keystoneErrorBody = (code: number, message: string) => ({
  error: { code, message, title: TITLES[code] ?? "Error" },
});
export const fail = (status: number, message: string) =>
  new FaultError(status, message, {}, keystoneErrorBody(status, message));
export const forbidden = (action: string) =>
  fail(403, `You are not authorized to perform the requested action: identity:${action}.`);

export function keystoneContext(opts: { baseUrl: () => string; region: string }) {
  const store = new KeystoneStore();
  const v3 = () => `${opts.baseUrl()}/identity/v3`;
  const link = (kind: string, id: string) => ({ self: `${v3()}/${kind}/${id}` });
  const collection = (kind: string) => ({ self: `${v3()}/${kind}`, previous: null, next: null });

  // --- views ---
  const projectView = (p: Project) => ({
    id: p.id,
    name: p.name,
    domain_id: p.domainId,
    description: p.description,
    enabled: p.enabled,
    parent_id: p.domainId,
    is_domain: false,
    tags: p.tags,
    options: {},
    links: link("projects", p.id),
  });
  const userView = (u: User) => ({
    id: u.id,
    name: u.name,
    domain_id: u.domainId,
    enabled: u.enabled,
    description: u.description,
    ...(u.email ? { email: u.email } : {}),
    ...(u.defaultProjectId ? { default_project_id: u.defaultProjectId } : {}),
    password_expires_at: null,
    options: {},
    links: link("users", u.id),
  });
  const roleView = (r: Role) => ({
    id: r.id,
    name: r.name,
    domain_id: null,
    description: null,
    options: {},
    links: link("roles", r.id),
  });
  const appCredView = (c: AppCredential) => ({
    id: c.id,
    name: c.name,
    description: c.description,
    user_id: c.userId,
    project_id: c.projectId,
    roles: c.roleIds
      .map((id) => store.roles.get(id))
      .filter((r): r is Role => !!r)
      .map((r) => ({ id: r.id, name: r.name, domain_id: null })),
    expires_at: c.expiresAt ? isoZ(c.expiresAt) : null,
    unrestricted: c.unrestricted,
    access_rules: [],
    links: link(`users/${c.userId}/application_credentials`, c.id),
  });

  const catalog = () => {
    const base = opts.baseUrl();
    const services: [string, string, string][] = [
      ["identity", "keystone", `${base}/identity`],
      ["compute", "nova", `${base}/compute/v2.1`],
      ["sharev2", "manilav2", `${base}/share/v2`],
      ["shared-file-system", "manila", `${base}/share/v2`],
      ["image", "glance", `${base}/image`],
      ["network", "neutron", `${base}/networking`],
      ["placement", "placement", `${base}/placement`],
    ];
    return services.map(([type, name, url], i) => ({
      id: `${(i + 1).toString(16).padStart(32, "0")}`,
      type,
      name,
      endpoints: ["public", "internal", "admin"].map((iface, j) => ({
        id: `${(i + 1).toString(16).padStart(2, "0")}${j}`.padEnd(32, "e"),
        interface: iface,
        region: opts.region,
        region_id: opts.region,
        url,
      })),
    }));
  };

  const tokenBody = (rec: TokenRecord, roles: Role[]) => {
    const user = store.users.get(rec.userId)!;
    const dom = store.domains.get(user.domainId)!;
    const token: Obj = {
      methods: rec.methods,
      user: { id: user.id, name: user.name, domain: { id: dom.id, name: dom.name }, password_expires_at: null },
      audit_ids: [rec.auditId],
      expires_at: rec.expiresAt.toISOString().replace("Z", "000Z"),
      issued_at: rec.issuedAt.toISOString().replace("Z", "000Z"),
    };
    if (rec.scope.kind === "project") {
      const p = store.projects.get(rec.scope.projectId)!;
      const pd = store.domains.get(p.domainId)!;
      token.project = { id: p.id, name: p.name, domain: { id: pd.id, name: pd.name } };
      token.is_domain = false;
    } else if (rec.scope.kind === "domain") {
      const d = store.domains.get(rec.scope.domainId)!;
      token.domain = { id: d.id, name: d.name };
    }
    if (rec.scope.kind !== "unscoped") {
      token.roles = roles.map((r) => ({ id: r.id, name: r.name }));
      token.catalog = catalog();
    }
    if (rec.appCredId) {
      const c = store.appCreds.get(rec.appCredId)!;
      token.application_credential = { id: c.id, name: c.name, restricted: !c.unrestricted };
    }
    return { token };
  };

  // --- request helpers ---
  const caller = (req: SimRequest): { info: TokenInfo; rec: TokenRecord } => {
    const header = req.headers["x-auth-token"];
    const token = typeof header === "string" ? header : req.auth?.token;
    const live = token ? store.record(token) : undefined;
    const info = token ? store.validate(token) : undefined;
    if (!live || !info) throw fail(401, UNAUTHORIZED);
    return { info, rec: live.rec };
  };
  const admin = (req: SimRequest, action: string): TokenInfo => {
    const { info } = caller(req);
    if (!info.isAdmin) throw forbidden(action);
    return info;
  };
  const getProject = (id: string) => {
    const p = store.projects.get(id);
    if (!p) throw fail(404, `Could not find project: ${id}.`);
    return p;
  };
  const getUser = (id: string) => {
    const u = store.users.get(id);
    if (!u) throw fail(404, `Could not find user: ${id}.`);
    return u;
  };
  const getRole = (id: string) => {
    const r = store.roles.get(id);
    if (!r) throw fail(404, `Could not find role: ${id}.`);
    return r;
  };
  const domainIdFrom = (o: Obj) => {
    const d = optString(o, "domain_id", fail) ?? DEFAULT_DOMAIN_ID;
    if (!store.domains.has(d)) throw fail(404, `Could not find domain: ${d}.`);
    return d;
  };

  const version = (base: string) => ({
    id: "v3.14",
    status: "stable",
    updated: "2020-04-07T00:00:00Z",
    links: [{ rel: "self", href: `${base}/identity/v3/` }],
    "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }],
  });
  return {
    store,
    v3,
    link,
    collection,
    projectView,
    userView,
    roleView,
    appCredView,
    catalog,
    tokenBody,
    caller,
    admin,
    getProject,
    getUser,
    getRole,
    domainIdFrom,
    version,
  };
}
export type KeystoneContext = ReturnType<typeof keystoneContext>;
