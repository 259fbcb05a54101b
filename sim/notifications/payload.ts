// Nova's versioned notification payloads, as nova/notifications/objects/instance.py serialises them
// (obj_to_primitive: {"nova_object.name", "nova_object.namespace", "nova_object.version", "nova_object.data"}).
// InstanceActionPayload 1.9 (shares added), InstanceActionResizePrepPayload 1.4 (+ new_flavor),
// InstanceActionSharePayload 1.0 (+ share_id). SharePayload 1.0 carries share_mapping_uuid, share_id, status and tag
// only (Nova leaves export_location out: it may hold sensitive data), and `shares` is null unless nova.conf
// [notifications]include_share_mapping is true.

import type { Flavor, Instance, ShareMapping } from "../nova/model.js";

export interface NovaObject {
  "nova_object.name": string;
  "nova_object.namespace": "nova";
  "nova_object.version": string;
  "nova_object.data": Record<string, unknown>;
}

const obj = (name: string, version: string, data: Record<string, unknown>): NovaObject => ({
  "nova_object.name": name,
  "nova_object.namespace": "nova",
  "nova_object.version": version,
  "nova_object.data": data,
});

/** nova/compute/power_state.py STATE_MAP. */
const POWER_NAMES: Record<number, string> = { 0: "pending", 1: "running", 3: "paused", 4: "shutdown", 6: "crashed" };

/** "2026-12-01 08:40:00.123456" -> "2026-12-01T08:40:00Z" (Nova's notification DateTimeField). */
const iso = (naive: string | null): string | null => (naive ? `${naive.replace(" ", "T").slice(0, 19)}Z` : null);

export function flavorPayload(f: Flavor): NovaObject {
  return obj("FlavorPayload", "1.4", {
    flavorid: f.flavorid,
    name: f.name,
    memory_mb: f.memoryMb,
    vcpus: f.vcpus,
    root_gb: f.rootGb,
    ephemeral_gb: f.ephemeralGb,
    swap: f.swap,
    rxtx_factor: 1.0,
    is_public: f.isPublic,
    extra_specs: { ...f.extraSpecs },
    projects: null,
    description: f.description,
  });
}

export function sharePayload(m: ShareMapping): NovaObject {
  return obj("SharePayload", "1.0", {
    share_mapping_uuid: m.uuid,
    share_id: m.shareId,
    status: m.status,
    tag: m.tag,
  });
}

export interface PayloadContext {
  requestId: string;
  userId: string;
  projectId: string;
  /** [notifications]include_share_mapping: shares listed, or null. */
  includeShares: boolean;
  /** The fault profile "payload without shares": an empty list although the server has shares. */
  dropShares?: boolean;
}

function instanceData(inst: Instance, mappings: readonly ShareMapping[], ctx: PayloadContext) {
  let shares: NovaObject[] | null = null;
  if (ctx.includeShares) shares = ctx.dropShares ? [] : mappings.map(sharePayload);
  return {
    uuid: inst.uuid,
    user_id: inst.userId,
    tenant_id: inst.projectId,
    reservation_id: inst.reservationId,
    display_name: inst.name,
    display_description: inst.description,
    host_name: inst.hostname,
    host: inst.host,
    node: inst.node,
    os_type: null,
    architecture: null,
    availability_zone: "nova",
    flavor: flavorPayload(inst.flavor),
    image_uuid: inst.imageRef,
    key_name: inst.keyName,
    kernel_id: "",
    ramdisk_id: "",
    created_at: iso(inst.createdAt),
    launched_at: iso(inst.launchedAt),
    terminated_at: null,
    deleted_at: null,
    updated_at: iso(inst.updatedAt),
    state: inst.vmState,
    power_state: POWER_NAMES[inst.powerState] ?? "pending",
    task_state: inst.taskState,
    progress: inst.progress,
    ip_addresses: inst.ports.map((p) =>
      obj("IpPayload", "1.0", {
        label: p.networkName,
        mac: p.mac,
        meta: {},
        port_uuid: p.portId,
        version: p.ip.includes(":") ? 6 : 4,
        address: p.ip,
        device_name: `tap${p.portId.slice(0, 11)}`,
      }),
    ),
    block_devices: [],
    metadata: { ...inst.metadata },
    locked: inst.lockedBy !== null,
    auto_disk_config: "MANUAL",
    request_id: ctx.requestId,
    action_initiator_user: ctx.userId,
    action_initiator_project: ctx.projectId,
    locked_reason: inst.lockedReason,
    shares,
    fault: null,
  };
}

export function instanceActionPayload(inst: Instance, mappings: readonly ShareMapping[], ctx: PayloadContext) {
  return obj("InstanceActionPayload", "1.9", instanceData(inst, mappings, ctx));
}

export function resizePrepPayload(
  inst: Instance,
  mappings: readonly ShareMapping[],
  ctx: PayloadContext,
  newFlavor: Flavor,
) {
  return obj("InstanceActionResizePrepPayload", "1.4", {
    ...instanceData(inst, mappings, ctx),
    new_flavor: flavorPayload(newFlavor),
  });
}

export function shareActionPayload(
  inst: Instance,
  mappings: readonly ShareMapping[],
  ctx: PayloadContext,
  shareId: string,
) {
  return obj("InstanceActionSharePayload", "1.0", { ...instanceData(inst, mappings, ctx), share_id: shareId });
}
