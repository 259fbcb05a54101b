// Keystone /v3/users/{id}/application_credentials (a user manages only their own).

import { randomBytes } from "node:crypto";
import { isObj, onlyKeys, optBool, optString, reqString, requireObject } from "../../http/body.js";
import type { Router, SimRequest } from "../../http/router.js";
import type { KeystoneContext } from "./context.js";
import { fail, forbidden } from "./context.js";

export function appCredentialRoutes(r: Router, ctx: KeystoneContext): void {
  const { store, collection, appCredView, caller } = ctx;
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
}
