// /sim/v1: the simulator's admin-only control API (sim/README.md): the per-test fault set, every live resource of
// every room (what `vftest cleanup` and the leak tests compare), and the compute hosts' mounts and domains.

import type { ComputeHost } from "./contracts.js";
import { addTimingRoutes } from "./control-timing.js";
import { checkFaultNames, FAULT_PROFILES, type Faults } from "./faults.js";
import {
  badRequest,
  FaultError,
  forbidden,
  Router,
  requireAuth,
  type ServiceMount,
  type SimRequest,
  type SimResponse,
} from "./http/router.js";
import type { RecordingTiming } from "./timing.js";

export type ResourceRow = { id: string; name: string; project_id?: string; [k: string]: unknown };
export type ResourceSource = () => Record<string, ResourceRow[]>;

export interface ControlOptions {
  faults: Faults;
  /** Each room's listing; keys of the same name are concatenated. */
  resources: ResourceSource[];
  hosts: () => ComputeHost[];
  hostSshPort: () => number;
  /** Step latencies: GET /sim/v1/latencies (critical path of a window), GET/PUT /sim/v1/timing. */
  timing?: RecordingTiming;
}

const RESOURCE_KEYS = [
  "servers",
  "shares",
  "access_rules",
  "keypairs",
  "security_groups",
  "networks",
  "ports",
  "floating_ips",
  "projects",
  "users",
  "images",
  "flavors",
];

const errorBody = (status: number, message: string) => ({ error: { code: status, message } });

export function createControl(opts: ControlOptions): ServiceMount {
  const router = new Router();
  const faultsDoc = () => ({
    active: opts.faults.list(),
    available: FAULT_PROFILES.map((f) => ({ name: f.name, description: f.description, kind: f.kind })),
  });

  router.on("GET", "/v1/faults", () => ({ status: 200, body: faultsDoc() }));
  router.on("PUT", "/v1/faults", (req) => {
    const body = req.body;
    const names =
      typeof body === "object" && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>).faults
        : undefined;
    if (!Array.isArray(names) || !names.every((n): n is string => typeof n === "string")) {
      throw badRequest('expected a body {"faults": ["<profile name>", ...]}; GET /sim/v1/faults lists the names');
    }
    try {
      checkFaultNames(names);
    } catch (e) {
      throw badRequest(e instanceof Error ? e.message : String(e));
    }
    opts.faults.setPerTest(names);
    return { status: 200, body: faultsDoc() };
  });
  router.on("GET", "/v1/resources", () => {
    const out: Record<string, ResourceRow[]> = Object.fromEntries(RESOURCE_KEYS.map((k) => [k, []]));
    for (const source of opts.resources) {
      for (const [k, rows] of Object.entries(source())) out[k] = [...(out[k] ?? []), ...rows];
    }
    return { status: 200, body: out };
  });
  if (opts.timing) addTimingRoutes(router, opts.timing);
  router.on("GET", "/v1/hosts", () => ({
    status: 200,
    body: opts.hosts().map((h) => ({
      name: h.name,
      ctlplane_ip: h.ctlplaneIp,
      storage_ip: h.storageIp,
      ssh_port: opts.hostSshPort(),
      up: h.up,
      mounts: h.mounts().map((m) => ({
        export_location: m.exportLocation,
        mount_path: m.mountPath,
        fstype: m.fsType,
        read_only: m.readOnly,
      })),
      domains: h.domains().map((d) => ({
        name: d.instanceName,
        uuid: d.uuid,
        state: d.state,
        filesystems: d.filesystems.map((f) => ({
          source_dir: f.sourceDir,
          tag: f.tag,
          read_only: f.readOnly === true,
        })),
      })),
    })),
  }));

  return {
    prefix: "/sim",
    async handle(req: SimRequest): Promise<SimResponse> {
      try {
        const auth = requireAuth(req);
        if (!auth.isAdmin) throw forbidden("the simulator control API requires an admin token");
        const { handler, params } = router.match(req.method, req.path);
        return await handler({ ...req, params });
      } catch (e) {
        if (e instanceof FaultError) return { status: e.status, body: errorBody(e.status, e.message) };
        return { status: 500, body: errorBody(500, "unexpected error in the control API") };
      }
    },
  };
}
