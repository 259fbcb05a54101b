import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { NotFoundError } from "../../../lib/clients/errors.js";
import { AccountsFileProvider } from "../../../lib/common/accounts-file.js";
import { type Creds, credsLabel } from "../../../lib/common/credentials.js";
import { DynamicCredentialProvider, type IdentityAdmin } from "../../../lib/common/dynamic-credentials.js";
import { CredentialsError } from "../../../lib/common/errors.js";
import { CleanupRegistry } from "../../../lib/common/signal-cleanup.js";

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`rejected with a non-Error: ${String(e)}`);
  }
  throw new Error("expected the promise to reject, it resolved");
}

const ADMIN: Creds = {
  username: "admin",
  password: "admin-secret",
  projectName: "admin",
  userDomainName: "Default",
  projectDomainName: "Default",
};

describe("AccountsFileProvider", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "vftest-accounts-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function file(text: string): string {
    const p = join(dir, "accounts.yaml");
    writeFileSync(p, text);
    return p;
  }

  const YAML = `
- username: admin_user
  password: pw-admin-1
  project_name: admin
  types: [admin]
- username: user_1
  password: pw-user-1
  tenant_name: project_1
- username: user_2
  password: pw-user-2
  project_name: project_2
  domain_name: Corp
  project_domain_name: CorpProjects
  roles: [member, reader]
`;

  it("hands worker N the N-th member account and the admin account", async () => {
    const p0 = AccountsFileProvider.fromFile(file(YAML), { workerIndex: 0 });
    expect(await p0.member()).to.deep.equal({
      username: "user_1",
      password: "pw-user-1",
      projectName: "project_1",
      projectId: undefined,
      userDomainName: "Default",
      projectDomainName: "Default",
    });
    const p1 = AccountsFileProvider.fromFile(file(YAML), { workerIndex: 1 });
    const m1 = await p1.member();
    expect([m1.username, m1.userDomainName, m1.projectDomainName]).to.deep.equal(["user_2", "Corp", "CorpProjects"]);
    expect((await p1.admin()).username).to.equal("admin_user");
    await p1.release();
    expect(credsLabel(m1)).to.equal("user_2@Corp / project project_2@CorpProjects");
  });

  it("says how many accounts are needed when workers outnumber them", async () => {
    const p = AccountsFileProvider.fromFile(file(YAML), { workerIndex: 3 });
    const e = await rejection(p.member());
    expect(e).to.be.instanceOf(CredentialsError);
    expect(e.message).to.match(/has 2 member account\(s\) but worker 3 needs at least 4 \(one per worker\)/);
  });

  it("falls back to configured admin credentials, or explains what is missing", async () => {
    const noAdmin = "- {username: u, password: p, project_name: x}\n";
    expect(
      (await AccountsFileProvider.fromFile(file(noAdmin), { workerIndex: 0, admin: ADMIN }).admin()).username,
    ).to.equal("admin");
    const e = await rejection(AccountsFileProvider.fromFile(file(noAdmin), { workerIndex: 0 }).admin());
    expect(e.message).to.include("has no admin account");
  });

  it("rejects malformed files naming the entry, never the password", () => {
    const p = file("- username: u1\n  password: hunter2-secret\n");
    expect(() => AccountsFileProvider.fromFile(p, { workerIndex: 0 })).to.throw(
      CredentialsError,
      /entry 1 \(u1\): missing project_name/,
    );
    const bad = file("- username: u1\n  password: 'hunter2-secret\n  project_name: x\n");
    let msg = "";
    try {
      AccountsFileProvider.fromFile(bad, { workerIndex: 0 });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).to.include("is not valid YAML").and.not.include("hunter2");
    expect(() => AccountsFileProvider.fromFile(join(dir, "none.yaml"), { workerIndex: 0 })).to.throw(
      /cannot be read \(ENOENT\)/,
    );
    expect(() => AccountsFileProvider.fromFile(file("a: 1\n"), { workerIndex: 0 })).to.throw(/expected a YAML list/);
  });
});

/** An in-memory Keystone admin recording every call. */
class FakeIdentity implements IdentityAdmin {
  calls: string[] = [];
  projects = new Map<string, string>();
  users = new Map<string, { name: string; password?: string }>();
  assignments: string[] = [];
  roles = [
    { id: "r-admin", name: "admin" },
    { id: "r-member", name: "member" },
  ];
  failOn?: string;
  private seq = 0;

  private step(name: string): void {
    this.calls.push(name);
    if (this.failOn === name) throw new Error(`keystone refused ${name}`);
  }
  async createProject(p: { name: string }) {
    this.step("createProject");
    const id = `p-${++this.seq}`;
    this.projects.set(id, p.name);
    return { id, name: p.name };
  }
  async createUser(u: { name: string; password?: string }) {
    this.step("createUser");
    const id = `u-${++this.seq}`;
    this.users.set(id, u);
    return { id, name: u.name };
  }
  async listRoles(q?: { name?: string }) {
    this.step("listRoles");
    return this.roles.filter((r) => !q?.name || r.name === q.name);
  }
  async assignProjectRole(projectId: string, userId: string, roleId: string) {
    this.step("assignProjectRole");
    this.assignments.push(`${projectId}/${userId}/${roleId}`);
  }
  async deleteUser(id: string) {
    this.step("deleteUser");
    if (!this.users.delete(id))
      throw new NotFoundError({ method: "DELETE", url: `/users/${id}`, status: 404, cloudMessage: "nope" });
  }
  async deleteProject(id: string) {
    this.step("deleteProject");
    this.projects.delete(id);
  }
}

describe("DynamicCredentialProvider", () => {
  let identity: FakeIdentity;
  let logs: string[];
  beforeEach(() => {
    identity = new FakeIdentity();
    logs = [];
  });
  const provider = (extra: { registry?: CleanupRegistry; memberRole?: string } = {}) =>
    new DynamicCredentialProvider({
      identity,
      admin: ADMIN,
      runId: "ab12cd",
      workerIndex: 2,
      log: (l) => logs.push(l),
      ...extra,
    });

  it("creates a project and member user per worker, once, and deletes them on release", async () => {
    const registry = new CleanupRegistry();
    const p = provider({ registry });
    const [a, b] = await Promise.all([p.member(), p.member()]);
    expect(a).to.equal(b);
    expect(a.username).to.equal("vftest-ab12cd-w2");
    expect(a.projectName).to.equal("vftest-ab12cd-w2");
    expect(a.projectId).to.equal("p-1");
    expect(a.password).to.have.length.greaterThan(20);
    expect(identity.users.get("u-2")?.password).to.equal(a.password);
    expect(identity.assignments).to.deep.equal(["p-1/u-2/r-member"]);
    expect(registry.list()).to.have.length(1);
    expect(await p.admin()).to.equal(ADMIN);
    await p.release();
    expect(identity.projects.size + identity.users.size).to.equal(0);
    expect(identity.calls.slice(-2)).to.deep.equal(["deleteUser", "deleteProject"]);
    expect(registry.list()).to.have.length(0);
    await p.release();
    expect(logs.join("\n")).to.not.include(a.password);
  });

  it("removes what it created when a later step fails, and says which step", async () => {
    identity.failOn = "assignProjectRole";
    const e = await rejection(provider().member());
    expect(e).to.be.instanceOf(CredentialsError);
    expect(e.message).to.include(
      'assign role "member" to vftest-ab12cd-w2 on its project failed: keystone refused assignProjectRole',
    );
    expect(e.message).to.include("what was created has been deleted");
    expect(identity.projects.size + identity.users.size).to.equal(0);
  });

  it("names the available roles when the member role is missing", async () => {
    const e = await rejection(provider({ memberRole: "_member_" }).member());
    expect(e.message).to.include('role "_member_" does not exist in Keystone (roles: admin, member)');
    expect(identity.projects.size).to.equal(0);
  });
});
