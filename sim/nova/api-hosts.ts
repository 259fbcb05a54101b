// /os-services (list, forced_down/status updates) and /os-hypervisors: the compute hosts as Nova reports them.

import { badRequest, notFound } from "../http/router.js";
import { type NovaCtx, obj, requireAdmin } from "./context.js";
import { json, type NovaCore, type Route } from "./core.js";
import { naiveNow } from "./model.js";
import { validateBody } from "./validate.js";

export function registerHostRoutes(route: Route, core: NovaCore): void {
  const { db, compute, deps } = core;
  // --- os-services ---
  const hostOfService = (host: string) => deps.hosts.find((h) => h.name === host);
  const serviceView = (ctx: NovaCtx, s: (typeof db.services)[number]) => {
    const h = hostOfService(s.host);
    const up = h ? compute.serviceUp(h) : !s.forcedDown;
    const out: Record<string, unknown> = {
      id: ctx.v.atLeast("2.53") ? s.uuid : s.id,
      binary: s.binary,
      disabled_reason: s.disabledReason,
      host: s.host,
      state: up ? "up" : "down",
      status: s.disabled ? "disabled" : "enabled",
      updated_at: s.updatedAt,
      zone: s.zone,
    };
    if (ctx.v.atLeast("2.11")) out.forced_down = s.forcedDown;
    return out;
  };
  route("GET", "/os-services", (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-services:list");
    const host = ctx.req.query.get("host");
    const binary = ctx.req.query.get("binary");
    const list = db.services.filter((s) => (!host || s.host === host) && (!binary || s.binary === binary));
    for (const s of list) s.updatedAt = naiveNow();
    return json(200, { services: list.map((s) => serviceView(ctx, s)) });
  });
  route(
    "PUT",
    "/os-services/:id",
    (ctx) => {
      requireAdmin(ctx, "os_compute_api:os-services:update");
      validateBody(
        {
          type: "object",
          properties: {
            status: { type: "string", enum: ["enabled", "disabled"] },
            disabled_reason: { type: "string", minLength: 1, maxLength: 255 },
            forced_down: { type: "boolean" },
          },
          additionalProperties: false,
        },
        ctx.req.body,
      );
      const s = db.services.find((x) => x.uuid === ctx.req.params.id);
      if (!s) throw notFound(`Service ${ctx.req.params.id} could not be found.`);
      const b = obj(ctx.req.body);
      if (b.status === undefined && b.forced_down === undefined) {
        throw badRequest("No updates were requested. Fields 'status' or 'forced_down' should be specified.");
      }
      if (b.status === "disabled") {
        s.disabled = true;
        s.disabledReason = typeof b.disabled_reason === "string" ? b.disabled_reason : null;
      } else if (b.status === "enabled") {
        s.disabled = false;
        s.disabledReason = null;
      }
      if (typeof b.forced_down === "boolean") s.forcedDown = b.forced_down;
      return json(200, { service: serviceView(ctx, s) });
    },
    "2.53",
  );

  // --- os-hypervisors ---
  const hypervisorIds = new Map(deps.hosts.map((h, i) => [h.name, { id: i + 1, uuid: compute.nodeUuid(h) }]));
  const hypervisorView = (ctx: NovaCtx, name: string, detail: boolean) => {
    const h = hostOfService(name);
    const ids = hypervisorIds.get(name);
    const svc = db.services.find((s) => s.binary === "nova-compute" && s.host === name);
    const uuids = ctx.v.atLeast("2.53");
    const out: Record<string, unknown> = {
      id: uuids ? ids?.uuid : ids?.id,
      hypervisor_hostname: name,
      state: h && compute.serviceUp(h) ? "up" : "down",
      status: svc?.disabled ? "disabled" : "enabled",
    };
    if (!detail) return out;
    const running = [...db.instances.values()].filter((i) => i.host === name);
    Object.assign(out, {
      hypervisor_type: "QEMU",
      hypervisor_version: 8002000,
      host_ip: h?.ctlplaneIp ?? null,
      service: {
        host: name,
        id: uuids ? svc?.uuid : svc?.id,
        disabled_reason: svc?.disabledReason ?? null,
      },
    });
    if (ctx.v.atLeast("2.88")) {
      out.uptime = null;
    } else {
      const ram = 16384;
      const used = running.reduce((n, i) => n + i.flavor.memoryMb, 0);
      const disk = running.reduce((n, i) => n + i.flavor.rootGb, 0);
      Object.assign(out, {
        vcpus: 8,
        memory_mb: ram,
        local_gb: 100,
        vcpus_used: running.reduce((n, i) => n + i.flavor.vcpus, 0),
        memory_mb_used: used,
        local_gb_used: disk,
        free_ram_mb: ram - used,
        free_disk_gb: 100 - disk,
        current_workload: 0,
        running_vms: running.length,
        disk_available_least: 100 - disk,
        cpu_info: "{}",
      });
    }
    return out;
  };
  route("GET", "/os-hypervisors", (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-hypervisors:list");
    return json(200, { hypervisors: deps.hosts.map((h) => hypervisorView(ctx, h.name, false)) });
  });
  route("GET", "/os-hypervisors/detail", (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-hypervisors:list-detail");
    return json(200, { hypervisors: deps.hosts.map((h) => hypervisorView(ctx, h.name, true)) });
  });
  route("GET", "/os-hypervisors/:id", (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-hypervisors:show");
    const id = ctx.req.params.id ?? "";
    const entry = [...hypervisorIds.entries()].find(([, v]) => v.uuid === id || String(v.id) === id);
    if (!entry) throw notFound(`Hypervisor with ID '${id}' could not be found.`);
    return json(200, { hypervisor: hypervisorView(ctx, entry[0], true) });
  });
}
