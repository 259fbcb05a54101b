// Dynamic credentials: the admin creates, per worker, a project and a user `vftest-<run>-w<N>` with a random
// password and the member role, and deletes both in release(). Every created resource is pushed on a cleanup
// stack the moment it exists (and the stack is registered for SIGINT/SIGTERM), so a failure half-way or an
// interrupted run still removes it.

import { randomBytes } from "node:crypto";
import { CleanupStack } from "./cleanup.js";
import type { CredentialProvider, Creds } from "./credentials.js";
import { CredentialsError } from "./errors.js";
import type { LogFn } from "./log.js";
import { VFTEST_PREFIX } from "./naming.js";
import type { CleanupRegistry } from "./signal-cleanup.js";

/** What this provider needs from lib/clients' IdentityClient (Keystone v3, admin-scoped). */
export interface IdentityAdmin {
  createProject(p: { name: string; domain_id?: string; description?: string }): Promise<{ id: string; name: string }>;
  createUser(u: {
    name: string;
    password?: string;
    domain_id?: string;
    default_project_id?: string;
    description?: string;
  }): Promise<{ id: string; name: string }>;
  listRoles(query?: { name?: string }): Promise<{ id: string; name: string }[]>;
  assignProjectRole(projectId: string, userId: string, roleId: string): Promise<unknown>;
  deleteUser(id: string): Promise<unknown>;
  deleteProject(id: string): Promise<unknown>;
}

export interface DynamicCredentialOptions {
  identity: IdentityAdmin;
  /** The configured admin account, returned by admin(). */
  admin: Creds;
  runId: string;
  workerIndex: number;
  /** Keystone role given to the user. Default "member". */
  memberRole?: string;
  /** Domain for the project and user. Defaults "default" / "Default". */
  domainId?: string;
  domainName?: string;
  log?: LogFn;
  /** Register the internal cleanup stack here (normally processCleanups) for SIGINT/SIGTERM. */
  registry?: CleanupRegistry;
}

export class DynamicCredentialProvider implements CredentialProvider {
  readonly name: string;
  private readonly stack: CleanupStack;
  private created?: Promise<Creds>;
  private unregister?: () => void;

  constructor(private readonly o: DynamicCredentialOptions) {
    this.name = `${VFTEST_PREFIX}${o.runId}-w${o.workerIndex}`;
    this.stack = new CleanupStack({ name: `dynamic credentials ${this.name}`, log: o.log });
  }

  member(): Promise<Creds> {
    if (!this.created) {
      const p = this.create();
      this.created = p;
      p.catch(() => {
        if (this.created === p) this.created = undefined;
      });
    }
    return this.created;
  }

  async admin(): Promise<Creds> {
    return this.o.admin;
  }

  async release(): Promise<void> {
    this.created = undefined;
    try {
      await this.stack.runAll();
    } finally {
      this.unregister?.();
      this.unregister = undefined;
    }
  }

  private async create(): Promise<Creds> {
    const { identity, log } = this.o;
    const domainId = this.o.domainId ?? "default";
    const roleName = this.o.memberRole ?? "member";
    this.unregister ??= this.o.registry?.add(this.stack);
    let step = `create project ${this.name}`;
    try {
      const description = `vftest dynamic credentials, run ${this.o.runId}, worker ${this.o.workerIndex}`;
      const project = await identity.createProject({ name: this.name, domain_id: domainId, description });
      this.stack.defer(`delete project ${project.name} (${project.id})`, () => identity.deleteProject(project.id), {
        type: "project",
        name: project.name,
        id: project.id,
      });
      step = `create user ${this.name}`;
      const password = randomBytes(24).toString("base64url");
      const user = await identity.createUser({
        name: this.name,
        password,
        domain_id: domainId,
        default_project_id: project.id,
        description,
      });
      this.stack.defer(`delete user ${user.name} (${user.id})`, () => identity.deleteUser(user.id), {
        type: "user",
        name: user.name,
        id: user.id,
      });
      step = `find role "${roleName}"`;
      const role = await this.findRole(roleName);
      step = `assign role "${roleName}" to ${this.name} on its project`;
      await identity.assignProjectRole(project.id, user.id, role.id);
      log?.(`dynamic credentials: created project and user ${this.name} with role "${role.name}"`);
      const domainName = this.o.domainName ?? "Default";
      return {
        username: user.name,
        password,
        projectName: project.name,
        projectId: project.id,
        userDomainName: domainName,
        projectDomainName: domainName,
      };
    } catch (e) {
      const cause = e instanceof Error ? e.message : String(e);
      let cleanup = "what was created has been deleted";
      await this.stack.runAll().catch((ce: unknown) => {
        cleanup = `cleaning up also failed: ${ce instanceof Error ? ce.message : String(ce)}`;
      });
      throw new CredentialsError(
        `dynamic credentials for worker ${this.o.workerIndex}: ${step} failed: ${cause}; ${cleanup}`,
      );
    }
  }

  private async findRole(name: string): Promise<{ id: string; name: string }> {
    const wanted = name.toLowerCase();
    const match = (await this.o.identity.listRoles({ name })).find((r) => r.name.toLowerCase() === wanted);
    if (match) return match;
    const all = await this.o.identity.listRoles();
    const found = all.find((r) => r.name.toLowerCase() === wanted);
    if (found) return found;
    throw new CredentialsError(
      `role "${name}" does not exist in Keystone (roles: ${all.map((r) => r.name).join(", ") || "none"}); set identity.member_role`,
    );
  }
}
