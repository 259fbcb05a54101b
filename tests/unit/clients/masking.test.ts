import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { createClients } from "../../../lib/clients/index.js";
import { maskSecrets } from "../../../lib/clients/mask.js";
import { jsonLinesFileLog, type RequestLogEntry } from "../../../lib/clients/request-log.js";
import { FakeCloud, novaHeaders, PASSWORD, passwordAuth } from "./fake-cloud.js";

describe("clients/request log and masking", () => {
  let cloud: FakeCloud;
  let dir: string;
  beforeEach(async () => {
    cloud = await new FakeCloud().start();
    dir = mkdtempSync(join(tmpdir(), "vftest-clients-"));
  });
  afterEach(async () => {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("masks secrets at any depth", () => {
    const masked = maskSecrets({
      auth: { identity: { password: { user: { name: "u", password: "p" } } } },
      server: { adminPass: "x", name: "n" },
      keypair: { private_key: "-----BEGIN", public_key: "ssh-ed25519 AAAA" },
      access: [{ access_key: "k", access_to: "10.0.0.1" }],
      application_credential: { secret: "s" },
      token: { id: "t" },
    });
    expect(masked).to.deep.equal({
      auth: { identity: { password: "***" } },
      server: { adminPass: "***", name: "n" },
      keypair: { private_key: "***", public_key: "ssh-ed25519 AAAA" },
      access: [{ access_key: "***", access_to: "10.0.0.1" }],
      application_credential: { secret: "***" },
      token: "***",
    });
  });

  it("writes one JSON line per request with the password and token absent", async () => {
    const path = join(dir, "requests.jsonl");
    cloud.on("GET", "/compute/v2.1/servers/detail", () => ({
      status: 200,
      body: { servers: [] },
      headers: novaHeaders("2.97", "req-list"),
    }));
    cloud.on("POST", "/compute/v2.1/servers", () => ({
      status: 202,
      headers: novaHeaders("2.97", "req-create"),
      body: {
        server: {
          id: "6a4d3c44-61f8-4b8e-8bb0-a7c1c4d3e8a1",
          adminPass: "Adm1nPa55-secret",
          links: [],
          security_groups: [{ name: "default" }],
          "OS-DCF:diskConfig": "MANUAL",
        },
      },
    }));
    const clients = createClients({
      auth: passwordAuth(cloud),
      log: jsonLinesFileLog(path),
      caller: () => "my test title",
    });
    await clients.servers.listServers();
    const created = await clients.servers.createServer({ name: "vm", flavorRef: "1", imageRef: "i", networks: "none" });
    expect(created.adminPass, "the caller still gets the real value").to.equal("Adm1nPa55-secret");

    const text = readFileSync(path, "utf8");
    expect(text).not.to.contain(PASSWORD);
    expect(text).not.to.contain("tok-1");
    expect(text).not.to.contain("Adm1nPa55-secret");
    expect(text).to.contain('"***"');
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as RequestLogEntry);
    expect(lines.map((l) => `${l.method} ${l.status}`)).to.deep.equal(["POST 201", "GET 200", "POST 202"]);
    const list = lines[1];
    expect(list).to.include({
      url: `${cloud.base}/compute/v2.1/servers/detail`,
      request_id: "req-list",
      caller: "my test title",
      microversion: "2.97",
    });
    expect(list.duration_ms).to.be.a("number");
    expect(Object.keys(list).slice(0, 5)).to.deep.equal(["ts", "method", "url", "status", "duration_ms"]);
  });

  it("keeps an application credential secret out of the log and of errors", async () => {
    const path = join(dir, "ac.jsonl");
    cloud.on("POST", "/identity/v3/auth/tokens", () => ({
      status: 401,
      body: { error: { code: 401, message: "bad creds" } },
    }));
    const clients = createClients({
      auth: {
        authUrl: `${cloud.base}/identity/v3`,
        applicationCredentialId: "ac1",
        applicationCredentialSecret: "AcS3cret-value",
      },
      log: jsonLinesFileLog(path),
    });
    const e = await clients.auth.getToken().catch((err: unknown) => err);
    expect(String(e)).to.contain("application credential ac1");
    expect(String(e)).not.to.contain("AcS3cret-value");
    expect(JSON.stringify((e as { body?: unknown }).body ?? null)).not.to.contain("AcS3cret-value");
    const text = readFileSync(path, "utf8");
    expect(text).not.to.contain("AcS3cret-value");
    expect(text).to.contain('"secret":"***"');
  });

  it("truncates large bodies", async () => {
    const entries: RequestLogEntry[] = [];
    const big = "x".repeat(20_000);
    cloud.on("GET", "/compute/v2.1/servers/s1/action", () => ({
      status: 200,
      body: { output: big },
      headers: novaHeaders("2.97"),
    }));
    const clients = createClients({ auth: passwordAuth(cloud), log: (e) => entries.push(e) });
    await clients.rest("compute", "2.97").request("GET", "/servers/s1/action", { expected: [200] });
    const body = entries.at(-1)!.response_body;
    expect(body).to.be.a("string");
    expect(String(body)).to.match(/\.\.\.\(truncated \d+ chars\)$/);
    expect(String(body).length).to.be.lessThan(9000);
  });
});
