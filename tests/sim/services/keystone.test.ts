import { expect } from "chai";
import { createKeystone } from "../../../sim/services/keystone.js";
import { call, type Json, login, serve, type TestServer } from "./helpers.js";

describe("sim keystone", () => {
  let srv: TestServer;
  let ks: ReturnType<typeof createKeystone>;
  let url = "";
  const id = `${"/identity/v3"}`;

  before(async () => {
    srv = await serve(
      () => [ks.mount],
      () => ks.backend,
    );
    url = srv.url;
    ks = createKeystone({ baseUrl: () => url, region: "RegionOne" });
    ks.backend.seedUser({
      name: "admin",
      password: "secretadmin",
      project: "admin",
      roles: ["admin", "member", "reader"],
    });
    ks.backend.seedUser({ name: "demo", password: "secretdemo", project: "demo", roles: ["member", "reader"] });
  });
  after(() => srv.close());

  it("answers version documents at /identity and /identity/v3", async () => {
    const root = await call(`${url}/identity`, "GET");
    expect(root.status, "root answers 300 Multiple Choices").to.equal(300);
    const v3 = await call(`${url}${id}`, "GET");
    expect((v3.body.version as Json).id).to.equal("v3.14");
  });

  it("issues a project-scoped token with catalog, roles and a usable project id", async () => {
    const r = await call(`${url}${id}/auth/tokens`, "POST", {
      body: {
        auth: {
          identity: {
            methods: ["password"],
            password: { user: { name: "demo", domain: { name: "Default" }, password: "secretdemo" } },
          },
          scope: { project: { name: "demo", domain: { id: "default" } } },
        },
      },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const token = r.headers.get("x-subject-token")!;
    expect(token).to.match(/^gAAAA/);
    const t = r.body.token as Json;
    expect(t.methods).to.deep.equal(["password"]);
    expect((t.project as Json).name).to.equal("demo");
    expect((t.project as Json).id).to.match(/^[0-9a-f]{32}$/);
    expect((t.roles as Json[]).map((x) => x.name).sort()).to.deep.equal(["member", "reader"]);
    expect(t).to.include.keys("expires_at", "issued_at", "audit_ids", "user", "catalog");
    const catalog = t.catalog as Json[];
    const types = catalog.map((s) => s.type);
    expect(types).to.include.members(["identity", "compute", "sharev2", "shared-file-system", "image", "network"]);
    const compute = catalog.find((s) => s.type === "compute")!;
    const eps = compute.endpoints as Json[];
    expect(eps.map((e) => e.interface).sort()).to.deep.equal(["admin", "internal", "public"]);
    expect(eps.every((e) => e.region === "RegionOne" && e.url === `${url}/compute/v2.1`)).to.equal(true);
    expect((catalog.find((s) => s.type === "sharev2")!.endpoints as Json[])[0]!.url).to.equal(`${url}/share/v2`);
    const info = ks.backend.validate(token)!;
    expect(info.projectName).to.equal("demo");
    expect(info.isAdmin).to.equal(false);
    expect(ks.backend.projectExists(info.projectId)).to.equal(true);
  });

  it("rejects wrong passwords and unknown users with the generic 401 and no secret in the body", async () => {
    for (const [name, password] of [
      ["demo", "wrong-password-xyz"],
      ["nobody", "secretdemo"],
    ]) {
      const r = await call(`${url}${id}/auth/tokens`, "POST", {
        body: {
          auth: {
            identity: { methods: ["password"], password: { user: { name, domain: { name: "Default" }, password } } },
          },
        },
      });
      expect(r.status).to.equal(401);
      expect(r.body).to.deep.equal({
        error: { code: 401, message: "The request you have made requires authentication.", title: "Unauthorized" },
      });
      expect(JSON.stringify(r.body)).not.to.include(password);
    }
  });

  it("answers 400 for malformed auth bodies and never crashes", async () => {
    const notJson = await call(`${url}${id}/auth/tokens`, "POST", { body: "not json at all" });
    expect(notJson.status).to.equal(400);
    for (const body of [
      {},
      { auth: "x" },
      { auth: { identity: { methods: [] } } },
      [],
      { auth: { identity: { methods: ["password"] } } },
    ]) {
      const r = await call(`${url}${id}/auth/tokens`, "POST", { body });
      expect(r.status, JSON.stringify(body)).to.equal(400);
      expect((r.body.error as Json).title).to.equal("Bad Request");
    }
  });

  it("validates, revokes and lists the catalog of tokens; unknown routes 404", async () => {
    const admin = await login(url, "admin", "secretadmin", "admin");
    const demo = await login(url, "demo", "secretdemo", "demo");
    const v = await call(`${url}${id}/auth/tokens`, "GET", { token: admin, headers: { "X-Subject-Token": demo } });
    expect(v.status).to.equal(200);
    expect(((v.body.token as Json).user as Json).name).to.equal("demo");
    const cat = await call(`${url}${id}/auth/catalog`, "GET", { token: demo });
    expect((cat.body.catalog as Json[]).length).to.be.greaterThan(4);
    const del = await call(`${url}${id}/auth/tokens`, "DELETE", { token: demo, headers: { "X-Subject-Token": demo } });
    expect(del.status).to.equal(204);
    expect(ks.backend.validate(demo), "a revoked token no longer validates").to.equal(undefined);
    const after = await call(`${url}${id}/auth/catalog`, "GET", { token: demo });
    expect(after.status).to.equal(401);
    const missing = await call(`${url}${id}/projects`, "GET");
    expect(missing.status).to.equal(401);
    const unknown = await call(`${url}${id}/no-such-thing`, "GET", { token: admin });
    expect(unknown.status).to.equal(404);
    expect((unknown.body.error as Json).code).to.equal(404);
  });

  it("issues domain-scoped and unscoped tokens", async () => {
    const dom = await call(`${url}${id}/auth/tokens`, "POST", {
      body: {
        auth: {
          identity: {
            methods: ["password"],
            password: { user: { name: "admin", domain: { name: "Default" }, password: "secretadmin" } },
          },
          scope: { domain: { name: "Default" } },
        },
      },
    });
    expect(dom.status).to.equal(201);
    expect(((dom.body.token as Json).domain as Json).id).to.equal("default");
    const demoUser = ks.backend.listResources().users.find((u) => u.name === "demo")!;
    const uns = await call(`${url}${id}/auth/tokens`, "POST", {
      body: {
        auth: {
          identity: { methods: ["password"], password: { user: { id: demoUser.id, password: "secretdemo" } } },
          scope: "unscoped",
        },
      },
    });
    expect(uns.status).to.equal(201);
    expect(uns.body.token as Json).not.to.have.property("catalog");
  });

  it("creates application credentials and authenticates with them (secret only shown once)", async () => {
    const demo = await login(url, "demo", "secretdemo", "demo");
    const me = ks.backend.validate(demo)!;
    const created = await call(`${url}${id}/users/${me.userId}/application_credentials`, "POST", {
      token: demo,
      body: { application_credential: { name: "vftest-ac" } },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const ac = created.body.application_credential as Json;
    expect(ac.secret).to.be.a("string");
    const show = await call(`${url}${id}/users/${me.userId}/application_credentials/${String(ac.id)}`, "GET", {
      token: demo,
    });
    expect(show.body.application_credential as Json).not.to.have.property("secret");
    const auth = (secret: string) =>
      call(`${url}${id}/auth/tokens`, "POST", {
        body: {
          auth: { identity: { methods: ["application_credential"], application_credential: { id: ac.id, secret } } },
        },
      });
    const ok = await auth(String(ac.secret));
    expect(ok.status).to.equal(201);
    const t = ok.body.token as Json;
    expect((t.project as Json).id).to.equal(me.projectId);
    expect((t.application_credential as Json).id).to.equal(ac.id);
    const bad = await auth("not-the-secret");
    expect(bad.status).to.equal(401);
    expect(JSON.stringify(bad.body)).not.to.include("not-the-secret");
    const other = await call(
      `${url}${id}/users/${ks.backend.listResources().users.find((u) => u.name === "admin")!.id}/application_credentials`,
      "POST",
      {
        token: demo,
        body: { application_credential: { name: "x" } },
      },
    );
    expect(other.status, "a user cannot create credentials for someone else").to.equal(403);
  });

  it("enforces the admin role with Keystone's 403 message", async () => {
    const demo = await login(url, "demo", "secretdemo", "demo");
    const r = await call(`${url}${id}/projects`, "POST", { token: demo, body: { project: { name: "x" } } });
    expect(r.status).to.equal(403);
    expect(r.body).to.deep.equal({
      error: {
        code: 403,
        title: "Forbidden",
        message: "You are not authorized to perform the requested action: identity:create_project.",
      },
    });
  });

  it("does project/user/role CRUD and role assignments as admin", async () => {
    const admin = await login(url, "admin", "secretadmin", "admin");
    const p = await call(`${url}${id}/projects`, "POST", {
      token: admin,
      body: { project: { name: "crud-p", description: "d" } },
    });
    expect(p.status).to.equal(201);
    const projectId = String((p.body.project as Json).id);
    const dup = await call(`${url}${id}/projects`, "POST", { token: admin, body: { project: { name: "crud-p" } } });
    expect(dup.status).to.equal(409);
    const bad = await call(`${url}${id}/projects`, "POST", { token: admin, body: { project: { name: 42 } } });
    expect(bad.status).to.equal(400);
    const u = await call(`${url}${id}/users`, "POST", {
      token: admin,
      body: { user: { name: "crud-u", password: "pw-crud-123" } },
    });
    expect(u.status).to.equal(201);
    expect(JSON.stringify(u.body)).not.to.include("pw-crud-123");
    const userId = String((u.body.user as Json).id);
    const roles = await call(`${url}${id}/roles`, "GET", { token: admin });
    const names = (roles.body.roles as Json[]).map((x) => x.name);
    expect(names).to.include.members(["admin", "member", "reader", "manager"]);
    const member = (roles.body.roles as Json[]).find((x) => x.name === "member")!;
    const put = await call(`${url}${id}/projects/${projectId}/users/${userId}/roles/${String(member.id)}`, "PUT", {
      token: admin,
    });
    expect(put.status).to.equal(204);
    const ra = await call(`${url}${id}/role_assignments?user.id=${userId}&scope.project.id=${projectId}`, "GET", {
      token: admin,
    });
    expect((ra.body.role_assignments as Json[]).map((x) => (x.role as Json).name)).to.deep.equal(["member"]);
    const tok = await login(url, "crud-u", "pw-crud-123", "crud-p");
    expect(ks.backend.validate(tok)!.roles).to.deep.equal(["member", "reader"]);
    const list = await call(`${url}${id}/projects?name=crud-p`, "GET", { token: admin });
    expect((list.body.projects as Json[]).length).to.equal(1);
    expect((await call(`${url}${id}/users/${userId}`, "DELETE", { token: admin })).status).to.equal(204);
    expect(ks.backend.validate(tok), "tokens of a deleted user die with it").to.equal(undefined);
    expect((await call(`${url}${id}/projects/${projectId}`, "DELETE", { token: admin })).status).to.equal(204);
    expect((await call(`${url}${id}/projects/${projectId}`, "GET", { token: admin })).status).to.equal(404);
    expect(ks.backend.listResources().projects.map((x) => x.name)).to.include.members(["admin", "demo"]);
  });
});
