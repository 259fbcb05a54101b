// Simulated Keystone (/identity, /identity/v3): password, token and application-credential authentication, the
// service catalog, and the admin APIs for projects, users, roles, role assignments and domains. Errors use
// Keystone's body {"error": {"code", "message", "title"}}.

import { randomBytes } from "node:crypto";
import type { IdentityBackend, TokenInfo } from "../contracts.js";
import { FaultError, Router, type ServiceMount, type SimRequest } from "../http/router.js";
import { authenticate, UNAUTHORIZED } from "./keystone/auth.js";
import {
  type AppCredential,
  AuthFailure,
  DEFAULT_DOMAIN_ID,
  KeystoneStore,
  type Project,
  type Role,
  type TokenRecord,
  type User,
} from "./keystone/store.js";
import { serviceMount } from "./mount.js";
import type { KeystoneAdmin, ResourceRow } from "./types.js";
import { isObj, isoZ, type Obj, onlyKeys, optBool, optString, reqString, requireObject } from "./util.js";

const TITLES: Record<number, string> = {
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
const fail = (status: number, message: string) =>
  new FaultError(status, message, {}, keystoneErrorBody(status, message));
const forbidden = (action: string) =>
  fail(403, `You are not authorized to perform the requested action: identity:${action}.`);

export function createKeystone(opts: { baseUrl: () => string; region: string }): {
  mount: ServiceMount;
  backend: IdentityBackend & KeystoneAdmin;
} {
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

  const r = new Router();
  r.on("GET", "", () => ({ status: 300, body: { versions: { values: [version(opts.baseUrl())] } } }));
  r.on("GET", "/v3", () => ({ status: 200, body: { version: version(opts.baseUrl()) } }));

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

  // --- domains ---
  const domainView = (id: string) => {
    const d = store.domains.get(id)!;
    return {
      id: d.id,
      name: d.name,
      description: d.description,
      enabled: d.enabled,
      tags: [],
      options: {},
      links: link("domains", d.id),
    };
  };
  r.on("GET", "/v3/domains", (req) => {
    admin(req, "list_domains");
    const name = req.query.get("name");
    const ds = [...store.domains.keys()].filter((id) => name === null || store.domains.get(id)!.name === name);
    return { status: 200, body: { domains: ds.map(domainView), links: collection("domains") } };
  });
  r.on("GET", "/v3/domains/:id", (req) => {
    const { info } = caller(req);
    if (!store.domains.has(req.params.id!)) throw fail(404, `Could not find domain: ${req.params.id}.`);
    if (!info.isAdmin && info.domainId !== req.params.id) throw forbidden("get_domain");
    return { status: 200, body: { domain: domainView(req.params.id!) } };
  });

  // --- projects ---
  r.on("GET", "/v3/projects", (req) => {
    admin(req, "list_projects");
    const name = req.query.get("name");
    const dom = req.query.get("domain_id");
    const ps = [...store.projects.values()].filter(
      (p) => (name === null || p.name === name) && (dom === null || p.domainId === dom),
    );
    return { status: 200, body: { projects: ps.map(projectView), links: collection("projects") } };
  });
  r.on("POST", "/v3/projects", (req) => {
    admin(req, "create_project");
    const p = requireObject(req.body, "project", fail);
    onlyKeys(
      p,
      ["name", "domain_id", "description", "enabled", "parent_id", "is_domain", "tags", "options"],
      "project",
      fail,
    );
    const name = reqString(p, "name", fail, { max: 64 });
    const domainId = domainIdFrom(p);
    if (store.projectByName(name, domainId)) {
      throw fail(
        409,
        `Conflict occurred attempting to store project - it is not permitted to have two projects with the same name in the same domain : ${name}.`,
      );
    }
    const tags = p.tags;
    if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === "string"))) {
      throw fail(400, "Invalid input for field 'tags': expected a list of strings.");
    }
    const project = store.createProject({
      name,
      domainId,
      description: optString(p, "description", fail, { nullable: true }) ?? "",
      enabled: optBool(p, "enabled", fail) ?? true,
      tags: tags as string[] | undefined,
    });
    return { status: 201, body: { project: projectView(project) } };
  });
  r.on("GET", "/v3/projects/:id", (req) => {
    const { info } = caller(req);
    if (!info.isAdmin && info.projectId !== req.params.id) throw forbidden("get_project");
    return { status: 200, body: { project: projectView(getProject(req.params.id!)) } };
  });
  r.on("DELETE", "/v3/projects/:id", (req) => {
    admin(req, "delete_project");
    store.deleteProject(getProject(req.params.id!).id);
    return { status: 204 };
  });

  // --- users ---
  r.on("GET", "/v3/users", (req) => {
    admin(req, "list_users");
    const name = req.query.get("name");
    const dom = req.query.get("domain_id");
    const us = [...store.users.values()].filter(
      (u) => (name === null || u.name === name) && (dom === null || u.domainId === dom),
    );
    return { status: 200, body: { users: us.map(userView), links: collection("users") } };
  });
  r.on("POST", "/v3/users", (req) => {
    admin(req, "create_user");
    const u = requireObject(req.body, "user", fail);
    onlyKeys(
      u,
      ["name", "password", "domain_id", "default_project_id", "enabled", "description", "email", "options"],
      "user",
      fail,
    );
    const name = reqString(u, "name", fail, { max: 255 });
    const domainId = domainIdFrom(u);
    if (store.userByName(name, domainId)) {
      throw fail(
        409,
        `Conflict occurred attempting to store user - Duplicate entry found with name ${name} at domain ID ${domainId}.`,
      );
    }
    const defaultProjectId = optString(u, "default_project_id", fail, { nullable: true });
    if (defaultProjectId !== undefined) getProject(defaultProjectId);
    const user = store.createUser({
      name,
      domainId,
      password: optString(u, "password", fail, { nullable: true }),
      enabled: optBool(u, "enabled", fail) ?? true,
      description: optString(u, "description", fail, { nullable: true }) ?? "",
      email: optString(u, "email", fail, { nullable: true }),
      defaultProjectId,
    });
    return { status: 201, body: { user: userView(user) } };
  });
  r.on("GET", "/v3/users/:id", (req) => {
    const { info } = caller(req);
    if (!info.isAdmin && info.userId !== req.params.id) throw forbidden("get_user");
    return { status: 200, body: { user: userView(getUser(req.params.id!)) } };
  });
  r.on("DELETE", "/v3/users/:id", (req) => {
    admin(req, "delete_user");
    store.deleteUser(getUser(req.params.id!).id);
    return { status: 204 };
  });
  r.on("GET", "/v3/users/:id/projects", (req) => {
    const { info } = caller(req);
    if (!info.isAdmin && info.userId !== req.params.id) throw forbidden("list_user_projects");
    const user = getUser(req.params.id!);
    const ps = [...store.projects.values()].filter((p) => store.directRoleIds("project", p.id, user.id).length > 0);
    return { status: 200, body: { projects: ps.map(projectView), links: collection(`users/${user.id}/projects`) } };
  });

  // --- application credentials ---
  const selfOnly = (req: SimRequest, action: string) => {
    const c = caller(req);
    if (c.info.userId !== req.params.id && !(c.info.isAdmin && action !== "create_application_credential")) {
      throw forbidden(action);
    }
    return c;
  };
  r.on("POST", "/v3/users/:id/application_credentials", (req) => {
    const { info, rec } = selfOnly(req, "create_application_credential");
    if (rec.scope.kind !== "project") throw fail(401, "Application credentials require a project-scoped token.");
    if (rec.appCredId && !store.appCreds.get(rec.appCredId)?.unrestricted) {
      throw fail(
        403,
        "Using method 'application_credential' is not allowed for managing additional application credentials.",
      );
    }
    const c = requireObject(req.body, "application_credential", fail);
    onlyKeys(
      c,
      ["name", "description", "secret", "expires_at", "roles", "unrestricted", "access_rules"],
      "application_credential",
      fail,
    );
    const name = reqString(c, "name", fail, { max: 255 });
    if ([...store.appCreds.values()].some((x) => x.userId === info.userId && x.name === name)) {
      throw fail(
        409,
        `Conflict occurred attempting to store application_credential - Duplicate entry found with name ${name}.`,
      );
    }
    const own = store.directRoleIds("project", info.projectId, info.userId);
    let roleIds = own;
    if (c.roles !== undefined) {
      if (!Array.isArray(c.roles))
        throw fail(400, "Invalid input for field 'roles': expected a list of {id} or {name}.");
      roleIds = c.roles.map((x: unknown) => {
        const role = isObj(x)
          ? typeof x.id === "string"
            ? store.roles.get(x.id)
            : typeof x.name === "string"
              ? store.roleByName(x.name)
              : undefined
          : undefined;
        if (!role || !own.includes(role.id))
          throw fail(
            403,
            "Cannot grant a role to an application credential that the user does not have on the project.",
          );
        return role.id;
      });
    }
    let expiresAt: Date | null = null;
    const exp = optString(c, "expires_at", fail, { nullable: true });
    if (exp !== undefined) {
      expiresAt = new Date(exp);
      if (Number.isNaN(expiresAt.getTime()))
        throw fail(400, "Invalid input for field 'expires_at': expected an ISO 8601 time.");
    }
    const secret = optString(c, "secret", fail, { nullable: true }) ?? randomBytes(48).toString("base64url");
    const cred = store.createAppCredential({
      name,
      description: optString(c, "description", fail, { nullable: true }) ?? "",
      userId: info.userId,
      projectId: info.projectId,
      roleIds,
      expiresAt,
      unrestricted: optBool(c, "unrestricted", fail) ?? false,
      secret,
    });
    // The secret is returned exactly once, in this response, as Keystone does; it is stored only hashed.
    return { status: 201, body: { application_credential: { ...appCredView(cred), secret } } };
  });
  r.on("GET", "/v3/users/:id/application_credentials", (req) => {
    selfOnly(req, "list_application_credentials");
    const cs = [...store.appCreds.values()].filter((c) => c.userId === req.params.id);
    return {
      status: 200,
      body: { application_credentials: cs.map(appCredView), links: collection("application_credentials") },
    };
  });
  const getCred = (req: SimRequest) => {
    const c = store.appCreds.get(req.params.cid!);
    if (!c || c.userId !== req.params.id) throw fail(404, `Could not find Application Credential: ${req.params.cid}.`);
    return c;
  };
  r.on("GET", "/v3/users/:id/application_credentials/:cid", (req) => {
    selfOnly(req, "get_application_credential");
    return { status: 200, body: { application_credential: appCredView(getCred(req)) } };
  });
  r.on("DELETE", "/v3/users/:id/application_credentials/:cid", (req) => {
    selfOnly(req, "delete_application_credential");
    store.appCreds.delete(getCred(req).id);
    return { status: 204 };
  });

  // --- roles and assignments ---
  r.on("GET", "/v3/roles", (req) => {
    admin(req, "list_roles");
    const name = req.query.get("name");
    const rs = [...store.roles.values()].filter((x) => name === null || x.name === name);
    return { status: 200, body: { roles: rs.map(roleView), links: collection("roles") } };
  });
  r.on("GET", "/v3/roles/:id", (req) => {
    admin(req, "get_role");
    return { status: 200, body: { role: roleView(getRole(req.params.id!)) } };
  });
  const assignment = (target: "project" | "domain") => {
    const path = `/v3/${target}s/:tid/users/:uid/roles/:rid`;
    const check = (req: SimRequest, action: string) => {
      admin(req, action);
      if (target === "project") getProject(req.params.tid!);
      else if (!store.domains.has(req.params.tid!)) throw fail(404, `Could not find domain: ${req.params.tid}.`);
      return { user: getUser(req.params.uid!), role: getRole(req.params.rid!) };
    };
    r.on("PUT", path, (req) => {
      const { user, role } = check(req, "create_grant");
      store.grant(target, req.params.tid!, user.id, role.id);
      return { status: 204 };
    });
    r.on("HEAD", path, (req) => {
      const { user, role } = check(req, "check_grant");
      if (!store.directRoleIds(target, req.params.tid!, user.id).includes(role.id))
        throw fail(404, "Could not find role assignment.");
      return { status: 204 };
    });
    r.on("DELETE", path, (req) => {
      const { user, role } = check(req, "revoke_grant");
      if (!store.revoke(target, req.params.tid!, user.id, role.id)) {
        throw fail(
          404,
          `Could not find role assignment with role: ${role.id}, user or group: ${user.id}, ${target}, domain, or system: ${req.params.tid}.`,
        );
      }
      return { status: 204 };
    });
    r.on("GET", `/v3/${target}s/:tid/users/:uid/roles`, (req) => {
      admin(req, "list_grants");
      const ids = store.directRoleIds(target, req.params.tid!, getUser(req.params.uid!).id);
      return {
        status: 200,
        body: { roles: ids.map((id) => roleView(store.roles.get(id)!)), links: collection("roles") },
      };
    });
  };
  assignment("project");
  assignment("domain");
  r.on("GET", "/v3/role_assignments", (req) => {
    const { info } = caller(req);
    const userId = req.query.get("user.id");
    if (!info.isAdmin && userId !== info.userId) throw forbidden("list_role_assignments");
    const projectId = req.query.get("scope.project.id");
    const domainId = req.query.get("scope.domain.id");
    const roleId = req.query.get("role.id");
    const effective = req.query.has("effective");
    const rows: Obj[] = [];
    for (const a of store.assignments) {
      const [scope, uid, rid] = a.split("|") as [string, string, string];
      const [kind, tid] = scope.split(":") as ["project" | "domain", string];
      if ((userId !== null && uid !== userId) || (projectId !== null && (kind !== "project" || tid !== projectId)))
        continue;
      if (domainId !== null && (kind !== "domain" || tid !== domainId)) continue;
      const roles = effective ? store.effectiveRoles([rid]) : [store.roles.get(rid)!];
      for (const role of roles) {
        if (roleId !== null && role.id !== roleId) continue;
        rows.push({
          role: { id: role.id, name: role.name },
          user: { id: uid },
          scope: { [kind]: { id: tid } },
          links: { assignment: `${v3()}/${kind}s/${tid}/users/${uid}/roles/${role.id}` },
        });
      }
    }
    return { status: 200, body: { role_assignments: rows, links: collection("role_assignments") } };
  });

  const backend: IdentityBackend & KeystoneAdmin = {
    validate: (token) => store.validate(token),
    projectExists: (id) => store.projectExists(id),
    seedUser(u) {
      const project =
        store.projectByName(u.project, DEFAULT_DOMAIN_ID) ??
        store.createProject({ name: u.project, domainId: DEFAULT_DOMAIN_ID });
      let user = store.userByName(u.name, DEFAULT_DOMAIN_ID);
      if (user) store.setPassword(user, u.password);
      else
        user = store.createUser({
          name: u.name,
          domainId: DEFAULT_DOMAIN_ID,
          password: u.password,
          enabled: true,
          description: "",
        });
      user.defaultProjectId = project.id;
      for (const name of u.roles) {
        const role = store.roleByName(name);
        if (!role)
          throw new Error(
            `seedUser(${u.name}): unknown role '${name}'; known: ${[...store.roles.values()].map((x) => x.name).join(", ")}`,
          );
        store.grant("project", project.id, user.id, role.id);
        if (name === "admin") store.grant("domain", DEFAULT_DOMAIN_ID, user.id, role.id);
      }
    },
    listResources(): { projects: ResourceRow[]; users: ResourceRow[] } {
      return {
        projects: [...store.projects.values()].map((p) => ({
          id: p.id,
          name: p.name,
          project_id: p.id,
          domain_id: p.domainId,
        })),
        users: [...store.users.values()].map((u) => ({
          id: u.id,
          name: u.name,
          domain_id: u.domainId,
          project_id: u.defaultProjectId,
        })),
      };
    },
  };

  return { mount: serviceMount("/identity", r, keystoneErrorBody), backend };
}
