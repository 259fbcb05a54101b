// nova os-services. Nova does not expose the service version here (services.py _get_service_detail), so neither
// do we: the minimum compute service version is not observable through the compute API.
import { BaseClient, enc } from "../base-client.js";
import type { RestClient } from "../rest-client.js";
import type { ComputeService } from "../schemas/compute-other.js";

export type { ComputeService };

export class ServicesClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  listServices(filters?: { binary?: string; host?: string }): Promise<ComputeService[]> {
    return this.get("/os-services", "services", "compute.services.list", filters);
  }

  /** PUT /os-services/{service_id} (2.53+, id is the service uuid): enable/disable, force down. */
  async updateService(
    id: string,
    req: { status?: "enabled" | "disabled"; disabled_reason?: string; forced_down?: boolean },
  ): Promise<ComputeService> {
    const r = await this.call<{ service: ComputeService }>("PUT", `/os-services/${enc(id)}`, {
      body: req,
      expected: [200],
      schema: { api: "compute.services.show" },
    });
    return r.body.service;
  }
}
