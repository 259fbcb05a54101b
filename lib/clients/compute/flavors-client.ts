// Nova flavors and their extra specs.
import { type ActionResult, BaseClient, enc } from "../base-client.js";
import type { RestClient } from "../rest-client.js";
import type { Flavor } from "../schemas/compute-other.js";

export type { Flavor };

export interface CreateFlavorRequest {
  name: string;
  ram: number;
  vcpus: number;
  disk: number;
  id?: string;
  swap?: number;
  "OS-FLV-EXT-DATA:ephemeral"?: number;
  "os-flavor-access:is_public"?: boolean;
  description?: string;
}

export class FlavorsClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  listFlavors(query?: {
    is_public?: boolean | "None";
    name?: string;
    minRam?: number;
    minDisk?: number;
  }): Promise<Flavor[]> {
    return this.get("/flavors/detail", "flavors", "compute.flavors.list", query);
  }

  showFlavor(id: string): Promise<Flavor> {
    return this.get(`/flavors/${enc(id)}`, "flavor", "compute.flavors.show");
  }

  async createFlavor(req: CreateFlavorRequest): Promise<Flavor> {
    const r = await this.call<{ flavor: Flavor }>("POST", "/flavors", {
      body: { flavor: req },
      expected: [200],
      schema: { api: "compute.flavors.show" },
    });
    return r.body.flavor;
  }

  deleteFlavor(id: string): Promise<ActionResult> {
    return this.remove(`/flavors/${enc(id)}`, [202]);
  }

  listFlavorExtraSpecs(id: string): Promise<Record<string, string>> {
    return this.get(`/flavors/${enc(id)}/os-extra-specs`, "extra_specs", "compute.flavors.extra_specs");
  }

  async setFlavorExtraSpecs(id: string, specs: Record<string, string>): Promise<Record<string, string>> {
    const r = await this.call<{ extra_specs: Record<string, string> }>("POST", `/flavors/${enc(id)}/os-extra-specs`, {
      body: { extra_specs: specs },
      expected: [200],
      schema: { api: "compute.flavors.extra_specs" },
    });
    return r.body.extra_specs;
  }
}
