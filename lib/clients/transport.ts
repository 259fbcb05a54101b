// One HTTP exchange: send, log one JSON line (bodies masked), honour Retry-After on 429/503 within a bound.
// Shared by KeystoneAuth and RestClient; knows nothing of tokens, microversions or schemas.
import { setTimeout as sleep } from "node:timers/promises";
import type { AxiosInstance } from "axios";
import { ConnectionError, type HttpError, httpErrorFor } from "./errors.js";
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, type HttpOptions, makeAxios } from "./http-options.js";
import { maskAndTruncate, maskSecrets } from "./mask.js";

export type Query = Record<string, string | number | boolean | undefined | (string | number)[]>;

export interface Exchange {
  method: string;
  url: string;
  query?: Query;
  headers?: Record<string, string>;
  /** JSON body (serialised here). */
  body?: unknown;
  /** Raw body (e.g. an image upload); not logged. */
  rawBody?: Buffer;
  /** For the log line only. */
  microversion?: string;
  /** Overrides the transport's timeout for this request. */
  timeoutMs?: number;
}

export interface ExchangeResult {
  status: number;
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when not JSON, or undefined when empty. */
  body: unknown;
  requestId?: string;
}

export function withQuery(url: string, query?: Query): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.append(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}${url.includes("?") ? "&" : "?"}${qs}` : url;
}

/** The request id a response names; a header sent twice (a proxy adding its own copy) counts once, the first. */
export function requestIdOf(headers: Record<string, string>): string | undefined {
  const v = headers["x-openstack-request-id"] ?? headers["x-compute-request-id"] ?? headers["x-request-id"];
  return v?.split(",")[0]?.trim() || undefined;
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The cloud's own message from any OpenStack fault body shape. */
export function cloudMessageOf(body: unknown): string {
  if (typeof body === "string")
    return body
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 1000);
  if (!isRecord(body)) return "";
  if (typeof body.message === "string") return body.message;
  // {"itemNotFound": {"code": 404, "message": ...}}, {"error": {"message": ...}}, {"NeutronError": {"message": ...}}
  for (const v of Object.values(body)) {
    if (isRecord(v) && typeof v.message === "string") {
      const detail = typeof v.detail === "string" && v.detail ? ` (${v.detail})` : "";
      return `${v.message}${detail}`;
    }
  }
  if (typeof body.title === "string") return body.title;
  return JSON.stringify(maskSecrets(body)).slice(0, 1000);
}

/** The typed error for a response whose status is not among `expected`. */
export function errorForResponse(method: string, r: ExchangeResult, expected: number[]): HttpError {
  const base = { method, url: r.url, status: r.status, requestId: r.requestId, body: maskSecrets(r.body) };
  if (r.status >= 200 && r.status < 300) {
    return httpErrorFor({ ...base, cloudMessage: `expected status ${expected.join(" or ")}, got ${r.status}` });
  }
  return httpErrorFor({ ...base, cloudMessage: cloudMessageOf(r.body) });
}

/** Retry-After as milliseconds (delta-seconds or HTTP date); undefined when absent or unparsable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function flatHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(h)) return out;
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
}

export class Transport {
  private readonly axios: AxiosInstance;

  constructor(private readonly http: HttpOptions = {}) {
    this.axios = makeAxios(http);
  }

  get options(): HttpOptions {
    return this.http;
  }

  /** Sends one request (plus bounded Retry-After retries). Never throws for an HTTP status; throws ConnectionError. */
  async send(x: Exchange): Promise<ExchangeResult> {
    const retry = { ...DEFAULT_RETRY, ...this.http.retry };
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const r = await this.once(x, attempt > 0 ? `retry ${attempt}/${retry.maxRetries}` : undefined);
      if (r.status !== 429 && r.status !== 503) return r;
      const wait = retryAfterMs(r.headers["retry-after"]);
      if (wait === undefined || attempt >= retry.maxRetries || waited + wait > retry.maxTotalMs) return r;
      waited += wait;
      await sleep(wait);
    }
  }

  private async once(x: Exchange, note: string | undefined): Promise<ExchangeResult> {
    const url = withQuery(x.url, x.query);
    const started = Date.now();
    const headers: Record<string, string> = { Accept: "application/json", ...x.headers };
    let data: string | Buffer | undefined;
    if (x.rawBody !== undefined) {
      data = x.rawBody;
      headers["Content-Type"] ??= "application/octet-stream";
    } else if (x.body !== undefined) {
      data = JSON.stringify(x.body);
      headers["Content-Type"] ??= "application/json";
    }
    const logBase = {
      method: x.method,
      url,
      caller: this.callerLabel(),
      microversion: x.microversion,
      request_body: x.rawBody !== undefined ? `(${x.rawBody.length} bytes)` : maskAndTruncate(x.body),
    };
    try {
      const res = await this.axios.request<string>({ method: x.method, url, headers, data, timeout: x.timeoutMs });
      const text = typeof res.data === "string" ? res.data : "";
      const h = flatHeaders(res.headers);
      const result: ExchangeResult = {
        status: res.status,
        url,
        headers: h,
        body: parseBody(text),
        requestId: requestIdOf(h),
      };
      const retryNote = res.status === 429 || res.status === 503 ? `Retry-After ${h["retry-after"] ?? "absent"}` : "";
      this.write({
        ...logBase,
        status: res.status,
        started,
        request_id: result.requestId,
        response_body: maskAndTruncate(result.body),
        note: [note, retryNote].filter(Boolean).join("; ") || undefined,
      });
      return result;
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      const code = typeof e === "object" && e !== null && "code" in e ? ` [${String(e.code)}]` : "";
      this.write({ ...logBase, status: 0, started, note: `${note ? `${note}; ` : ""}no response: ${why}${code}` });
      const timeout = x.timeoutMs ?? this.http.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      throw new ConnectionError(
        `${x.method} ${url}: no response: ${why}${code}` +
          `${timeout ? ` (timeout ${timeout} ms)` : ""}; check the endpoint URL, that the service is up, and TLS settings (ca/insecure)`,
      );
    }
  }

  private callerLabel(): string | undefined {
    try {
      return this.http.caller?.();
    } catch {
      return undefined;
    }
  }

  private write(e: {
    method: string;
    url: string;
    status: number;
    started: number;
    caller?: string;
    microversion?: string;
    request_id?: string;
    request_body?: unknown;
    response_body?: unknown;
    note?: string;
  }): void {
    const log = this.http.log;
    if (!log) return;
    log({
      ts: new Date(e.started).toISOString(),
      method: e.method,
      url: e.url,
      status: e.status,
      duration_ms: Date.now() - e.started,
      request_id: e.request_id,
      caller: e.caller,
      microversion: e.microversion,
      request_body: e.request_body,
      response_body: e.response_body,
      note: e.note,
    });
  }
}
