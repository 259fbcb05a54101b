// RestClient: one service type on one KeystoneAuth. Adds the token (one re-auth on 401), microversion headers and
// the echo check, expected-status check, typed errors, and schema validation of every response body.
import type { KeystoneAuth } from "./auth.js";
import { MicroversionMismatchError, SchemaValidationError, UnauthorizedError, VftestError } from "./errors.js";
import type { HttpOptions, Interface } from "./http-options.js";
import { compareMicroversions, LATEST } from "./microversion.js";
import { type SchemaRef, schemaName, validateResponse } from "./schemas/index.js";
import { type ExchangeResult, errorForResponse, type Query, Transport } from "./transport.js";

export interface RestClientOptions {
  auth: KeystoneAuth;
  serviceType: string;
  /** Default microversion for every request ("latest" allowed: then no echo check). */
  microversion?: string;
  /** Defaults to the auth's transport options. */
  http?: HttpOptions;
  interface?: Interface;
  region?: string;
  /** Fixed base URL instead of the catalog/override lookup (e.g. identity = the auth URL). */
  baseUrl?: string;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: Buffer;
  query?: Query;
  headers?: Record<string, string>;
  /** Success statuses; anything else throws. */
  expected: number[];
  schema?: SchemaRef;
  /** Overrides the client's microversion for this request. */
  microversion?: string;
  /** Per-request timeout (ms), overriding the transport's. */
  timeoutMs?: number;
  /** Absolute URL instead of endpoint + path (e.g. the unversioned root for version discovery). */
  absoluteUrl?: string;
}

export interface RestResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string>;
  requestId?: string;
  /** The microversion the cloud echoed, when it did. */
  microversion?: string;
  url: string;
  /** When the response arrived (epoch ms), before it was checked: the moment an action was answered. */
  answeredAt: number;
}

/** How a service spells its microversion headers. */
function microversionHeaders(serviceType: string, v: string): Record<string, string> {
  switch (serviceType) {
    case "compute":
      return { "OpenStack-API-Version": `compute ${v}`, "X-OpenStack-Nova-API-Version": v };
    case "shared-file-system":
    case "sharev2":
      return { "X-OpenStack-Manila-API-Version": v };
    default:
      return { "OpenStack-API-Version": `${serviceType} ${v}` };
  }
}

/** The microversion the response says it was served at, if the service echoes one. */
export function echoedMicroversion(serviceType: string, headers: Record<string, string>): string | undefined {
  const generic = headers["openstack-api-version"];
  if (generic) {
    const [svc, ver] = generic.trim().split(/\s+/);
    if (ver && (svc === serviceType || (serviceType === "shared-file-system" && svc === "sharev2"))) return ver;
  }
  if (serviceType === "compute") return headers["x-openstack-nova-api-version"];
  if (serviceType === "shared-file-system" || serviceType === "sharev2")
    return headers["x-openstack-manila-api-version"];
  return undefined;
}

const MICROVERSIONED = new Set(["compute", "shared-file-system", "sharev2", "placement", "volumev3", "block-storage"]);

export class RestClient {
  readonly serviceType: string;
  readonly microversion?: string;
  private readonly transport: Transport;

  constructor(private readonly opts: RestClientOptions) {
    this.serviceType = opts.serviceType;
    this.microversion = opts.microversion;
    this.transport = opts.http ? new Transport(opts.http) : opts.auth.transport;
  }

  get auth(): KeystoneAuth {
    return this.opts.auth;
  }

  /** A copy pinned to another microversion (same auth, transport options and log). */
  withMicroversion(microversion: string | undefined): RestClient {
    return new RestClient({ ...this.opts, microversion });
  }

  async endpoint(): Promise<string> {
    if (this.opts.baseUrl) return this.opts.baseUrl.replace(/\/+$/, "");
    return this.opts.auth.endpointFor(this.serviceType, { interface: this.opts.interface, region: this.opts.region });
  }

  async request<T>(method: string, path: string, o: RequestOptions): Promise<RestResponse<T>> {
    const url = o.absoluteUrl ?? `${await this.endpoint()}${path.startsWith("/") ? path : `/${path}`}`;
    const mv = o.microversion ?? this.microversion;
    const send = async (): Promise<ExchangeResult> => {
      const headers: Record<string, string> = { "X-Auth-Token": await this.opts.auth.getToken(), ...o.headers };
      if (mv && MICROVERSIONED.has(this.serviceType)) Object.assign(headers, microversionHeaders(this.serviceType, mv));
      return this.transport.send({
        method,
        url,
        query: o.query,
        headers,
        body: o.body,
        rawBody: o.rawBody,
        microversion: mv,
        timeoutMs: o.timeoutMs,
      });
    };
    let r = await send();
    if (r.status === 401 && !o.expected.includes(401)) {
      // The token may have been revoked or expired early: re-authenticate once, never loop.
      this.opts.auth.invalidate();
      r = await send();
    }
    const answeredAt = Date.now();
    if (!o.expected.includes(r.status)) {
      const err = errorForResponse(method, r, o.expected);
      if (err instanceof UnauthorizedError) {
        throw new UnauthorizedError(
          {
            method,
            url: r.url,
            status: 401,
            requestId: r.requestId,
            body: err.body,
            cloudMessage: `${err.cloudMessage} (after one re-authentication; check the account's roles and token validity)`,
          },
          "Unauthorized",
        );
      }
      throw err;
    }
    const echoed = echoedMicroversion(this.serviceType, r.headers);
    if (mv && mv !== LATEST && MICROVERSIONED.has(this.serviceType)) {
      if (echoed === undefined || compareMicroversions(echoed, mv) !== 0) {
        throw new MicroversionMismatchError(
          `${method} ${r.url}: asked for ${this.serviceType} microversion ${mv} but the response ` +
            `${echoed === undefined ? "echoed none" : `echoed ${echoed}`}` +
            `${r.requestId ? ` (request-id ${r.requestId})` : ""}; ` +
            "check the endpoint is the versioned API and that the cloud supports this microversion",
        );
      }
    }
    if (o.schema) {
      const at = mv === LATEST || mv === undefined ? echoed : mv;
      const body = r.body === undefined ? null : r.body;
      const problems = validateResponse(o.schema.api, at, body);
      if (problems.length > 0) {
        throw new SchemaValidationError(method, r.url, schemaName(o.schema.api, at), problems, r.requestId);
      }
    }
    return {
      status: r.status,
      body: r.body as T,
      headers: r.headers,
      requestId: r.requestId,
      microversion: echoed,
      url: r.url,
      answeredAt,
    };
  }

  /**
   * The min/max microversion the service supports, from its versions document: Nova `{"version": {...}}` at the
   * versioned endpoint, Manila `{"versions": [{..., "status": "CURRENT"}]}` at the unversioned root.
   */
  async discoverMicroversions(): Promise<{ min: string; max: string }> {
    const ep = await this.endpoint();
    const candidates = [`${ep}/`, `${new URL(ep).origin}${new URL(ep).pathname.replace(/\/v[\d.]+(\/.*)?$/, "")}/`];
    const seen: string[] = [];
    let lastError: unknown;
    for (const url of [...new Set(candidates)]) {
      try {
        const r = await this.request<unknown>("GET", "", { absoluteUrl: url, expected: [200, 300], microversion: "" });
        const found = pickVersion(r.body, ep);
        if (found) return found;
        seen.push(`${url} -> ${JSON.stringify(r.body).slice(0, 200)}`);
      } catch (e) {
        lastError = e;
        seen.push(`${url} -> ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (lastError && seen.length === 1) throw lastError;
    throw new VftestError(
      `${this.serviceType}: no min_version/version in the versions document (${seen.join("; ")}); ` +
        "is the endpoint a microversioned API?",
    );
  }
}

function pickVersion(body: unknown, endpoint: string): { min: string; max: string } | undefined {
  const asPair = (v: unknown): { min: string; max: string } | undefined => {
    if (typeof v !== "object" || v === null) return undefined;
    const r = v as Record<string, unknown>;
    return typeof r.min_version === "string" && typeof r.version === "string" && r.version !== ""
      ? { min: r.min_version, max: r.version }
      : undefined;
  };
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (b.version) return asPair(b.version);
  if (Array.isArray(b.versions)) {
    const list = b.versions as Record<string, unknown>[];
    const byLink = list.find(
      (v) =>
        Array.isArray(v.links) &&
        v.links.some(
          (l: { href?: unknown }) =>
            typeof l?.href === "string" && endpoint.startsWith(String(l.href).replace(/\/+$/, "")),
        ),
    );
    const current = list.find((v) => v.status === "CURRENT");
    return asPair(byLink ?? current);
  }
  return undefined;
}
