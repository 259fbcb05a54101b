// Keystone /v3/roles, role grants on projects and domains, and /v3/role_assignments.

import type { Obj } from "../../http/body.js";
import type { Router, SimRequest } from "../../http/router.js";
import type { KeystoneContext } from "./context.js";
import { fail, forbidden } from "./context.js";

export function roleRoutes(r: Router, ctx: KeystoneContext): void {
  const { store, v3, collection, roleView, caller, admin, getProject, getUser, getRole } = ctx;
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
}
