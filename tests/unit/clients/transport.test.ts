import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { ConnectionError } from "../../../lib/clients/errors.js";
import { compareMicroversions, microversionRange } from "../../../lib/clients/microversion.js";
import { cloudMessageOf, requestIdOf, retryAfterMs, Transport, withQuery } from "../../../lib/clients/transport.js";
import { TEST_CERT, TEST_KEY } from "./tls-fixture.js";

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe("clients/transport", () => {
  describe("TLS", () => {
    let server: Server;
    let url: string;
    before(async () => {
      server = createHttpsServer({ cert: TEST_CERT, key: TEST_KEY }, (_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end('{"ok": true}');
      });
      url = `https://127.0.0.1:${await listen(server)}/`;
    });
    after(() => close(server));

    it("rejects an unknown CA by default", async () => {
      const e = await new Transport().send({ method: "GET", url }).catch((err: unknown) => err);
      expect(e).to.be.instanceOf(ConnectionError);
      expect(String(e)).to.match(/self.signed|certificate/i);
      expect(String(e)).to.contain("TLS settings (ca/insecure)");
    });

    it("accepts the server with the CA bundle", async () => {
      const r = await new Transport({ ca: TEST_CERT }).send({ method: "GET", url });
      expect(r.body).to.deep.equal({ ok: true });
    });

    it("accepts the server when insecure", async () => {
      const r = await new Transport({ insecure: true }).send({ method: "GET", url });
      expect(r.status).to.equal(200);
    });
  });

  it("times out a request that never answers", async () => {
    const server = createHttpServer(() => {
      /* never answer */
    });
    const port = await listen(server);
    try {
      const e = await new Transport({ timeoutMs: 100 })
        .send({ method: "GET", url: `http://127.0.0.1:${port}/x` })
        .catch((err: unknown) => err);
      expect(e).to.be.instanceOf(ConnectionError);
      expect(String(e)).to.match(/GET http:\/\/127\.0\.0\.1:\d+\/x: no response: .*timeout 100 ms/);
      const e2 = await new Transport()
        .send({ method: "GET", url: `http://127.0.0.1:${port}/y`, timeoutMs: 100 })
        .catch((err: unknown) => err);
      expect(String(e2), "per-request timeout").to.match(/\/y: no response: .*timeout 100 ms/);
    } finally {
      await close(server);
    }
  });

  it("reads the request id once when a header came twice (a proxy's copy), Nova's compute one as a fallback", () => {
    expect(requestIdOf({ "x-openstack-request-id": "req-a, req-a" })).to.equal("req-a");
    expect(requestIdOf({ "x-openstack-request-id": "req-a, req-b" })).to.equal("req-a");
    expect(requestIdOf({ "x-compute-request-id": "req-c" })).to.equal("req-c");
    expect(requestIdOf({})).to.equal(undefined);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs("2")).to.equal(2000);
    expect(retryAfterMs("0.5")).to.equal(500);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).to.equal(6000);
    expect(retryAfterMs(undefined)).to.equal(undefined);
    expect(retryAfterMs("soon")).to.equal(undefined);
  });

  it("builds query strings, repeating array values and skipping undefined", () => {
    expect(withQuery("http://h/p", { a: "1", b: undefined, c: [1, 2], d: true })).to.equal(
      "http://h/p?a=1&c=1&c=2&d=true",
    );
    expect(withQuery("http://h/p?x=1", { a: "b c" })).to.equal("http://h/p?x=1&a=b+c");
  });

  it("extracts cloud messages from every fault shape", () => {
    expect(cloudMessageOf({ conflictingRequest: { code: 409, message: "m1" } })).to.equal("m1");
    expect(cloudMessageOf({ error: { code: 401, message: "m2", title: "Unauthorized" } })).to.equal("m2");
    expect(cloudMessageOf({ NeutronError: { type: "X", message: "m3", detail: "" } })).to.equal("m3");
    expect(cloudMessageOf("<html><body><h1>404 Not Found</h1>gone</body></html>")).to.equal("404 Not Found gone");
  });

  it("compares microversions numerically", () => {
    expect(compareMicroversions("2.10", "2.9")).to.be.greaterThan(0);
    expect(compareMicroversions("2.97", "latest")).to.be.lessThan(0);
    expect(microversionRange("2.97", "2.100")).to.deep.equal(["2.97", "2.98", "2.99", "2.100"]);
  });
});
