// The simulator's HTTP core: a small router over node:http shared by every simulated service.
// Handlers receive a parsed request and return a SimResponse or throw a FaultError; the router turns
// FaultErrors into OpenStack fault bodies and never lets a bad request crash the process.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { TokenInfo } from "../contracts.js";

export interface SimRequest {
  method: string;
  /** Path below the service prefix, without query, e.g. "/servers/abc/action". */
  path: string;
  /** Full original URL path, for logs. */
  fullPath: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** Parsed JSON body; undefined when empty. A body that is not JSON answers 400 before the handler runs. */
  body: unknown;
  /** Set by the service's auth middleware. */
  auth?: TokenInfo;
  /** Base URL of this service as the client reached it (scheme://host:port/prefix). */
  baseUrl: string;
  requestId: string;
}

export interface SimResponse {
  status: number;
  body?: unknown; // JSON-serialised; undefined = empty body
  headers?: Record<string, string>;
}

/** An error answered with a fault body. Nova style by default: {"<faultName>": {"code", "message"}}. */
export class FaultError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Override the whole body (Keystone and Neutron use other shapes). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export const FAULT_NAMES: Record<number, string> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "itemNotFound",
  405: "badMethod",
  406: "notAcceptable",
  409: "conflictingRequest",
  413: "overLimit",
  415: "badMediaType",
  429: "overLimit",
  500: "computeFault",
  501: "notImplemented",
  503: "serviceUnavailable",
};

export function novaFaultBody(status: number, message: string): unknown {
  return { [FAULT_NAMES[status] ?? "computeFault"]: { code: status, message } };
}

export const badRequest = (m: string) => new FaultError(400, m);
export const notFound = (m: string) => new FaultError(404, m);
export const conflict = (m: string) => new FaultError(409, m);
export const forbidden = (m: string) => new FaultError(403, m);

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

/** Routes for one service. Patterns like "/servers/:id/action". */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: Handler): this {
    const keys: string[] = [];
    const re = path.replace(/\/:([A-Za-z_]+)/g, (_m, k: string) => {
      keys.push(k);
      return "/([^/]+)";
    });
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${re}/?$`), keys, handler });
    return this;
  }

  /** Finds the route; 404 for an unknown path, 405 for a known path with another method. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } {
    let pathKnown = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (r.method !== method.toUpperCase()) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => {
        params[k] = decodeURIComponent(m[i + 1] ?? "");
      });
      return { handler: r.handler, params };
    }
    if (pathKnown) throw new FaultError(405, `The method ${method} is not allowed for this resource.`);
    throw new FaultError(404, "The resource could not be found.");
  }
}

/** Reads the whole body (bounded) and parses JSON; throws FaultError 400 on bad JSON or 413 when too large. */
export async function readJsonBody(req: IncomingMessage, limit = 1 << 20): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const b = c as Buffer;
    size += b.length;
    if (size > limit) throw new FaultError(413, "Request is too large.");
    chunks.push(b);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FaultError(400, "Malformed request body");
  }
}

export function sendJson(res: ServerResponse, r: SimResponse): void {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  let payload = "";
  if (r.body !== undefined) {
    payload = JSON.stringify(r.body);
    headers["Content-Type"] ??= "application/json";
  }
  headers["Content-Length"] = String(Buffer.byteLength(payload));
  res.writeHead(r.status, headers);
  res.end(payload);
}

/** One simulated service mounted on the shared HTTP server (sim/cloud.ts dispatches by longest prefix). */
export interface ServiceMount {
  /** e.g. "/compute" — the service answers its version document at the prefix and its API below it. */
  prefix: string;
  /** Handles a request; `req.path` is the path below `prefix` (e.g. "/v2.1/servers"). */
  handle(req: SimRequest): Promise<SimResponse>;
}

/** The caller's token, or a 401 in the service's fault format. cloud.ts sets `req.auth` from X-Auth-Token. */
export function requireAuth(req: SimRequest): TokenInfo {
  if (!req.auth) throw new FaultError(401, "The request you have made requires authentication.");
  return req.auth;
}
