// `vftest run --host-pairs all|A:B,...`: which ordered compute host pairs to certify, checked against the
// nova-compute services that are up and enabled (admin: os-services), before any test runs.

import type { VftestConfig } from "../../lib/config/types.js";
import { UsageError } from "../../lib/runner/errors.js";
import type { Selection } from "../../lib/runner/select.js";
import { HOST_PAIR_TAG, type HostPair, resolvePairs } from "../../lib/spec/host-pairs.js";
import { openClients } from "../../lib/target/clients.js";

/** The pairs `spec` names, or a usage error saying which host is unknown or why the list is not a list of pairs. */
export async function hostPairsFor(spec: string, config: VftestConfig): Promise<HostPair[]> {
  let hosts: string[];
  try {
    const admin = await openClients(config, "admin");
    const services = await admin.services.listServices({ binary: "nova-compute" });
    hosts = services
      .filter((s) => s.state === "up" && s.status === "enabled")
      .map((s) => s.host)
      .sort();
  } catch (e) {
    throw new UsageError(
      `--host-pairs needs the admin account to list the compute hosts (os-services): ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
    );
  }
  try {
    return resolvePairs(spec, hosts);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** A --host-pairs run runs the host-pair tests only. */
export function hostPairSelection(selection: Selection): Selection {
  return { ...selection, tags: [...(selection.tags ?? []), HOST_PAIR_TAG] };
}
