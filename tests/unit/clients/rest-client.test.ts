import { expect } from "chai";
import { KeystoneAuth } from "../../../lib/clients/auth.js";
import {
  BadRequestError,
  ConflictError,
  ConnectionError,
  ForbiddenError,
  HttpError,
  MicroversionMismatchError,
  NotFoundError,
  ServerFaultError,
  ServiceUnavailableError,
} from "../../../lib/clients/errors.js";
import { RestClient } from "../../../lib/clients/rest-client.js";
import { FakeCloud, novaHeaders, passwordAuth } from "./fake-cloud.js";

describe("clients/rest-client: RestClient", () => {
  let cloud: FakeCloud;
  let auth: KeystoneAuth;
  const compute = (mv?: string, retry?: { maxRetries?: number; maxTotalMs?: number }) =>
    new RestClient({ auth, serviceType: "compute", microversion: mv, http: retry ? { retry } : undefined });

  beforeEach(async () => {
    cloud = await new FakeCloud().start();
    auth = new KeystoneAuth(passwordAuth(cloud));
  });
  afterEach(() => cloud.stop());

  describe("microversions", () => {
    it("sends both Nova headers and accepts the echo", async () => {
      cloud.on("GET", "/compute/v2.1/servers/detail", () => ({
        status: 200,
        body: { servers: [] },
        headers: novaHeaders("2.97"),
      }));
      const r = await compute("2.97").request("GET", "/servers/detail", { expected: [200] });
      const sent = cloud.requests.at(-1)!.headers;
      expect(sent["openstack-api-version"]).to.equal("compute 2.97");
      expect(sent["x-openstack-nova-api-version"]).to.equal("2.97");
      expect(r.microversion).to.equal("2.97");
      expect(r.requestId).to.equal("req-0001");
    });

    it("a per-request microversion overrides the client's", async () => {
      cloud.on("POST", "/compute/v2.1/servers/s1/action", () => ({ status: 202, headers: novaHeaders("2.105") }));
      await compute("2.97").request("POST", "/servers/s1/action", {
        body: { migrate: null },
        expected: [202],
        microversion: "2.105",
      });
      expect(cloud.requests.at(-1)!.headers["openstack-api-version"]).to.equal("compute 2.105");
    });

    it("sends the Manila header for shared-file-system", async () => {
      cloud.on("GET", "/share/v2/shares/detail", () => ({
        status: 200,
        body: { shares: [] },
        headers: { "X-OpenStack-Manila-API-Version": "2.82", "x-openstack-request-id": "req-m" },
      }));
      const rest = new RestClient({ auth, serviceType: "shared-file-system", microversion: "2.82" });
      await rest.request("GET", "/shares/detail", { expected: [200] });
      const sent = cloud.requests.at(-1)!.headers;
      expect(sent["x-openstack-manila-api-version"]).to.equal("2.82");
      expect(sent["openstack-api-version"], "no nova header to manila").to.equal(undefined);
    });

    it("fails when the response echoes another microversion", async () => {
      cloud.on("GET", "/compute/v2.1/servers/detail", () => ({
        status: 200,
        body: { servers: [] },
        headers: novaHeaders("2.96", "req-x"),
      }));
      const e = await compute("2.97")
        .request("GET", "/servers/detail", { expected: [200] })
        .catch((err: unknown) => err);
      expect(e).to.be.instanceOf(MicroversionMismatchError);
      expect(String(e)).to.match(
        /asked for compute microversion 2\.97 but the response echoed 2\.96 \(request-id req-x\)/,
      );
    });

    it("fails when the response echoes nothing", async () => {
      cloud.on("GET", "/compute/v2.1/servers/detail", () => ({ status: 200, body: { servers: [] } }));
      const e = await compute("2.97")
        .request("GET", "/servers/detail", { expected: [200] })
        .catch((err: unknown) => err);
      expect(e).to.be.instanceOf(MicroversionMismatchError);
      expect(String(e)).to.match(/echoed none/);
    });

    it("does not check the echo for 'latest'", async () => {
      cloud.on("GET", "/compute/v2.1/servers/detail", () => ({
        status: 200,
        body: { servers: [] },
        headers: novaHeaders("2.104"),
      }));
      const r = await compute("latest").request("GET", "/servers/detail", { expected: [200] });
      expect(r.microversion).to.equal("2.104");
    });

    it("discovers Nova's range from the versioned endpoint", async () => {
      cloud.on("GET", "/compute/v2.1/", () => ({
        status: 200,
        body: { version: { id: "v2.1", status: "CURRENT", min_version: "2.1", version: "2.105" } },
      }));
      expect(await compute("2.97").discoverMicroversions()).to.deep.equal({ min: "2.1", max: "2.105" });
    });

    it("discovers Manila's range from the versions list", async () => {
      cloud.on("GET", "/share/v2/", () => ({ status: 404, body: { itemNotFound: { message: "nope" } } }));
      cloud.on("GET", "/share/", () => ({
        status: 300,
        body: {
          versions: [
            { id: "v1.0", status: "DEPRECATED", min_version: "", version: "" },
            { id: "v2.0", status: "CURRENT", min_version: "2.0", version: "2.89" },
          ],
        },
      }));
      const rest = new RestClient({ auth, serviceType: "shared-file-system", microversion: "2.82" });
      expect(await rest.discoverMicroversions(), "falls back to the unversioned root").to.deep.equal({
        min: "2.0",
        max: "2.89",
      });
      cloud.on("GET", "/share/", () => ({ status: 404, body: { itemNotFound: { message: "nope" } } }));
      const e = await rest.discoverMicroversions().catch((err: unknown) => err);
      expect(String(e)).to.match(/no min_version\/version in the versions document.*\/share\/v2\/ -> .*404/);
      cloud.on("GET", "/share/v2/", () => ({
        status: 200,
        body: { versions: [{ id: "v2.0", status: "CURRENT", min_version: "2.0", version: "2.89" }] },
      }));
      expect(await rest.discoverMicroversions()).to.deep.equal({ min: "2.0", max: "2.89" });
    });
  });

  describe("errors", () => {
    const cases: [number, string, new (...a: never[]) => HttpError, unknown][] = [
      [
        400,
        "badRequest",
        BadRequestError,
        { badRequest: { code: 400, message: "Invalid input for field/attribute tag." } },
      ],
      [
        403,
        "forbidden",
        ForbiddenError,
        { forbidden: { code: 403, message: "Policy doesn't allow x to be performed." } },
      ],
      [404, "itemNotFound", NotFoundError, { itemNotFound: { code: 404, message: "Share abc could not be found." } }],
      [
        409,
        "conflictingRequest",
        ConflictError,
        { conflictingRequest: { code: 409, message: "Feature not supported with instances that have shares." } },
      ],
      [500, "computeFault", ServerFaultError, { computeFault: { code: 500, message: "Unexpected API Error." } }],
    ];
    for (const [status, fault, cls, body] of cases) {
      it(`maps ${status} (${fault}) with the cloud's message and request id`, async () => {
        cloud.on("POST", "/compute/v2.1/servers/s1/action", () => ({
          status,
          body,
          headers: novaHeaders("2.97", `req-${status}`),
        }));
        const e = await compute("2.97")
          .request("POST", "/servers/s1/action", { body: { migrate: null }, expected: [202] })
          .catch((err: unknown) => err);
        expect(e).to.be.instanceOf(cls);
        const he = e as HttpError;
        const msg = (Object.values(body as Record<string, { message: string }>)[0] as { message: string }).message;
        expect(he.status).to.equal(status);
        expect(he.requestId).to.equal(`req-${status}`);
        expect(he.message).to.contain(`POST ${cloud.base}/compute/v2.1/servers/s1/action -> ${status}`);
        expect(he.message).to.contain(msg);
        expect(he.message).to.contain(`(request-id req-${status})`);
      });
    }

    it("reads Keystone and Neutron fault shapes", async () => {
      cloud.on("GET", "/networking/v2.0/networks/n1", () => ({
        status: 404,
        body: { NeutronError: { type: "NetworkNotFound", message: "Network n1 could not be found.", detail: "" } },
        headers: { "x-openstack-request-id": "req-n" },
      }));
      const rest = new RestClient({ auth, serviceType: "network" });
      const e = await rest.request("GET", "/v2.0/networks/n1", { expected: [200] }).catch((err: unknown) => err);
      expect(String(e)).to.match(/404 Not Found: Network n1 could not be found\. \(request-id req-n\)/);
    });

    it("treats an unexpected 2xx as an error", async () => {
      cloud.on("POST", "/compute/v2.1/servers/s1/action", () => ({
        status: 202,
        headers: novaHeaders("2.97", "req-c"),
      }));
      const e = await compute("2.97")
        .request("POST", "/servers/s1/action", { body: { confirmResize: null }, expected: [204] })
        .catch((err: unknown) => err);
      expect(e).to.be.instanceOf(HttpError);
      expect(String(e)).to.match(/-> 202 Unexpected status: expected status 204, got 202 \(request-id req-c\)/);
    });

    it("raises ConnectionError when nothing listens", async () => {
      const rest = new RestClient({ auth, serviceType: "compute", baseUrl: "http://127.0.0.1:1/compute" });
      const e = await rest.request("GET", "/servers", { expected: [200] }).catch((err: unknown) => err);
      expect(e).to.be.instanceOf(ConnectionError);
      expect(String(e)).to.match(/GET http:\/\/127\.0\.0\.1:1\/compute\/servers: no response/);
    });
  });

  describe("Retry-After", () => {
    it("honours Retry-After on 503 then succeeds", async () => {
      cloud.on("GET", "/compute/v2.1/os-services", (_r, n) =>
        n < 3
          ? { status: 503, body: { computeFault: { message: "busy" } }, headers: { "Retry-After": "0" } }
          : { status: 200, body: { services: [] }, headers: novaHeaders("2.97") },
      );
      const r = await compute("2.97").request("GET", "/os-services", { expected: [200] });
      expect(r.status).to.equal(200);
      expect(cloud.requests.filter((q) => q.path === "/compute/v2.1/os-services")).to.have.length(3);
    });

    it("gives up after maxRetries with the 503 error", async () => {
      cloud.on("GET", "/compute/v2.1/os-services", () => ({
        status: 503,
        body: { computeFault: { message: "still busy" } },
        headers: { "Retry-After": "0", "x-openstack-request-id": "req-503" },
      }));
      const e = await compute("2.97", { maxRetries: 2 })
        .request("GET", "/os-services", { expected: [200] })
        .catch((err: unknown) => err);
      expect(e).to.be.instanceOf(ServiceUnavailableError);
      expect(String(e)).to.match(/still busy \(request-id req-503\)/);
      expect(
        cloud.requests.filter((q) => q.path === "/compute/v2.1/os-services"),
        "1 try + 2 retries",
      ).to.have.length(3);
    });

    it("does not wait beyond the total budget", async () => {
      cloud.on("GET", "/compute/v2.1/os-services", () => ({
        status: 429,
        body: { overLimit: { message: "slow down" } },
        headers: { "Retry-After": "3600" },
      }));
      const e = await compute("2.97", { maxTotalMs: 1000 })
        .request("GET", "/os-services", { expected: [200] })
        .catch((err: unknown) => err);
      expect(String(e)).to.match(/429 Too Many Requests: slow down/);
      expect(cloud.requests.filter((q) => q.path === "/compute/v2.1/os-services")).to.have.length(1);
    });

    it("never retries other statuses, nor 503 without Retry-After", async () => {
      cloud.on("GET", "/compute/v2.1/os-services", () => ({
        status: 503,
        body: { computeFault: { message: "down" } },
      }));
      await compute("2.97")
        .request("GET", "/os-services", { expected: [200] })
        .catch(() => undefined);
      cloud.on("GET", "/compute/v2.1/os-hypervisors/detail", () => ({
        status: 500,
        body: { computeFault: { message: "x" } },
      }));
      await compute("2.97")
        .request("GET", "/os-hypervisors/detail", { expected: [200] })
        .catch(() => undefined);
      expect(cloud.requests.filter((q) => q.path.startsWith("/compute/"))).to.have.length(2);
    });
  });
});
