// The simulated Nova: `createNova(deps)` builds the compute API mount ("/compute"), its in-memory database and
// the compute side. Requests are negotiated (microversion), authenticated, routed, and every error becomes a
// Nova fault body carrying the version headers; an unexpected exception is a logged 500, never a crash.

import {
  FaultError,
  notFound,
  novaFaultBody,
  Router,
  requireAuth,
  type ServiceMount,
  type SimRequest,
  type SimResponse,
} from "../http/router.js";
import { registerActionRoutes } from "./api-actions.js";
import { registerAdminRoutes } from "./api-admin.js";
import { registerServerRoutes } from "./api-servers.js";
import { registerShareRoutes } from "./api-shares.js";
import { Compute } from "./compute.js";
import type { NovaCtx } from "./context.js";
import type { NovaCore, NovaHandler } from "./core.js";
import { type NovaDeps, RELEASES } from "./deps.js";
import { ApiVersion, MIN, negotiate, versionHeaders } from "./microversion.js";
import { ColdMigrations } from "./migrate.js";
import { type Flavor, NovaDb, naiveNow } from "./model.js";

export type { NovaDeps, Release } from "./deps.js";

export interface ResourceRow {
  id: string;
  name: string;
  project_id?: string;
  [k: string]: unknown;
}

export interface Nova {
  mount: ServiceMount;
  core: NovaCore;
  listResources(): { servers: ResourceRow[]; keypairs: ResourceRow[]; flavors: ResourceRow[] };
  /** Waits for every background (cast) operation to finish. */
  drain(): Promise<void>;
}

export const FLAVORS: readonly Flavor[] = [
  { id: 1, flavorid: "1", name: "m1.tiny", memoryMb: 512, vcpus: 1, rootGb: 1 },
  { id: 2, flavorid: "2", name: "m1.tiny.alt", memoryMb: 1024, vcpus: 1, rootGb: 2 },
  { id: 3, flavorid: "3", name: "m1.small", memoryMb: 2048, vcpus: 2, rootGb: 4 },
].map((f) => ({ ...f, ephemeralGb: 0, swap: 0, extraSpecs: {}, isPublic: true, description: null }));

const VERSION_UPDATED = "2013-07-23T11:33:21Z";

function versionDoc(base: string, max: ApiVersion): Record<string, unknown> {
  return {
    id: "v2.1",
    status: "CURRENT",
    version: String(max),
    min_version: String(MIN),
    updated: VERSION_UPDATED,
    links: [{ rel: "self", href: `${base}/v2.1/` }],
  };
}

export function createNova(deps: NovaDeps): Nova {
  const db = new NovaDb(FLAVORS.map((f) => ({ ...f, extraSpecs: { ...f.extraSpecs } })));
  const now = naiveNow();
  let sid = 1;
  for (const binary of ["nova-scheduler", "nova-conductor"]) {
    db.services.push(svc(sid++, binary, "controller", "internal"));
  }
  for (const h of deps.hosts) db.services.push(svc(sid++, "nova-compute", h.name, "nova"));
  function svc(id: number, binary: string, host: string, zone: string) {
    return {
      id,
      uuid: crypto.randomUUID(),
      binary,
      host,
      zone,
      disabled: false,
      disabledReason: null,
      forcedDown: false,
      updatedAt: now,
    };
  }

  const compute = new Compute(deps, db);
  const core: NovaCore = {
    db,
    compute,
    migrations: new ColdMigrations(compute),
    deps,
    maxVersion: ApiVersion.parse(RELEASES[deps.release].maxVersion),
  };

  const router = new Router();
  const contexts = new WeakMap<SimRequest, NovaCtx>();
  const route = (method: string, path: string, handler: NovaHandler, minVersion?: string) => {
    router.on(method, path, (req) => {
      const ctx = contexts.get(req);
      if (!ctx) throw new Error("compute API context missing");
      if (minVersion && !ctx.v.atLeast(minVersion)) throw notFound("The resource could not be found.");
      return handler(ctx);
    });
  };
  registerServerRoutes(route, core);
  registerActionRoutes(route, core);
  registerShareRoutes(route, core);
  registerAdminRoutes(route, core);

  const handle = async (req: SimRequest): Promise<SimResponse> => {
    let version = MIN;
    try {
      const p = req.path.replace(/\/+$/, "");
      if (p === "" && req.method === "GET") {
        const v20 = { id: "v2.0", status: "SUPPORTED", version: "", min_version: "", updated: "2011-01-21T11:33:21Z" };
        return {
          status: 200,
          body: {
            versions: [
              { ...v20, links: [{ rel: "self", href: `${req.baseUrl}/v2/` }] },
              versionDoc(req.baseUrl, core.maxVersion),
            ],
          },
        };
      }
      version = negotiate(req.headers, core.maxVersion);
      if (p === "/v2.1" && req.method === "GET") {
        return withHeaders(
          { status: 200, body: { version: versionDoc(req.baseUrl, core.maxVersion) } },
          version,
          req.requestId,
        );
      }
      if (!p.startsWith("/v2.1/")) throw notFound("The resource could not be found.");
      const auth = requireAuth(req);
      let sub = p.slice("/v2.1".length);
      const seg = sub.split("/")[1] ?? "";
      if ((seg === auth.projectId || /^[0-9a-f]{32}$/.test(seg)) && sub.split("/").length > 2) {
        sub = sub.slice(seg.length + 1);
      }
      const { handler, params } = router.match(req.method, sub);
      const routed: SimRequest = { ...req, path: sub, params };
      contexts.set(routed, { req: routed, auth, v: version });
      return withHeaders(await handler(routed), version, req.requestId);
    } catch (e) {
      if (e instanceof FaultError) {
        return withHeaders(
          { status: e.status, body: e.body ?? novaFaultBody(e.status, e.message), headers: e.headers },
          version,
          req.requestId,
        );
      }
      deps.log?.(
        `nova: unexpected error in ${req.method} ${req.fullPath} (${req.requestId}): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      return withHeaders(
        {
          status: 500,
          body: novaFaultBody(
            500,
            "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.",
          ),
        },
        version,
        req.requestId,
      );
    }
  };

  return {
    mount: { prefix: "/compute", handle },
    core,
    drain: () => compute.drain(),
    listResources: () => ({
      servers: [...db.instances.values()].map((i) => ({
        id: i.uuid,
        name: i.name,
        project_id: i.projectId,
        status: i.vmState,
        host: i.host,
      })),
      keypairs: db.keypairs.map((k) => ({ id: k.name, name: k.name, project_id: k.projectId, user_id: k.userId })),
      flavors: db.flavors.map((f) => ({ id: f.flavorid, name: f.name })),
    }),
  };
}

function withHeaders(r: SimResponse, v: ApiVersion, requestId: string): SimResponse {
  return {
    ...r,
    headers: { ...(r.headers ?? {}), ...versionHeaders(v), "x-compute-request-id": requestId },
  };
}
