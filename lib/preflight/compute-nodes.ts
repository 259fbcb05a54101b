// The up and enabled nova-compute hosts with their hypervisors (admin: os-services, os-hypervisors), for the checks
// that look at every compute: placement traits, the resize flavor's fit. `microversion` picks the hypervisor view
// (2.53+: the id is the compute node uuid, which is also its placement resource provider uuid; up to 2.87 the view
// still carries memory_mb/local_gb).

import type { Hypervisor } from "../clients/compute/hypervisors-client.js";
import type { Clients } from "../clients/index.js";

export interface ComputeNode {
  host: string;
  hypervisor: Hypervisor;
}

export async function upComputeNodes(admin: Clients, microversion: string): Promise<ComputeNode[]> {
  const up = new Set(
    (await admin.services.listServices({ binary: "nova-compute" }))
      .filter((s) => s.state === "up" && s.status === "enabled")
      .map((s) => s.host),
  );
  const hypervisors = await admin.hypervisors.withMicroversion(microversion).listHypervisors();
  return hypervisors
    .map((hypervisor) => ({ host: hypervisor.service?.host ?? hypervisor.hypervisor_hostname, hypervisor }))
    .filter((n) => up.has(n.host))
    .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}
