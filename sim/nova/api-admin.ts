// Flavors, keypairs, os-services, os-hypervisors, os-migrations and os-instance-actions.

import { createHash, randomUUID } from "node:crypto";
import { badRequest, conflict, notFound } from "../http/router.js";
import { generateEd25519 } from "../userland/sshKeys.js";
import { type NovaCtx, obj, policyDenied, requireAdmin, requireProjectRole } from "./context.js";
import { json, type NovaCore, type Route } from "./core.js";
import { listedFlavors, parseFlavorCreate } from "./flavor-manage.js";
import { type Flavor, type Keypair, naiveNow } from "./model.js";
import { validateBody } from "./validate.js";
import {
  actionDetailView,
  actionView,
  flavorBasicView,
  flavorDetailView,
  keypairView,
  migrationView,
} from "./views.js";

/** MD5 fingerprint of an OpenSSH public key line (nova/crypto.py generate_fingerprint). */
export function fingerprint(publicKey: string): string {
  const parts = publicKey.trim().split(/\s+/);
  const blob = parts[1];
  if (!blob || !/^ssh-|^ecdsa-/.test(parts[0] ?? "")) {
    throw badRequest("Keypair data is invalid: failed to generate fingerprint");
  }
  const hex = createHash("md5").update(Buffer.from(blob, "base64")).digest("hex");
  return hex.match(/../g)?.join(":") ?? hex;
}

export function registerAdminRoutes(route: Route, core: NovaCore): void {
  const { db, compute, deps } = core;

  // --- flavors ---
  // Non-admins see public flavors only (the simulator keeps no flavor-access lists).
  const flavorOr404 = (ctx: NovaCtx, id: string) => {
    const f = db.flavorByApiId(id);
    if (!f || (!f.isPublic && !ctx.auth.isAdmin)) throw notFound(`Flavor ${id} could not be found.`);
    return f;
  };
  route("GET", "/flavors", (ctx) =>
    json(200, { flavors: listedFlavors(ctx, db.flavors).map((f) => flavorBasicView(ctx, f)) }),
  );
  route("GET", "/flavors/detail", (ctx) =>
    json(200, { flavors: listedFlavors(ctx, db.flavors).map((f) => flavorDetailView(ctx, f)) }),
  );
  route("GET", "/flavors/:id", (ctx) =>
    json(200, { flavor: flavorDetailView(ctx, flavorOr404(ctx, ctx.req.params.id ?? "")) }),
  );
  route("GET", "/flavors/:id/os-extra_specs", (ctx) =>
    json(200, { extra_specs: { ...flavorOr404(ctx, ctx.req.params.id ?? "").extraSpecs } }),
  );
  // flavors.py create/delete. Instances hold their own Flavor object, so a deleted flavor lives on in server.flavor
  // (and in a resize revert); internal ids are never reused, as the database's autoincrement.
  let nextFlavorId = Math.max(0, ...db.flavors.map((f) => f.id)) + 1;
  route("POST", "/flavors", (ctx) => {
    const v = parseFlavorCreate(ctx);
    requireAdmin(ctx, "os_compute_api:os-flavor-manage:create");
    if (db.flavorByApiId(v.flavorid)) throw conflict(`Flavor with ID ${v.flavorid} already exists.`);
    if (db.flavors.some((f) => f.name === v.name)) throw conflict(`Flavor with name ${v.name} already exists.`);
    const f: Flavor = { id: nextFlavorId++, ...v, extraSpecs: {} };
    db.flavors.push(f);
    return json(200, { flavor: flavorDetailView(ctx, f) });
  });
  route("DELETE", "/flavors/:id", (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-flavor-manage:delete");
    const id = ctx.req.params.id ?? "";
    const i = db.flavors.findIndex((f) => f.flavorid === id);
    if (i < 0) throw notFound(`Flavor ${id} could not be found.`);
    db.flavors.splice(i, 1);
    return json(202);
  });

  // --- keypairs ---
  const keypairUser = (ctx: NovaCtx): string => {
    const u = ctx.req.query.get("user_id");
    if (u && u !== ctx.auth.userId) {
      if (!ctx.auth.isAdmin) throw policyDenied("os_compute_api:os-keypairs:index");
      return u;
    }
    return ctx.auth.userId;
  };
  const keypairOr404 = (ctx: NovaCtx): Keypair => {
    const user = keypairUser(ctx);
    const name = ctx.req.params.name ?? "";
    const k = db.keypairs.find((x) => x.name === name && x.userId === user);
    if (!k) throw notFound(`Keypair ${name} not found for user ${user}`);
    return k;
  };
  route("POST", "/os-keypairs", (ctx) => {
    const v292 = ctx.v.atLeast("2.92");
    validateBody(
      {
        type: "object",
        properties: {
          keypair: {
            type: "object",
            properties: {
              name: {
                type: "string",
                minLength: 1,
                maxLength: 255,
                pattern: v292 ? "^[a-zA-Z0-9 _.@-]+$" : "^[a-zA-Z0-9 _-]+$",
              },
              public_key: { type: "string" },
              ...(ctx.v.atLeast("2.2") ? { type: { type: "string", enum: ["ssh", "x509"] } } : {}),
              ...(ctx.v.atLeast("2.10") ? { user_id: { type: "string" } } : {}),
            },
            required: v292 ? ["name", "public_key"] : ["name"],
            additionalProperties: false,
          },
        },
        required: ["keypair"],
        additionalProperties: false,
      },
      ctx.req.body,
    );
    const k = obj(obj(ctx.req.body).keypair);
    const userId = typeof k.user_id === "string" ? k.user_id : ctx.auth.userId;
    if (userId !== ctx.auth.userId && !ctx.auth.isAdmin) throw policyDenied("os_compute_api:os-keypairs:create");
    const name = String(k.name);
    if (db.keypairs.some((x) => x.name === name && x.userId === userId)) {
      throw conflict(`Key pair '${name}' already exists.`);
    }
    let publicKey = typeof k.public_key === "string" ? k.public_key.trim() : "";
    let privateKey: string | undefined;
    if (!publicKey) {
      const pair = generateEd25519();
      publicKey = pair.public;
      privateKey = pair.private;
    }
    const kp: Keypair = {
      id: db.allocKeypairId(),
      name,
      userId,
      projectId: ctx.auth.projectId,
      publicKey,
      fingerprint: fingerprint(publicKey),
      type: k.type === "x509" ? "x509" : "ssh",
      createdAt: naiveNow(),
    };
    db.keypairs.push(kp);
    const view = keypairView(ctx, kp, { full: true });
    if (privateKey) view.private_key = privateKey;
    return json(ctx.v.atLeast("2.2") ? 201 : 200, { keypair: view });
  });
  route("GET", "/os-keypairs", (ctx) => {
    const user = keypairUser(ctx);
    const list = db.keypairs.filter((k) => k.userId === user);
    return json(200, { keypairs: list.map((k) => ({ keypair: keypairView(ctx, k, { full: false }) })) });
  });
  route("GET", "/os-keypairs/:name", (ctx) => {
    const k = keypairOr404(ctx);
    return json(200, {
      keypair: {
        ...keypairView(ctx, k, { full: true }),
        created_at: k.createdAt,
        deleted: false,
        deleted_at: null,
        id: k.id,
        updated_at: null,
      },
    });
  });
  route("DELETE", "/os-keypairs/:name", (ctx) => {
    const k = keypairOr404(ctx);
    db.keypairs.splice(db.keypairs.indexOf(k), 1);
    return json(ctx.v.atLeast("2.2") ? 204 : 202);
  });

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
  const hypervisorIds = new Map(deps.hosts.map((h, i) => [h.name, { id: i + 1, uuid: randomUUID() }]));
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

  // --- os-migrations ---
  route("GET", "/os-migrations", (ctx) => {
    if (!ctx.auth.isAdmin && !ctx.auth.roles.includes("manager")) {
      throw policyDenied("os_compute_api:os-migrations:index");
    }
    const q = ctx.req.query;
    let list = db.migrations.filter((m) => ctx.auth.isAdmin || m.projectId === ctx.auth.projectId);
    const eq = (key: string, get: (m: (typeof list)[number]) => string | null) => {
      const v = q.get(key);
      if (v !== null) list = list.filter((m) => get(m) === v);
    };
    eq("instance_uuid", (m) => m.instanceUuid);
    eq("status", (m) => m.status);
    eq("migration_type", (m) => m.migrationType);
    eq("source_compute", (m) => m.sourceCompute);
    const host = q.get("host");
    if (host !== null) list = list.filter((m) => m.sourceCompute === host || m.destCompute === host);
    if (ctx.v.atLeast("2.80")) {
      eq("user_id", (m) => m.userId);
      eq("project_id", (m) => m.projectId);
    }
    if (ctx.v.atLeast("2.59")) {
      list = [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
      const marker = q.get("marker");
      if (marker !== null) {
        const i = list.findIndex((m) => m.uuid === marker);
        if (i < 0) throw badRequest(`Marker ${marker} could not be found.`);
        list = list.slice(i + 1);
      }
      const limit = q.get("limit");
      if (limit !== null) list = list.slice(0, Math.max(0, Number(limit)));
    }
    return json(200, { migrations: list.map((m) => migrationView(ctx, m)) });
  });

  // --- os-instance-actions ---
  const actionsInstance = (ctx: NovaCtx): string => {
    const id = ctx.req.params.server_id ?? "";
    const inst = db.instances.get(id);
    const project = inst?.projectId ?? (ctx.v.atLeast("2.21") ? db.deletedInstances.get(id) : undefined);
    if (project === undefined || (!ctx.auth.isAdmin && project !== ctx.auth.projectId)) {
      throw notFound(`Instance ${id} could not be found.`);
    }
    requireProjectRole(ctx, "os_compute_api:os-instance-actions:list", project, "reader");
    return id;
  };
  route("GET", "/servers/:server_id/os-instance-actions", (ctx) => {
    const id = actionsInstance(ctx);
    const list = db.actions.filter((a) => a.instanceUuid === id).reverse();
    return json(200, { instanceActions: list.map((a) => actionView(ctx, a)) });
  });
  route("GET", "/servers/:server_id/os-instance-actions/:request_id", (ctx) => {
    const id = actionsInstance(ctx);
    const rid = ctx.req.params.request_id ?? "";
    const a = db.actions.find((x) => x.instanceUuid === id && x.requestId === rid);
    if (!a) throw notFound(`Action ${rid} not found`);
    return json(200, { instanceAction: actionDetailView(ctx, a) });
  });
}
