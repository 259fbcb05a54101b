// Keystone v3 authentication: password or application credential, project/domain/unscoped, one cached token
// (shared by every RestClient built on this auth), and service-catalog lookup with per-service overrides.
import { UnauthorizedError, VftestError } from "./errors.js";
import type { HttpOptions, Interface } from "./http-options.js";
import { errorForResponse, Transport } from "./transport.js";

export interface KeystoneAuthOptions {
  /** Keystone v3 base, e.g. http://127.0.0.1:5000/identity/v3 ("/v3" is appended when missing). */
  authUrl: string;
  username?: string;
  userId?: string;
  password?: string;
  userDomainName?: string;
  userDomainId?: string;
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  domainName?: string;
  domainId?: string;
  interface?: Interface;
  region?: string;
  /** Service type -> base URL, used instead of the catalog. */
  endpointOverride?: Record<string, string>;
  http?: HttpOptions;
}

export interface CatalogEndpoint {
  interface: string;
  region?: string;
  region_id?: string;
  url: string;
  id?: string;
}

export interface CatalogService {
  type: string;
  name?: string;
  id?: string;
  endpoints: CatalogEndpoint[];
}

export interface TokenInfo {
  expiresAt: Date;
  userId: string;
  userName?: string;
  projectId?: string;
  projectName?: string;
  domainId?: string;
  roles: string[];
  catalog: CatalogService[];
  requestId?: string;
}

interface CachedToken {
  token: string;
  info: TokenInfo;
}

/** Tokens expiring within this margin are renewed before use. */
const EXPIRY_MARGIN_MS = 60_000;

export class KeystoneAuth {
  readonly transport: Transport;
  private cached?: Promise<CachedToken>;

  constructor(readonly options: KeystoneAuthOptions) {
    this.transport = new Transport(options.http);
  }

  get authUrl(): string {
    const u = this.options.authUrl.replace(/\/+$/, "");
    return /\/v3$/.test(u) ? u : `${u}/v3`;
  }

  /** A valid token, from cache when not near expiry. */
  async getToken(): Promise<string> {
    return (await this.current()).token;
  }

  async tokenInfo(): Promise<TokenInfo> {
    return (await this.current()).info;
  }

  /** Drop the cached token; the next call re-authenticates. */
  invalidate(): void {
    this.cached = undefined;
  }

  /** Authenticate now (POST /auth/tokens), replacing the cached token. */
  async authenticate(): Promise<TokenInfo> {
    this.cached = this.issue();
    try {
      return (await this.cached).info;
    } catch (e) {
      this.cached = undefined;
      throw e;
    }
  }

  /** Base URL of a service: the override if one is set for the type, else the catalog entry for interface/region. */
  async endpointFor(serviceType: string, opts: { interface?: Interface; region?: string } = {}): Promise<string> {
    const override = this.options.endpointOverride?.[serviceType];
    if (override) return override.replace(/\/+$/, "");
    const iface = opts.interface ?? this.options.interface ?? "public";
    const region = opts.region ?? this.options.region;
    const { catalog } = await this.tokenInfo();
    const service = catalog.find((s) => s.type === serviceType);
    const have = catalog
      .map((s) => `${s.type}[${s.endpoints.map((e) => `${e.interface}@${e.region_id ?? e.region ?? "-"}`).join(",")}]`)
      .join(" ");
    if (!service) {
      throw new VftestError(
        `no "${serviceType}" service in the Keystone catalog (catalog has: ${have || "nothing"}); ` +
          `set an endpoint override for "${serviceType}" or fix the catalog`,
      );
    }
    const ep = service.endpoints.find(
      (e) => e.interface === iface && (region === undefined || e.region_id === region || e.region === region),
    );
    if (!ep) {
      throw new VftestError(
        `no ${iface} endpoint for "${serviceType}"${region ? ` in region ${region}` : ""} in the Keystone catalog ` +
          `(catalog has: ${have}); choose another interface/region or set an endpoint override`,
      );
    }
    return ep.url.replace(/\/+$/, "");
  }

  private current(): Promise<CachedToken> {
    const c = this.cached;
    if (c) {
      return c.then((t) => {
        if (t.info.expiresAt.getTime() - Date.now() > EXPIRY_MARGIN_MS || this.cached !== c) return t;
        this.cached = undefined;
        return this.current();
      });
    }
    const p = this.issue();
    this.cached = p;
    p.catch(() => {
      if (this.cached === p) this.cached = undefined;
    });
    return p;
  }

  private identity(): Record<string, unknown> {
    const o = this.options;
    if (o.applicationCredentialSecret !== undefined && (o.applicationCredentialId || o.applicationCredentialName)) {
      const ac: Record<string, unknown> = { secret: o.applicationCredentialSecret };
      if (o.applicationCredentialId) ac.id = o.applicationCredentialId;
      else {
        ac.name = o.applicationCredentialName;
        ac.user = this.user();
      }
      return { methods: ["application_credential"], application_credential: ac };
    }
    if (o.password === undefined || (!o.username && !o.userId)) {
      throw new VftestError(
        `Keystone auth at ${this.authUrl}: no credentials: set username (or userId) and password, ` +
          "or applicationCredentialId and applicationCredentialSecret",
      );
    }
    return { methods: ["password"], password: { user: { ...this.user(), password: o.password } } };
  }

  private user(): Record<string, unknown> {
    const o = this.options;
    if (o.userId) return { id: o.userId };
    const domain = o.userDomainId ? { id: o.userDomainId } : { name: o.userDomainName ?? "Default" };
    return { name: o.username, domain };
  }

  private scope(): Record<string, unknown> | undefined {
    const o = this.options;
    if (o.applicationCredentialSecret !== undefined) return undefined; // app credentials carry their own scope
    if (o.projectId) return { project: { id: o.projectId } };
    if (o.projectName) {
      const domain = o.projectDomainId ? { id: o.projectDomainId } : { name: o.projectDomainName ?? "Default" };
      return { project: { name: o.projectName, domain } };
    }
    if (o.domainId) return { domain: { id: o.domainId } };
    if (o.domainName) return { domain: { name: o.domainName } };
    return undefined;
  }

  private async issue(): Promise<CachedToken> {
    const scope = this.scope();
    const body = { auth: { identity: this.identity(), ...(scope ? { scope } : {}) } };
    const url = `${this.authUrl}/auth/tokens`;
    const r = await this.transport.send({ method: "POST", url, body });
    if (r.status !== 201) {
      const err = errorForResponse("POST", r, [201]);
      if (err instanceof UnauthorizedError) {
        throw new UnauthorizedError(
          {
            method: "POST",
            url,
            status: 401,
            requestId: r.requestId,
            cloudMessage: `${err.cloudMessage} — Keystone rejected the credentials for ${this.who()}; check user, domain, project and secret`,
          },
          "Unauthorized",
        );
      }
      throw err;
    }
    const token = r.headers["x-subject-token"];
    if (!token)
      throw new VftestError(`POST ${url} -> 201 without an X-Subject-Token header (request-id ${r.requestId})`);
    return { token, info: parseToken(r.body, r.requestId, url) };
  }

  /** Who we authenticate as, for error messages (never the secret). */
  private who(): string {
    const o = this.options;
    if (o.applicationCredentialId) return `application credential ${o.applicationCredentialId}`;
    if (o.applicationCredentialName) return `application credential ${o.applicationCredentialName}`;
    const scope = o.projectName ? ` project ${o.projectName}` : o.projectId ? ` project ${o.projectId}` : "";
    return `user ${o.username ?? o.userId}${scope}`;
  }
}

function rec(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function parseToken(body: unknown, requestId: string | undefined, url: string): TokenInfo {
  const t = rec(rec(body).token);
  const expires = str(t.expires_at);
  if (!expires) throw new VftestError(`POST ${url}: token response has no token.expires_at (request-id ${requestId})`);
  const user = rec(t.user);
  const project = rec(t.project);
  const domain = rec(t.domain);
  const catalog = Array.isArray(t.catalog) ? t.catalog.map(rec) : [];
  return {
    expiresAt: new Date(expires),
    userId: str(user.id) ?? "",
    userName: str(user.name),
    projectId: str(project.id),
    projectName: str(project.name),
    domainId: str(domain.id),
    roles: Array.isArray(t.roles) ? t.roles.map((r) => str(rec(r).name) ?? "") : [],
    catalog: catalog.map((s) => ({
      type: str(s.type) ?? "",
      name: str(s.name),
      id: str(s.id),
      endpoints: (Array.isArray(s.endpoints) ? s.endpoints.map(rec) : []).map((e) => ({
        interface: str(e.interface) ?? "",
        region: str(e.region),
        region_id: str(e.region_id),
        url: str(e.url) ?? "",
        id: str(e.id),
      })),
    })),
    requestId,
  };
}
