// Keystone /v3/users.

import { onlyKeys, optBool, optString, reqString, requireObject } from "../../http/body.js";
import type { Router } from "../../http/router.js";
import type { KeystoneContext } from "./context.js";
import { fail, forbidden } from "./context.js";

export function userRoutes(r: Router, ctx: KeystoneContext): void {
  const { store, collection, projectView, userView, caller, admin, getProject, getUser, domainIdFrom } = ctx;
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
}
