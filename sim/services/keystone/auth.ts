// POST /v3/auth/tokens: parses the auth body (password, token, application_credential methods; project, domain or
// no scope) and resolves it against the store. Every credential failure answers the same generic 401 so that
// nothing about which part was wrong (or the secret itself) leaks to the client.

import { isObj, type Obj } from "../../http/body.js";
import type { FaultError } from "../../http/router.js";
import { AuthFailure, type KeystoneStore, type Scope, type TokenRecord, type User } from "./store.js";

export const UNAUTHORIZED = "The request you have made requires authentication.";

type Fail = (status: number, message: string) => FaultError;

function sub(o: Obj, key: string, where: string, fail: Fail): Obj {
  const v = o[key];
  if (!isObj(v))
    throw fail(
      400,
      `Expecting to find ${key} in ${where}. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.`,
    );
  return v;
}
function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

function domainOf(store: KeystoneStore, d: unknown, where: string, fail: Fail): string {
  if (!isObj(d)) throw fail(400, `Expecting to find domain in ${where}.`);
  const id = str(d, "id");
  if (id) {
    if (!store.domains.has(id)) throw new AuthFailure(`no domain ${id}`);
    return id;
  }
  const name = str(d, "name");
  if (!name) throw fail(400, `Expecting to find id or name in ${where}/domain.`);
  const dom = store.domainByName(name);
  if (!dom) throw new AuthFailure(`no domain named ${name}`);
  return dom.id;
}

function passwordUser(store: KeystoneStore, identity: Obj, fail: Fail): User {
  const pw = sub(identity, "password", "identity", fail);
  const u = sub(pw, "user", "identity/password", fail);
  const password = u.password;
  if (typeof password !== "string") throw fail(400, "Expecting to find password in identity/password/user.");
  const id = str(u, "id");
  let user: User | undefined;
  if (id) user = store.users.get(id);
  else {
    const name = str(u, "name");
    if (!name) throw fail(400, "Expecting to find id or name in identity/password/user.");
    user = store.userByName(name, domainOf(store, u.domain, "identity/password/user", fail));
  }
  if (!user) throw new AuthFailure("no such user");
  store.checkPassword(user, password);
  return user;
}

function requestedScope(store: KeystoneStore, auth: Obj, fail: Fail): Scope | undefined {
  const scope = auth.scope;
  if (scope === undefined) return undefined;
  if (scope === "unscoped") return { kind: "unscoped" };
  if (!isObj(scope)) throw fail(400, "Invalid input for field 'auth/scope': expected an object.");
  if (isObj(scope.project)) {
    const p = scope.project;
    const id = str(p, "id");
    const project = id
      ? store.projects.get(id)
      : str(p, "name")
        ? store.projectByName(str(p, "name")!, domainOf(store, p.domain, "scope/project", fail))
        : undefined;
    if (!id && !str(p, "name")) throw fail(400, "Expecting to find id or name in scope/project.");
    if (!project) throw new AuthFailure("no such project");
    return { kind: "project", projectId: project.id };
  }
  if (isObj(scope.domain)) {
    return { kind: "domain", domainId: domainOf(store, scope.domain, "scope", fail) };
  }
  if (scope.system !== undefined) throw fail(400, "System scope is not supported by this cloud.");
  throw fail(400, "Expecting to find project or domain in auth/scope.");
}

/** Authenticates `body` and issues a token; AuthFailure means 401, a FaultError means a malformed body. */
export function authenticate(store: KeystoneStore, body: unknown, fail: Fail): TokenRecord {
  if (!isObj(body)) throw fail(400, "Expecting to find auth in request body.");
  const auth = sub(body, "auth", "request body", fail);
  const identity = sub(auth, "identity", "auth", fail);
  const methods = identity.methods;
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => typeof m === "string")) {
    throw fail(400, "Expecting to find methods in auth/identity: a non-empty list of strings.");
  }
  const method = methods[0] as string;
  const scope = requestedScope(store, auth, fail);
  if (method === "password") {
    const user = passwordUser(store, identity, fail);
    return store.issueToken(user.id, scope ?? defaultScope(user), ["password"]);
  }
  if (method === "token") {
    const t = sub(identity, "token", "identity", fail);
    const id = str(t, "id");
    if (!id) throw fail(400, "Expecting to find id in identity/token.");
    const live = store.record(id);
    if (!live) throw new AuthFailure("invalid token");
    if (live.rec.appCredId) throw new AuthFailure("application credential tokens cannot be rescoped");
    return store.issueToken(live.rec.userId, scope ?? { kind: "unscoped" }, ["token", ...live.rec.methods]);
  }
  if (method === "application_credential") {
    const c = sub(identity, "application_credential", "identity", fail);
    const secret = c.secret;
    if (typeof secret !== "string") throw fail(400, "Expecting to find secret in identity/application_credential.");
    const id = str(c, "id");
    let cred = id ? store.appCreds.get(id) : undefined;
    if (!id) {
      const name = str(c, "name");
      const u = c.user;
      if (!name || !isObj(u))
        throw fail(400, "Expecting to find id, or name and user, in identity/application_credential.");
      const user = str(u, "id")
        ? store.users.get(str(u, "id")!)
        : store.userByName(str(u, "name") ?? "", domainOf(store, u.domain, "application_credential/user", fail));
      cred = [...store.appCreds.values()].find((x) => x.name === name && x.userId === user?.id);
    }
    if (!cred) throw new AuthFailure("no such application credential");
    store.checkAppCredential(cred, secret);
    if (scope) throw fail(401, UNAUTHORIZED);
    return store.issueToken(
      cred.userId,
      { kind: "project", projectId: cred.projectId },
      ["application_credential"],
      cred.id,
    );
  }
  throw fail(401, `Attempted to authenticate with an unsupported method.`);
}

function defaultScope(user: User): Scope {
  return user.defaultProjectId ? { kind: "project", projectId: user.defaultProjectId } : { kind: "unscoped" };
}
