// os-hypervisors (admin): which compute nodes exist, for picking migration targets.
import { BaseClient, enc } from "../base-client.js";
import type { RestClient } from "../rest-client.js";
import type { Hypervisor } from "../schemas/compute-other.js";

export type { Hypervisor };

export class HypervisorsClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  listHypervisors(query?: { hypervisor_hostname_pattern?: string; with_servers?: boolean }): Promise<Hypervisor[]> {
    return this.get("/os-hypervisors/detail", "hypervisors", "compute.hypervisors.list", query);
  }

  showHypervisor(id: string): Promise<Hypervisor> {
    return this.get(`/os-hypervisors/${enc(id)}`, "hypervisor", "compute.hypervisors.show");
  }
}
