// The resize flavor (compute.flavor_ref_alt) fits the computes: it differs from compute.flavor_ref (Nova rejects
// a resize to the same flavor), does not shrink the root disk (Nova refuses "resize disk down"), and its RAM and
// root disk fit each up compute's totals. Totals come from os-hypervisors at 2.87, the last microversion that shows
// them (admin); virtiofs needs ram_allocation_ratio 1.0, so RAM is compared without overcommit. vCPUs are not
// compared: their allocation ratio is not visible through the compute API.

import { firstLine, probe } from "./check.js";
import { upComputeNodes } from "./compute-nodes.js";
import type { CheckResult, CloudCheck } from "./types.js";

export const resizeFlavor: CloudCheck = async ({ config, cloud, admin, as }) => {
  const { flavor_ref: ref, flavor_ref_alt: alt } = config.compute;
  const fix = `set compute.flavor_ref_alt to a flavor other than compute.flavor_ref, with a root disk at least as large, that fits every compute (\`openstack flavor list\`)`;
  const out: CheckResult[] = [];
  let flavors: { ram: number; disk: number; name: string }[] | undefined;
  out.push(
    await probe("resize flavor", fix, async () => {
      if (ref === alt)
        throw new Error(`compute.flavor_ref_alt is compute.flavor_ref (${ref}); a resize must change flavor`);
      const [a, b] = [await cloud.flavors.showFlavor(ref), await cloud.flavors.showFlavor(alt)];
      if (b.disk < a.disk) {
        throw new Error(
          `${b.name} has a ${b.disk} GB root disk, smaller than ${a.name}'s ${a.disk} GB (Nova cannot resize a disk down)`,
        );
      }
      flavors = [a, b];
      return `${a.name} (${a.ram} MB, ${a.disk} GB) -> ${b.name} (${b.ram} MB, ${b.disk} GB)${as}`;
    }),
  );
  const big = flavors?.[1];
  if (!big) return out;
  if (!admin) {
    out.push({
      name: "resize flavor fits the computes",
      state: "skip",
      detail: "not checked: needs the admin account (os-hypervisors)",
    });
    return out;
  }
  try {
    const nodes = await upComputeNodes(admin, "2.87");
    const sized = nodes.filter((n) => n.hypervisor.memory_mb !== undefined);
    if (sized.length === 0) {
      out.push({
        name: "resize flavor fits the computes",
        state: "skip",
        detail: "not checked: os-hypervisors at 2.87 shows no memory_mb (no up compute, or a Nova without it)",
      });
      return out;
    }
    const tooSmall = sized.filter(
      (n) => (n.hypervisor.memory_mb ?? 0) < big.ram || (n.hypervisor.local_gb ?? Number.POSITIVE_INFINITY) < big.disk,
    );
    out.push(
      tooSmall.length
        ? {
            name: "resize flavor fits the computes",
            state: "fail",
            detail: `${big.name} (${big.ram} MB, ${big.disk} GB) does not fit ${tooSmall.map((n) => `${n.host} (${n.hypervisor.memory_mb} MB, ${n.hypervisor.local_gb} GB)`).join(", ")}`,
            fix,
          }
        : {
            name: "resize flavor fits the computes",
            state: "ok",
            detail: `${big.name} fits the RAM and disk totals of ${sized.map((n) => n.host).join(", ")} (vCPUs not compared)`,
          },
    );
  } catch (e) {
    out.push({ name: "resize flavor fits the computes", state: "skip", detail: `not checked: ${firstLine(e)}` });
  }
  return out;
};
