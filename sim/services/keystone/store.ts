// Keystone's state: domains, projects, users, roles, role assignments, application credentials and tokens.
// Passwords and application-credential secrets are kept only as salted scrypt hashes and tokens only in memory;
// none of them is ever put into an error message. Roles are recomputed on every validation (like Fernet tokens),
// so a revoked assignment or a deleted user/project invalidates the tokens built on it.

import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import type { IdentityBackend, TokenInfo } from "../../contracts.js";
import { newHexId } from "../util.js";

export const TOKEN_TTL_MS = 60 * 60 * 1000;
export const DEFAULT_DOMAIN_ID = "default";
/** Keystone's default implied roles (keystone-manage bootstrap): admin > manager > member > reader. */
const IMPLIES: Record<string, string[]> = {
  admin: ["manager", "member", "reader"],
  manager: ["member", "reader"],
  member: ["reader"],
};

export interface Domain {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
}
export interface Project {
  id: string;
  name: string;
  domainId: string;
  description: string;
  enabled: boolean;
  tags: string[];
}
export interface User {
  id: string;
  name: string;
  domainId: string;
  enabled: boolean;
  description: string;
  email?: string;
  defaultProjectId?: string;
  secret?: Hashed;
}
export interface Role {
  id: string;
  name: string;
}
export interface AppCredential {
  id: string;
  name: string;
  description: string;
  userId: string;
  projectId: string;
  roleIds: string[];
  expiresAt: Date | null;
  unrestricted: boolean;
  secret: Hashed;
}
export type Scope =
  | { kind: "project"; projectId: string }
  | { kind: "domain"; domainId: string }
  | { kind: "unscoped" };
export interface TokenRecord {
  token: string;
  userId: string;
  scope: Scope;
  methods: string[];
  issuedAt: Date;
  expiresAt: Date;
  auditId: string;
  appCredId?: string;
}
interface Hashed {
  salt: Buffer;
  hash: Buffer;
}

function hashSecret(secret: string): Hashed {
  const salt = randomBytes(16);
  return { salt, hash: scryptSync(secret, salt, 32, { N: 1024 }) };
}
function secretMatches(secret: string, h: Hashed | undefined): boolean {
  if (!h) return false;
  return timingSafeEqual(scryptSync(secret, h.salt, 32, { N: 1024 }), h.hash);
}

/** Why an authentication failed — for the server's own log only; the client always gets the generic 401. */
export class AuthFailure extends Error {}

export class KeystoneStore implements IdentityBackend {
  readonly domains = new Map<string, Domain>();
  readonly projects = new Map<string, Project>();
  readonly users = new Map<string, User>();
  readonly roles = new Map<string, Role>();
  readonly appCreds = new Map<string, AppCredential>();
  /** "project:<id>|<userId>|<roleId>" or "domain:<id>|<userId>|<roleId>". */
  readonly assignments = new Set<string>();
  private readonly tokens = new Map<string, TokenRecord>();

  constructor() {
    this.domains.set(DEFAULT_DOMAIN_ID, {
      id: DEFAULT_DOMAIN_ID,
      name: "Default",
      description: "The default domain",
      enabled: true,
    });
    for (const name of ["admin", "manager", "member", "reader", "service"])
      this.roles.set(newHexId(), { id: "", name });
    for (const [id, r] of this.roles) r.id = id;
    for (const name of ["admin", "demo", "service"]) this.createProject({ name, domainId: DEFAULT_DOMAIN_ID });
  }

  // --- lookups ---
  roleByName(name: string): Role | undefined {
    return [...this.roles.values()].find((r) => r.name === name.toLowerCase());
  }
  projectByName(name: string, domainId: string): Project | undefined {
    return [...this.projects.values()].find((p) => p.name === name && p.domainId === domainId);
  }
  userByName(name: string, domainId: string): User | undefined {
    return [...this.users.values()].find((u) => u.name === name && u.domainId === domainId);
  }
  domainByName(name: string): Domain | undefined {
    return [...this.domains.values()].find((d) => d.name === name);
  }

  // --- mutations ---
  createProject(p: {
    name: string;
    domainId: string;
    description?: string;
    enabled?: boolean;
    tags?: string[];
  }): Project {
    const project: Project = {
      id: newHexId(),
      name: p.name,
      domainId: p.domainId,
      description: p.description ?? "",
      enabled: p.enabled ?? true,
      tags: p.tags ?? [],
    };
    this.projects.set(project.id, project);
    return project;
  }
  deleteProject(id: string): void {
    this.projects.delete(id);
    for (const a of [...this.assignments]) if (a.startsWith(`project:${id}|`)) this.assignments.delete(a);
    for (const [cid, c] of this.appCreds) if (c.projectId === id) this.appCreds.delete(cid);
  }
  createUser(u: Omit<User, "id" | "secret"> & { password?: string }): User {
    const { password, ...rest } = u;
    const user: User = { ...rest, id: newHexId(), secret: password === undefined ? undefined : hashSecret(password) };
    this.users.set(user.id, user);
    return user;
  }
  setPassword(user: User, password: string): void {
    user.secret = hashSecret(password);
  }
  deleteUser(id: string): void {
    this.users.delete(id);
    for (const a of [...this.assignments]) if (a.split("|")[1] === id) this.assignments.delete(a);
    for (const [cid, c] of this.appCreds) if (c.userId === id) this.appCreds.delete(cid);
  }
  grant(target: "project" | "domain", targetId: string, userId: string, roleId: string): void {
    this.assignments.add(`${target}:${targetId}|${userId}|${roleId}`);
  }
  revoke(target: "project" | "domain", targetId: string, userId: string, roleId: string): boolean {
    return this.assignments.delete(`${target}:${targetId}|${userId}|${roleId}`);
  }
  createAppCredential(c: Omit<AppCredential, "id" | "secret"> & { secret: string }): AppCredential {
    const { secret, ...rest } = c;
    const cred: AppCredential = { ...rest, id: newHexId(), secret: hashSecret(secret) };
    this.appCreds.set(cred.id, cred);
    return cred;
  }

  /** Direct (not implied) role ids of a user on a project or domain. */
  directRoleIds(target: "project" | "domain", targetId: string, userId: string): string[] {
    const prefix = `${target}:${targetId}|${userId}|`;
    return [...this.assignments].filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length));
  }
  /** Effective role names (implied roles expanded), sorted. */
  effectiveRoles(roleIds: string[]): Role[] {
    const names = new Set<string>();
    for (const id of roleIds) {
      const r = this.roles.get(id);
      if (!r) continue;
      names.add(r.name);
      for (const n of IMPLIES[r.name] ?? []) names.add(n);
    }
    return [...names]
      .sort()
      .map((n) => this.roleByName(n))
      .filter((r): r is Role => r !== undefined);
  }

  // --- authentication ---
  checkPassword(user: User, password: string): void {
    if (!user.enabled) throw new AuthFailure(`user ${user.id} is disabled`);
    if (!secretMatches(password, user.secret)) throw new AuthFailure(`wrong password for user ${user.id}`);
  }
  checkAppCredential(cred: AppCredential, secret: string): void {
    if (!secretMatches(secret, cred.secret))
      throw new AuthFailure(`wrong secret for application credential ${cred.id}`);
    if (cred.expiresAt && cred.expiresAt.getTime() <= Date.now())
      throw new AuthFailure(`application credential ${cred.id} expired`);
  }

  issueToken(userId: string, scope: Scope, methods: string[], appCredId?: string): TokenRecord {
    const now = new Date();
    const rec: TokenRecord = {
      token: `gAAAAA${randomBytes(48).toString("base64url")}`,
      userId,
      scope,
      methods,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + TOKEN_TTL_MS),
      auditId: randomBytes(16).toString("base64url").slice(0, 22),
      appCredId,
    };
    if (this.rolesFor(rec) === undefined) throw new AuthFailure(`user ${userId} has no role on the requested scope`);
    this.tokens.set(rec.token, rec);
    return rec;
  }

  /** The token's current roles, or undefined when the token no longer grants anything (scoped, no roles left). */
  rolesFor(rec: TokenRecord): Role[] | undefined {
    const user = this.users.get(rec.userId);
    if (!user?.enabled) return undefined;
    if (rec.scope.kind === "unscoped") return [];
    if (rec.scope.kind === "domain") {
      if (!this.domains.has(rec.scope.domainId)) return undefined;
      const roles = this.effectiveRoles(this.directRoleIds("domain", rec.scope.domainId, rec.userId));
      return roles.length > 0 ? roles : undefined;
    }
    const project = this.projects.get(rec.scope.projectId);
    if (!project?.enabled) return undefined;
    let ids = this.directRoleIds("project", project.id, rec.userId);
    if (rec.appCredId) {
      const cred = this.appCreds.get(rec.appCredId);
      if (!cred) return undefined;
      ids = ids.filter((id) => cred.roleIds.includes(id));
    }
    const roles = this.effectiveRoles(ids);
    return roles.length > 0 ? roles : undefined;
  }

  /** The live record behind a token (unexpired, not revoked, still granting its scope). */
  record(token: string): { rec: TokenRecord; roles: Role[] } | undefined {
    const rec = this.tokens.get(token);
    if (!rec) return undefined;
    if (rec.expiresAt.getTime() <= Date.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    const roles = this.rolesFor(rec);
    return roles ? { rec, roles } : undefined;
  }

  revokeToken(token: string): boolean {
    return this.tokens.delete(token);
  }

  // --- IdentityBackend ---
  validate(token: string): TokenInfo | undefined {
    const live = this.record(token);
    if (!live) return undefined;
    const { rec, roles } = live;
    const user = this.users.get(rec.userId)!;
    const project = rec.scope.kind === "project" ? this.projects.get(rec.scope.projectId) : undefined;
    const names = roles.map((r) => r.name);
    return {
      token,
      userId: user.id,
      userName: user.name,
      projectId: project?.id ?? "",
      projectName: project?.name ?? "",
      domainId: project?.domainId ?? (rec.scope.kind === "domain" ? rec.scope.domainId : user.domainId),
      roles: names,
      isAdmin: names.includes("admin"),
      expiresAt: rec.expiresAt,
    };
  }

  projectExists(projectId: string): boolean {
    return this.projects.has(projectId);
  }
}
