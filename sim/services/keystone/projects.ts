// Keystone /v3/projects.

import { onlyKeys, optBool, optString, reqString, requireObject } from "../../http/body.js";
import type { Router } from "../../http/router.js";
import type { KeystoneContext } from "./context.js";
import { fail, forbidden } from "./context.js";

export function projectRoutes(r: Router, ctx: KeystoneContext): void {
  const { store, collection, projectView, caller, admin, getProject, domainIdFrom } = ctx;
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
}
