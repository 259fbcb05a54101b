// Simulated Keystone (/identity, /identity/v3): password, token and application-credential authentication, the
// service catalog, and the admin APIs for projects, users, roles, role assignments and domains. Errors use
// Keystone's body {"error": {"code", "message", "title"}}.

import type { IdentityBackend } from "../contracts.js";
import { Router, type ServiceMount } from "../http/router.js";
import { serviceMount } from "../http/service.js";
import { appCredentialRoutes } from "./keystone/app-credentials.js";
import { keystoneContext, keystoneErrorBody } from "./keystone/context.js";
import { domainRoutes } from "./keystone/domains.js";
import { projectRoutes } from "./keystone/projects.js";
import { roleRoutes } from "./keystone/roles.js";
import { DEFAULT_DOMAIN_ID } from "./keystone/store.js";
import { tokenRoutes } from "./keystone/tokens.js";
import { userRoutes } from "./keystone/users.js";
import type { KeystoneAdmin, ResourceRow } from "./types.js";

export function createKeystone(opts: { baseUrl: () => string; region: string }): {
  mount: ServiceMount;
  backend: IdentityBackend & KeystoneAdmin;
} {
  const ctx = keystoneContext(opts);
  const { store, version } = ctx;

  const r = new Router();
  r.on("GET", "", () => ({ status: 300, body: { versions: { values: [version(opts.baseUrl())] } } }));
  r.on("GET", "/v3", () => ({ status: 200, body: { version: version(opts.baseUrl()) } }));

  tokenRoutes(r, ctx);

  domainRoutes(r, ctx);

  projectRoutes(r, ctx);

  userRoutes(r, ctx);

  appCredentialRoutes(r, ctx);

  roleRoutes(r, ctx);

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
