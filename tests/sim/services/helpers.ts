// A tiny HTTP front for the services' mounts (the real assembly lives in sim/cloud.ts): longest-prefix dispatch,
// X-Auth-Token -> req.auth through the Keystone backend, JSON bodies (raw Buffers for octet-stream uploads).

import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IdentityBackend, Timing } from "../../../sim/contracts.js";
import { FaultError, novaFaultBody, readJsonBody, type ServiceMount, sendJson } from "../../../sim/http/router.js";

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function serve(mounts: () => ServiceMount[], identity: () => IdentityBackend): Promise<TestServer> {
  const server: Server = createServer((req, res) => {
    const run = async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const mount = mounts()
        .filter((m) => url.pathname === m.prefix || url.pathname.startsWith(`${m.prefix}/`))
        .sort((a, b) => b.prefix.length - a.prefix.length)[0];
      if (!mount) return sendJson(res, { status: 404, body: novaFaultBody(404, "The resource could not be found.") });
      const octet = (req.headers["content-type"] ?? "").startsWith("application/octet-stream");
      let body: unknown;
      try {
        body = octet ? await readRaw(req) : await readJsonBody(req);
      } catch (e) {
        if (e instanceof FaultError)
          return sendJson(res, { status: e.status, body: novaFaultBody(e.status, e.message) });
        throw e;
      }
      const token = req.headers["x-auth-token"];
      const auth = typeof token === "string" ? identity().validate(token) : undefined;
      const host = req.headers.host ?? "127.0.0.1";
      const r = await mount.handle({
        method: req.method ?? "GET",
        path: url.pathname.slice(mount.prefix.length),
        fullPath: url.pathname,
        params: {},
        query: url.searchParams,
        headers: req.headers,
        body,
        auth,
        baseUrl: `http://${host}${mount.prefix}`,
        requestId: `req-${randomUUID()}`,
      });
      sendJson(res, r);
    };
    run().catch(() => sendJson(res, { status: 500, body: { error: "test server failure" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Tiny, fixed latencies: tests wait for states, never for durations. */
export const fastTiming: Timing = { delay: () => new Promise((resolve) => setTimeout(resolve, 2)) };

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "vftest-services-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls `probe` until it returns a value other than undefined (generous bound, no timing assertion). */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    last = v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what} (last seen: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export type Json = Record<string, unknown>;

export async function call(
  url: string,
  method: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers["X-Auth-Token"] = opts.token;
  let payload: BodyInit | undefined;
  if (opts.body instanceof Uint8Array) {
    headers["Content-Type"] = "application/octet-stream";
    payload = new Blob([new Uint8Array(opts.body)]);
  } else if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  }
  const res = await fetch(url, { method, headers, body: payload });
  const text = await res.text();
  let body: Json = {};
  if (text) {
    try {
      body = JSON.parse(text) as Json;
    } catch {
      body = { raw: text };
    }
  }
  return { status: res.status, body, headers: res.headers };
}

export async function login(url: string, user: string, password: string, project: string): Promise<string> {
  const r = await call(`${url}/identity/v3/auth/tokens`, "POST", {
    body: {
      auth: {
        identity: { methods: ["password"], password: { user: { name: user, domain: { name: "Default" }, password } } },
        scope: { project: { name: project, domain: { name: "Default" } } },
      },
    },
  });
  const token = r.headers.get("x-subject-token");
  if (r.status !== 201 || !token) throw new Error(`login as ${user} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return token;
}
