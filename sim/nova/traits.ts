// The traits nova-compute's libvirt driver reports on its host's resource provider (update_provider_tree), as
// placement serves them and as hardware.check_shares_supported reads them: virtiofs needs
// COMPUTE_STORAGE_VIRTIO_FS and file-backed memory (COMPUTE_MEM_BACKING_FILE) or a flavor with hw:mem_page_size.

import type { ComputeHost } from "../contracts.js";
import type { Compute } from "./compute.js";
import type { Instance } from "./model.js";

export const VIRTIO_FS = "COMPUTE_STORAGE_VIRTIO_FS";
export const MEM_BACKING_FILE = "COMPUTE_MEM_BACKING_FILE";
const HOST_TRAITS = [
  VIRTIO_FS,
  MEM_BACKING_FILE,
  "COMPUTE_NET_VIF_MODEL_VIRTIO",
  "COMPUTE_VOLUME_EXTEND",
  "COMPUTE_IMAGE_TYPE_QCOW2",
  "COMPUTE_IMAGE_TYPE_RAW",
  "HW_CPU_X86_SSE2",
  // resource_tracker always marks a compute node's provider
  "COMPUTE_NODE",
  "OWNER_NOVA",
];

/** The host's traits; COMPUTE_STATUS_DISABLED while its nova-compute is disabled. The host-without-virtiofs fault
 * takes COMPUTE_STORAGE_VIRTIO_FS away from the last host (a compute whose QEMU/libvirt has no virtiofs). */
export function hostTraits(c: Compute, h: ComputeHost): string[] {
  const out = [...HOST_TRAITS];
  const last = c.deps.hosts[c.deps.hosts.length - 1];
  if (c.deps.faults.active("host-without-virtiofs") && h === last) out.splice(out.indexOf(VIRTIO_FS), 1);
  const svc = c.db.services.find((s) => s.binary === "nova-compute" && s.host === h.name);
  if (svc?.disabled) out.push("COMPUTE_STATUS_DISABLED");
  return out.sort();
}

/** hardware.check_shares_supported's trait check for the host `inst` runs on. */
export function sharesSupportedOn(c: Compute, h: ComputeHost, inst: Instance): boolean {
  const traits = hostTraits(c, h);
  const memory = traits.includes(MEM_BACKING_FILE) || inst.flavor.extraSpecs["hw:mem_page_size"] !== undefined;
  return traits.includes(VIRTIO_FS) && memory;
}

/** What libvirt answers when a domain with virtiofs <filesystem> devices is defined on a host without virtiofs. */
export const NO_VIRTIOFS_ERROR =
  "libvirtError: unsupported configuration: virtiofs is not supported with this QEMU binary";
