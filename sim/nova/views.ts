// Response bodies, field for field as nova/api/openstack/compute/views/*.py build them at each microversion.

import { bookmarkLink, hostId, type NovaCtx, selfLink } from "./context.js";
import type { Flavor, Instance, InstanceAction, Keypair, Migration, ShareMapping } from "./model.js";

const STATE_MAP: Record<string, Record<string, string>> = {
  active: {
    default: "ACTIVE",
    rebooting: "REBOOT",
    reboot_pending: "REBOOT",
    reboot_started: "REBOOT",
    rebooting_hard: "HARD_REBOOT",
    reboot_pending_hard: "HARD_REBOOT",
    reboot_started_hard: "HARD_REBOOT",
    rebuilding: "REBUILD",
    migrating: "MIGRATING",
    resize_prep: "RESIZE",
    resize_migrating: "RESIZE",
    resize_migrated: "RESIZE",
    resize_finish: "RESIZE",
  },
  building: { default: "BUILD" },
  stopped: {
    default: "SHUTOFF",
    resize_prep: "RESIZE",
    resize_migrating: "RESIZE",
    resize_migrated: "RESIZE",
    resize_finish: "RESIZE",
    rebuilding: "REBUILD",
  },
  resized: { default: "VERIFY_RESIZE", resize_reverting: "REVERT_RESIZE" },
  error: { default: "ERROR", rebuilding: "REBUILD" },
  deleted: { default: "DELETED" },
};

/** common.status_from_state. */
export function serverStatus(vmState: string, taskState: string | null): string {
  const m = STATE_MAP[vmState] ?? { default: "UNKNOWN" };
  return (taskState !== null ? m[taskState] : undefined) ?? m.default ?? "UNKNOWN";
}

const PROGRESS = ["ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING"];

export interface ServerViewOpts {
  floatingIpFor?: (fixedIp: string) => string | undefined;
  hostUp?: (host: string | null) => boolean;
  /** server_groups is in show (>= 2.71) but not in detail. */
  detail?: boolean;
}

function flavorView(ctx: NovaCtx, f: Flavor): Record<string, unknown> {
  if (!ctx.v.atLeast("2.47")) return { id: f.flavorid, links: bookmarkLink(ctx, "flavors", f.flavorid) };
  return {
    vcpus: f.vcpus,
    ram: f.memoryMb,
    disk: f.rootGb,
    ephemeral: f.ephemeralGb,
    swap: f.swap,
    original_name: f.name,
    extra_specs: { ...f.extraSpecs },
  };
}

function addresses(inst: Instance, opts: ServerViewOpts): Record<string, unknown[]> {
  if (inst.vmState === "building") return {};
  const out: Record<string, unknown[]> = {};
  for (const p of inst.ports) {
    const list = out[p.networkName] ?? [];
    out[p.networkName] = list;
    list.push({ version: 4, addr: p.ip, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": p.mac });
    const fip = opts.floatingIpFor?.(p.ip);
    if (fip) list.push({ version: 4, addr: fip, "OS-EXT-IPS:type": "floating", "OS-EXT-IPS-MAC:mac_addr": p.mac });
  }
  return out;
}

/** views/servers.py show(). */
export function serverView(ctx: NovaCtx, inst: Instance, opts: ServerViewOpts = {}): Record<string, unknown> {
  const admin = ctx.auth.isAdmin;
  const status = serverStatus(inst.vmState, inst.taskState);
  const s: Record<string, unknown> = {
    accessIPv4: "",
    accessIPv6: "",
    addresses: addresses(inst, opts),
    created: inst.createdAt,
    flavor: flavorView(ctx, inst.flavor),
    hostId: hostId(inst.host, inst.projectId),
    id: inst.uuid,
    image: {
      id: inst.imageRef,
      links: bookmarkLink(ctx, "images", inst.imageRef),
      ...(ctx.v.atLeast("2.98") ? { properties: {} } : {}),
    },
    links: selfLink(ctx, "servers", inst.uuid),
    metadata: { ...inst.metadata },
    name: inst.name,
    status,
    tenant_id: inst.projectId,
    user_id: inst.userId,
    updated: inst.updatedAt,
    "OS-DCF:diskConfig": "MANUAL",
  };
  if ((status === "ERROR" || status === "DELETED") && inst.fault) {
    const f: Record<string, unknown> = {
      code: inst.fault.code,
      created: inst.fault.created,
      message: inst.fault.message,
    };
    if (admin || inst.fault.code !== 500) f.details = inst.fault.details;
    s.fault = f;
  }
  if (PROGRESS.includes(status)) s.progress = inst.progress;
  s["OS-EXT-AZ:availability_zone"] = inst.host ? "nova" : "";
  s.config_drive = "";
  s.key_name = inst.keyName;
  s["OS-SRV-USG:launched_at"] = inst.launchedAt;
  s["OS-SRV-USG:terminated_at"] = null;
  s.security_groups = inst.securityGroups.map((name) => ({ name }));
  if (admin) {
    s["OS-EXT-SRV-ATTR:host"] = inst.host;
    s["OS-EXT-SRV-ATTR:instance_name"] = inst.instanceName;
    s["OS-EXT-SRV-ATTR:hypervisor_hostname"] = inst.node;
    if (ctx.v.atLeast("2.3")) {
      s["OS-EXT-SRV-ATTR:hostname"] = inst.hostname;
      s["OS-EXT-SRV-ATTR:kernel_id"] = "";
      s["OS-EXT-SRV-ATTR:launch_index"] = 0;
      s["OS-EXT-SRV-ATTR:ramdisk_id"] = "";
      s["OS-EXT-SRV-ATTR:reservation_id"] = inst.reservationId;
      s["OS-EXT-SRV-ATTR:root_device_name"] = "/dev/vda";
      s["OS-EXT-SRV-ATTR:user_data"] = null;
    }
  }
  s["OS-EXT-STS:task_state"] = inst.taskState;
  s["OS-EXT-STS:vm_state"] = inst.vmState;
  s["OS-EXT-STS:power_state"] = inst.powerState;
  s["os-extended-volumes:volumes_attached"] = [];
  if (ctx.v.atLeast("2.9")) s.locked = inst.lockedBy !== null;
  if (ctx.v.atLeast("2.16") && admin) {
    s.host_status = !inst.host ? "" : (opts.hostUp?.(inst.host) ?? true) ? "UP" : "DOWN";
  }
  if (ctx.v.atLeast("2.19")) s.description = inst.description;
  if (ctx.v.atLeast("2.26")) s.tags = [...inst.tags];
  if (ctx.v.atLeast("2.63")) s.trusted_image_certificates = null;
  if (ctx.v.atLeast("2.71") && !opts.detail) s.server_groups = [];
  if (ctx.v.atLeast("2.73")) s.locked_reason = inst.lockedReason;
  if (ctx.v.atLeast("2.90") && !admin) s["OS-EXT-SRV-ATTR:hostname"] = inst.hostname;
  if (ctx.v.atLeast("2.96")) s.pinned_availability_zone = null;
  if (ctx.v.atLeast("2.100")) s.scheduler_hints = {};
  return s;
}

export function serverBasicView(ctx: NovaCtx, inst: Instance): Record<string, unknown> {
  return { id: inst.uuid, links: selfLink(ctx, "servers", inst.uuid), name: inst.name };
}

/** views/flavors.py (detail form; list without details is {id, links, name[, description]}). */
export function flavorDetailView(ctx: NovaCtx, f: Flavor): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: f.flavorid,
    name: f.name,
    ram: f.memoryMb,
    disk: f.rootGb,
    vcpus: f.vcpus,
    links: selfLink(ctx, "flavors", f.flavorid),
    "OS-FLV-EXT-DATA:ephemeral": f.ephemeralGb,
    "OS-FLV-DISABLED:disabled": false,
    swap: ctx.v.atLeast("2.75") ? f.swap : f.swap === 0 ? "" : f.swap,
    "os-flavor-access:is_public": f.isPublic,
  };
  if (!ctx.v.atLeast("2.75")) out.rxtx_factor = 1.0;
  if (ctx.v.atLeast("2.55")) out.description = f.description;
  if (ctx.v.atLeast("2.61")) out.extra_specs = { ...f.extraSpecs };
  return out;
}

export function flavorBasicView(ctx: NovaCtx, f: Flavor): Record<string, unknown> {
  const out: Record<string, unknown> = { id: f.flavorid, links: selfLink(ctx, "flavors", f.flavorid), name: f.name };
  if (ctx.v.atLeast("2.55")) out.description = f.description;
  return out;
}

/** views/server_shares.py: list = share_id/status/tag only; show/create add uuid + export_location for admins. */
export function shareListItem(m: ShareMapping): Record<string, unknown> {
  return { share_id: m.shareId, status: m.status, tag: m.tag };
}

export function shareShowView(ctx: NovaCtx, m: ShareMapping): Record<string, unknown> {
  if (!ctx.auth.isAdmin) return shareListItem(m);
  return { uuid: m.uuid, share_id: m.shareId, status: m.status, export_location: m.exportLocation, tag: m.tag };
}

/** migrations.py _output(): fields by microversion; host fields null without the index:host policy (admin). */
export function migrationView(ctx: NovaCtx, m: Migration): Record<string, unknown> {
  const showHost = ctx.auth.isAdmin;
  const out: Record<string, unknown> = {
    created_at: m.createdAt,
    dest_compute: showHost ? m.destCompute : null,
    dest_host: showHost ? m.destHost : null,
    dest_node: showHost ? m.destNode : null,
    id: m.id,
    instance_uuid: m.instanceUuid,
    new_instance_type_id: m.newInstanceTypeId,
    old_instance_type_id: m.oldInstanceTypeId,
    source_compute: showHost ? m.sourceCompute : null,
    source_node: showHost ? m.sourceNode : null,
    status: m.status,
    updated_at: m.updatedAt,
  };
  if (ctx.v.atLeast("2.23")) out.migration_type = m.migrationType;
  if (ctx.v.atLeast("2.59")) out.uuid = m.uuid;
  if (ctx.v.atLeast("2.80")) {
    out.user_id = m.userId;
    out.project_id = m.projectId;
  }
  return out;
}

export function actionView(ctx: NovaCtx, a: InstanceAction): Record<string, unknown> {
  const out: Record<string, unknown> = {
    action: a.action,
    instance_uuid: a.instanceUuid,
    request_id: a.requestId,
    user_id: a.userId,
    project_id: a.projectId,
    start_time: a.startTime,
    message: a.message,
  };
  if (ctx.v.atLeast("2.58")) out.updated_at = a.updatedAt;
  return out;
}

/** instance_actions.py show(): events for admins always (with traceback, host >= 2.62), for others >= 2.51. */
export function actionDetailView(ctx: NovaCtx, a: InstanceAction): Record<string, unknown> {
  const out = actionView(ctx, a);
  const admin = ctx.auth.isAdmin;
  if (!admin && !ctx.v.atLeast("2.51")) return out;
  out.events = a.events.map((e) => {
    const ev: Record<string, unknown> = {
      event: e.event,
      start_time: e.startTime,
      finish_time: e.finishTime,
      result: e.result,
    };
    if (admin) ev.traceback = e.traceback;
    if (admin && ctx.v.atLeast("2.62")) ev.host = e.host;
    if (ctx.v.atLeast("2.62")) ev.hostId = hostId(e.host, a.projectId);
    if (admin && ctx.v.atLeast("2.84")) ev.details = e.details;
    return ev;
  });
  return out;
}

export function keypairView(ctx: NovaCtx, k: Keypair, opts: { full: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = { name: k.name, public_key: k.publicKey, fingerprint: k.fingerprint };
  if (opts.full) out.user_id = k.userId;
  if (ctx.v.atLeast("2.2")) out.type = k.type;
  return out;
}
