// Placement traits on every up compute: Nova's attach check (check_shares_supported) refuses a share (409 "not
// configured correctly") unless the server's compute reports COMPUTE_STORAGE_VIRTIO_FS (libvirt/QEMU with
// virtiofs) and either COMPUTE_MEM_BACKING_FILE ([libvirt] file_backed_memory) or the server's flavor asks for
// huge pages (hw:mem_page_size). A move lands on any of these hosts, so each is checked. Needs the admin account
// (placement's default policy is admin only); the provider uuid is the hypervisor id from compute 2.53.

import type { Clients } from "../clients/index.js";
import type { VftestConfig } from "../config/types.js";
import { firstLine } from "./check.js";
import { upComputeNodes } from "./compute-nodes.js";
import type { CheckResult, CloudCheck } from "./types.js";

export const VIRTIO_FS_TRAIT = "COMPUTE_STORAGE_VIRTIO_FS";
export const MEM_BACKING_FILE_TRAIT = "COMPUTE_MEM_BACKING_FILE";

/** The configured flavors (flavor_ref, flavor_ref_alt) that set hw:mem_page_size; undefined if unreadable. */
async function hugePageFlavors(cloud: Clients, config: VftestConfig): Promise<string[] | undefined> {
  try {
    const out: string[] = [];
    for (const ref of [config.compute.flavor_ref, config.compute.flavor_ref_alt]) {
      const specs = await cloud.flavors.listFlavorExtraSpecs(ref);
      if (specs["hw:mem_page_size"]) out.push(ref);
    }
    return out;
  } catch {
    return undefined;
  }
}

function fixFor(host: string, missing: string[]): string {
  const fixes: string[] = [];
  if (missing.includes(VIRTIO_FS_TRAIT)) {
    fixes.push(
      `install virtiofsd on ${host} (libvirt >= 6.2, QEMU >= 5.0) and restart nova-compute so it reports ${VIRTIO_FS_TRAIT}`,
    );
  }
  if (missing.includes(MEM_BACKING_FILE_TRAIT)) {
    fixes.push(
      `set [libvirt] file_backed_memory = <MiB> and [DEFAULT] ram_allocation_ratio = 1.0 in nova.conf on ${host} and restart nova-compute (${MEM_BACKING_FILE_TRAIT}), or give compute.flavor_ref and compute.flavor_ref_alt the extra spec hw:mem_page_size`,
    );
  }
  return fixes.join("; ");
}

export const placementTraits: CloudCheck = async ({ config, cloud, admin }) => {
  if (!admin) {
    return [
      {
        name: "placement traits",
        state: "skip",
        detail: "not checked: needs the admin account (placement and os-hypervisors are admin only)",
      },
    ];
  }
  let nodes: Awaited<ReturnType<typeof upComputeNodes>>;
  try {
    nodes = await upComputeNodes(admin, "2.53");
  } catch (e) {
    return [
      { name: "placement traits", state: "skip", detail: `not checked: listing the computes failed: ${firstLine(e)}` },
    ];
  }
  if (nodes.length === 0) {
    return [{ name: "placement traits", state: "skip", detail: "not checked: no nova-compute is up and enabled" }];
  }
  const hugePages = await hugePageFlavors(cloud, config);
  const bothHuge = hugePages?.length === 2;
  const out: CheckResult[] = [];
  for (const { host, hypervisor } of nodes) {
    const name = `placement traits on ${host}`;
    const uuid = String(hypervisor.id);
    try {
      const traits = await admin.placement.listProviderTraits(uuid);
      const missing = [VIRTIO_FS_TRAIT, MEM_BACKING_FILE_TRAIT].filter((t) => !traits.includes(t));
      const blocking = bothHuge ? missing.filter((t) => t !== MEM_BACKING_FILE_TRAIT) : missing;
      if (blocking.length > 0) {
        out.push({
          name,
          state: "fail",
          detail: `resource provider ${uuid} lacks ${blocking.join(" and ")}: Nova refuses shares on servers there (409)`,
          fix: fixFor(host, blocking),
        });
      } else {
        const detail = missing.length
          ? `${VIRTIO_FS_TRAIT}; no ${MEM_BACKING_FILE_TRAIT}, but both flavors set hw:mem_page_size`
          : `${VIRTIO_FS_TRAIT}, ${MEM_BACKING_FILE_TRAIT}`;
        out.push({ name, state: "ok", detail });
      }
    } catch (e) {
      out.push({
        name,
        state: "fail",
        detail: firstLine(e),
        fix: "make placement reachable for the admin account (service type placement in the catalog), and check the compute node is registered as a resource provider",
      });
    }
  }
  return out;
};
