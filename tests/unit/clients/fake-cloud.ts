// A tiny OpenStack look-alike on 127.0.0.1:0 for client unit tests: Keystone tokens with a catalog pointing back
// at itself, and per-test route handlers. Records every request for assertions.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: Recorded, n: number) => Reply;

export class FakeCloud {
  readonly requests: Recorded[] = [];
  readonly routes = new Map<string, Handler>();
  tokensIssued = 0;
  /** When set, only this token is accepted by non-Keystone routes. */
  validToken?: string;
  private server?: Server;
  private counts = new Map<string, number>();
  port = 0;

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  catalog(): unknown[] {
    const b = this.base;
    return [
      {
        type: "compute",
        name: "nova",
        endpoints: [
          { interface: "public", region_id: "RegionOne", region: "RegionOne", url: `${b}/compute/v2.1` },
          { interface: "internal", region_id: "RegionOne", region: "RegionOne", url: `${b}/internal/compute/v2.1` },
          { interface: "public", region_id: "RegionTwo", region: "RegionTwo", url: `${b}/r2/compute/v2.1` },
        ],
      },
      {
        type: "shared-file-system",
        name: "manilav2",
        endpoints: [{ interface: "public", region_id: "RegionOne", region: "RegionOne", url: `${b}/share/v2` }],
      },
      { type: "image", endpoints: [{ interface: "public", region_id: "RegionOne", url: `${b}/image` }] },
      { type: "network", endpoints: [{ interface: "public", region_id: "RegionOne", url: `${b}/networking` }] },
      { type: "identity", endpoints: [{ interface: "public", region_id: "RegionOne", url: `${b}/identity` }] },
    ];
  }

  on(method: string, path: string, h: Handler): this {
    this.routes.set(`${method} ${path}`, h);
    return this;
  }

  async start(): Promise<this> {
    this.on("POST", "/identity/v3/auth/tokens", (req) => {
      this.tokensIssued++;
      const token = `tok-${this.tokensIssued}`;
      const auth = (req.body as { auth: { scope?: unknown } }).auth;
      return {
        status: 201,
        headers: { "X-Subject-Token": token, "x-openstack-request-id": `req-auth-${this.tokensIssued}` },
        body: {
          token: {
            expires_at: new Date(Date.now() + 3600_000).toISOString(),
            user: { id: "u1", name: "demo" },
            project:
              auth.scope && JSON.stringify(auth.scope).includes("project") ? { id: "p1", name: "demo" } : undefined,
            domain:
              auth.scope && JSON.stringify(auth.scope).includes("domain") ? { id: "d1", name: "Default" } : undefined,
            roles: [{ name: "member" }],
            catalog: this.catalog(),
          },
        },
      };
    });
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* raw body */
      }
      const url = new URL(req.url ?? "/", this.base);
      const rec: Recorded = { method: req.method ?? "", path: url.pathname + url.search, headers: req.headers, body };
      this.requests.push(rec);
      const key = `${req.method} ${url.pathname}`;
      const h = this.routes.get(key);
      let reply: Reply;
      if (!h) {
        reply = { status: 404, body: { itemNotFound: { code: 404, message: `no route ${key}` } } };
      } else if (
        this.validToken &&
        !url.pathname.endsWith("/auth/tokens") &&
        req.headers["x-auth-token"] !== this.validToken
      ) {
        reply = {
          status: 401,
          body: { error: { code: 401, message: "The request you have made requires authentication." } },
        };
      } else {
        const n = (this.counts.get(key) ?? 0) + 1;
        this.counts.set(key, n);
        reply = h(rec, n);
      }
      const headers: Record<string, string> = { ...reply.headers };
      if (reply.body !== undefined) headers["Content-Type"] ??= "application/json";
      res.writeHead(reply.status, headers);
      res.end(
        reply.body === undefined ? undefined : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body),
      );
    });
  }
}

/** Headers Nova sends with every response at microversion `v`. */
export function novaHeaders(v: string, requestId = "req-0001"): Record<string, string> {
  return {
    "OpenStack-API-Version": `compute ${v}`,
    "X-OpenStack-Nova-API-Version": v,
    Vary: "OpenStack-API-Version, X-OpenStack-Nova-API-Version",
    "x-openstack-request-id": requestId,
    "x-compute-request-id": requestId,
  };
}

export const PASSWORD = "S3cr3t-pa55";

export function passwordAuth(cloud: FakeCloud) {
  return {
    authUrl: `${cloud.base}/identity/v3`,
    username: "demo",
    password: PASSWORD,
    userDomainName: "Default",
    projectName: "demo",
    projectDomainName: "Default",
  };
}
