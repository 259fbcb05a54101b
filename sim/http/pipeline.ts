// The request pipeline every simulated service sits behind: one request id per request, dispatch by service prefix
// (longest first), the api-503 transient fault, the bounded JSON body, the caller's token resolved to a TokenInfo
// (each service decides whether it needs one: `requireAuth`), any escaped error turned into a JSON fault (never a
// stack trace), and one log line per request. Nothing secret is logged: only method, path, status, duration and
// request id. Each service's own error format and microversion headers are applied by its mount (sim/http/service.ts,
// sim/http/microversion.ts).

import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultSwitch, IdentityBackend } from "../contracts.js";
import { FaultError, readJsonBody, type ServiceMount, type SimRequest, type SimResponse, sendJson } from "./router.js";

export interface PipelineOptions {
  /** The mounted services (sorted here by prefix length, longest first). */
  mounts: () => readonly ServiceMount[];
  identity: () => IdentityBackend | undefined;
  faults: FaultSwitch;
  /** http://127.0.0.1:<port>, for a request without a Host header. */
  url: () => string;
  log: (line: string) => void;
}

/** Route key for api-503: the path with ids replaced, so "each kind" of request fails once. */
export function routeKey(method: string, path: string): string {
  const norm = path
    .split("/")
    .map((s) => (/^[0-9a-f-]{32,36}$/i.test(s) || /^\d+$/.test(s) || /^req-/.test(s) ? ":id" : s))
    .join("/");
  return `${method} ${norm}`;
}

/** The node:http request listener of the simulated cloud. */
export function createPipeline(opts: PipelineOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { log, faults } = opts;

  async function route(
    req: IncomingMessage,
    method: string,
    fullPath: string,
    query: URLSearchParams,
    requestId: string,
  ): Promise<SimResponse> {
    const mounts = [...opts.mounts()].sort((a, b) => b.prefix.length - a.prefix.length);
    const mount = mounts.find((m) => fullPath === m.prefix || fullPath.startsWith(`${m.prefix}/`));
    if (!mount) {
      await drainBody(req);
      throw new FaultError(404, `No service at ${fullPath}; services: ${mounts.map((m) => m.prefix).join(", ")}`);
    }
    const path = fullPath.slice(mount.prefix.length);
    if (
      mount.prefix !== "/identity" &&
      mount.prefix !== "/sim" &&
      faults.fireOnce("api-503", routeKey(method, fullPath), 1)
    ) {
      await drainBody(req);
      return {
        status: 503,
        body: genericError(503, "The server is currently unavailable. Please try again at a later time."),
        headers: { "Retry-After": "1" },
      };
    }
    const body = await readJsonBody(req);
    const token = req.headers["x-auth-token"];
    const auth = typeof token === "string" && token !== "" ? opts.identity()?.validate(token) : undefined;
    const simReq: SimRequest = {
      method,
      path,
      fullPath,
      params: {},
      query,
      headers: req.headers,
      body,
      auth,
      baseUrl: `http://${req.headers.host ?? opts.url().slice("http://".length)}${mount.prefix}`,
      requestId,
    };
    return mount.handle(simReq);
  }

  return async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = `req-${randomUUID()}`;
    const method = req.method ?? "GET";
    const parsed = new URL(req.url ?? "/", "http://127.0.0.1");
    const fullPath = parsed.pathname;
    let out: SimResponse;
    try {
      out = await route(req, method, fullPath, parsed.searchParams, requestId);
    } catch (e) {
      if (e instanceof FaultError) {
        out = { status: e.status, body: e.body ?? genericError(e.status, e.message), headers: e.headers };
      } else {
        log(
          `sim: unexpected error on ${method} ${fullPath} (${requestId}): ${e instanceof Error ? e.message : String(e)}`,
        );
        out = { status: 500, body: genericError(500, "Unexpected error in the simulated cloud.") };
      }
    }
    const headers = { "x-openstack-request-id": requestId, ...(out.headers ?? {}) };
    try {
      sendJson(res, { ...out, headers });
    } catch (e) {
      log(`sim: could not answer ${method} ${fullPath}: ${e instanceof Error ? e.message : String(e)}`);
    }
    log(`${method} ${fullPath} -> ${out.status} ${Date.now() - started}ms ${requestId}`);
  };
}

function genericError(status: number, message: string): unknown {
  const names: Record<number, string> = {
    400: "badRequest",
    404: "itemNotFound",
    413: "overLimit",
    500: "computeFault",
    503: "serviceUnavailable",
  };
  return { [names[status] ?? "error"]: { code: status, message } };
}

async function drainBody(req: IncomingMessage): Promise<void> {
  for await (const _ of req) {
    // discard
  }
}
