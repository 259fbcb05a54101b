// Keystone v3: enough to create and remove per-worker projects and users (dynamic credentials).
import type { TokenInfo } from "./auth.js";
import { type ActionResult, BaseClient, enc } from "./base-client.js";
import type { RestClient } from "./rest-client.js";
import type { Domain, Project, Role, RoleAssignment, User } from "./schemas/identity.js";

export type { Domain, Project, Role, RoleAssignment, User };

export interface CreateProjectRequest {
  name: string;
  domain_id?: string;
  description?: string;
  enabled?: boolean;
}

export interface CreateUserRequest {
  name: string;
  password?: string;
  domain_id?: string;
  default_project_id?: string;
  enabled?: boolean;
  description?: string;
}

export type RoleAssignmentQuery = Partial<
  Record<"user.id" | "scope.project.id" | "role.id" | "group.id" | "scope.domain.id", string>
> & { effective?: boolean; include_names?: boolean };

export class IdentityClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  /** A fresh token for this client's credentials (POST /auth/tokens). */
  issueToken(): Promise<TokenInfo> {
    return this.rest.auth.authenticate();
  }

  listProjects(query?: { name?: string; domain_id?: string }): Promise<Project[]> {
    return this.get("/projects", "projects", "identity.projects.list", query);
  }

  showProject(id: string): Promise<Project> {
    return this.get(`/projects/${enc(id)}`, "project", "identity.projects.show");
  }

  async createProject(req: CreateProjectRequest): Promise<Project> {
    const r = await this.call<{ project: Project }>("POST", "/projects", {
      body: { project: req },
      expected: [201],
      schema: { api: "identity.projects.show" },
    });
    return r.body.project;
  }

  deleteProject(id: string): Promise<ActionResult> {
    return this.remove(`/projects/${enc(id)}`);
  }

  listUsers(query?: { name?: string; domain_id?: string }): Promise<User[]> {
    return this.get("/users", "users", "identity.users.list", query);
  }

  async createUser(req: CreateUserRequest): Promise<User> {
    const r = await this.call<{ user: User }>("POST", "/users", {
      body: { user: req },
      expected: [201],
      schema: { api: "identity.users.show" },
    });
    return r.body.user;
  }

  deleteUser(id: string): Promise<ActionResult> {
    return this.remove(`/users/${enc(id)}`);
  }

  listRoles(query?: { name?: string }): Promise<Role[]> {
    return this.get("/roles", "roles", "identity.roles.list", query);
  }

  listDomains(query?: { name?: string }): Promise<Domain[]> {
    return this.get("/domains", "domains", "identity.domains.list", query);
  }

  async assignProjectRole(projectId: string, userId: string, roleId: string): Promise<ActionResult> {
    const r = await this.call("PUT", `/projects/${enc(projectId)}/users/${enc(userId)}/roles/${enc(roleId)}`, {
      expected: [204],
    });
    return { requestId: r.requestId };
  }

  listRoleAssignments(query?: RoleAssignmentQuery): Promise<RoleAssignment[]> {
    return this.get("/role_assignments", "role_assignments", "identity.role_assignments.list", query);
  }
}
