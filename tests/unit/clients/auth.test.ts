import { expect } from "chai";
import { KeystoneAuth } from "../../../lib/clients/auth.js";
import { UnauthorizedError, VftestError } from "../../../lib/clients/errors.js";
import { RestClient } from "../../../lib/clients/rest-client.js";
import { FakeCloud, novaHeaders, passwordAuth } from "./fake-cloud.js";

describe("clients/auth: KeystoneAuth", () => {
  let cloud: FakeCloud;
  beforeEach(async () => {
    cloud = await new FakeCloud().start();
  });
  afterEach(() => cloud.stop());

  const authBody = () =>
    (cloud.requests.find((r) => r.path.endsWith("/auth/tokens"))?.body ?? {}) as {
      auth: { identity: Record<string, unknown>; scope?: Record<string, unknown> };
    };

  it("authenticates with a password, project-scoped, and reads the catalog", async () => {
    const auth = new KeystoneAuth(passwordAuth(cloud));
    const info = await auth.authenticate();
    expect(info.projectId, "project id from the token").to.equal("p1");
    expect(authBody().auth.identity.methods).to.deep.equal(["password"]);
    expect(authBody().auth.scope).to.deep.equal({ project: { name: "demo", domain: { name: "Default" } } });
    expect(await auth.getToken()).to.equal("tok-1");
  });

  it("authenticates with an application credential (no explicit scope)", async () => {
    const auth = new KeystoneAuth({
      authUrl: `${cloud.base}/identity`,
      applicationCredentialId: "ac-1",
      applicationCredentialSecret: "ac-s3cret",
    });
    await auth.authenticate();
    expect(authBody().auth.identity).to.deep.equal({
      methods: ["application_credential"],
      application_credential: { id: "ac-1", secret: "ac-s3cret" },
    });
    expect(authBody().auth.scope, "app credentials carry their own scope").to.equal(undefined);
  });

  it("scopes to a domain", async () => {
    const auth = new KeystoneAuth({ ...passwordAuth(cloud), projectName: undefined, domainName: "Default" });
    const info = await auth.authenticate();
    expect(authBody().auth.scope).to.deep.equal({ domain: { name: "Default" } });
    expect(info.domainId).to.equal("d1");
  });

  it("fails with a clear error when no credentials are given", async () => {
    const auth = new KeystoneAuth({ authUrl: `${cloud.base}/identity/v3`, username: "x" });
    const e = await auth.authenticate().catch((err: unknown) => err);
    expect(e).to.be.instanceOf(VftestError);
    expect(String(e)).to.match(/no credentials/);
  });

  it("finds endpoints by interface and region, and honours overrides", async () => {
    const auth = new KeystoneAuth({ ...passwordAuth(cloud), endpointOverride: { image: "http://127.0.0.1:1/img/" } });
    expect(await auth.endpointFor("compute")).to.equal(`${cloud.base}/compute/v2.1`);
    expect(await auth.endpointFor("compute", { interface: "internal" })).to.equal(
      `${cloud.base}/internal/compute/v2.1`,
    );
    expect(await auth.endpointFor("compute", { region: "RegionTwo" })).to.equal(`${cloud.base}/r2/compute/v2.1`);
    expect(await auth.endpointFor("image"), "override wins, trailing slash trimmed").to.equal("http://127.0.0.1:1/img");
    const e = await auth.endpointFor("volumev3").catch((err: unknown) => err);
    expect(String(e)).to.match(/no "volumev3" service in the Keystone catalog.*compute\[/);
    const e2 = await auth.endpointFor("compute", { interface: "admin" }).catch((err: unknown) => err);
    expect(String(e2)).to.match(/no admin endpoint for "compute"/);
  });

  it("caches the token across requests", async () => {
    cloud.on("GET", "/compute/v2.1/servers/detail", () => ({
      status: 200,
      body: { servers: [] },
      headers: novaHeaders("2.97"),
    }));
    const auth = new KeystoneAuth(passwordAuth(cloud));
    const rest = new RestClient({ auth, serviceType: "compute", microversion: "2.97" });
    await Promise.all([
      rest.request("GET", "/servers/detail", { expected: [200] }),
      rest.request("GET", "/servers/detail", { expected: [200] }),
    ]);
    await rest.request("GET", "/servers/detail", { expected: [200] });
    expect(cloud.tokensIssued, "one token for three concurrent/sequential requests").to.equal(1);
  });

  it("re-authenticates once on 401 and succeeds", async () => {
    cloud.on("GET", "/compute/v2.1/servers/detail", () => ({
      status: 200,
      body: { servers: [] },
      headers: novaHeaders("2.97"),
    }));
    const auth = new KeystoneAuth(passwordAuth(cloud));
    const rest = new RestClient({ auth, serviceType: "compute", microversion: "2.97" });
    await rest.request("GET", "/servers/detail", { expected: [200] });
    cloud.validToken = "tok-2"; // tok-1 is now "revoked"
    const r = await rest.request("GET", "/servers/detail", { expected: [200] });
    expect(r.status).to.equal(200);
    expect(cloud.tokensIssued).to.equal(2);
  });

  it("does not loop on a second 401", async () => {
    cloud.on("GET", "/compute/v2.1/servers/detail", () => ({ status: 200, body: { servers: [] } }));
    cloud.validToken = "never-issued";
    const auth = new KeystoneAuth(passwordAuth(cloud));
    const rest = new RestClient({ auth, serviceType: "compute" });
    const e = await rest.request("GET", "/servers/detail", { expected: [200] }).catch((err: unknown) => err);
    expect(e).to.be.instanceOf(UnauthorizedError);
    expect(String(e)).to.match(/requires authentication.*after one re-authentication/);
    const calls = cloud.requests.filter((r) => r.path === "/compute/v2.1/servers/detail").length;
    expect(calls, "exactly the request and one retry").to.equal(2);
    expect(cloud.tokensIssued).to.equal(2);
  });

  it("reports rejected credentials without leaking the password", async () => {
    cloud.on("POST", "/identity/v3/auth/tokens", () => ({
      status: 401,
      body: {
        error: { code: 401, message: "The request you have made requires authentication.", title: "Unauthorized" },
      },
      headers: { "x-openstack-request-id": "req-kst" },
    }));
    const auth = new KeystoneAuth(passwordAuth(cloud));
    const e = await auth.getToken().catch((err: unknown) => err);
    expect(e).to.be.instanceOf(UnauthorizedError);
    expect(String(e)).to.match(/requires authentication.*user demo project demo.*req-kst/);
    expect(String(e)).not.to.contain("S3cr3t");
  });
});
