// Placement (service type "placement"), the read-only calls a deployment check needs: resource providers (one per
// compute node, uuid = the hypervisor's id from compute 2.53) and their traits. Admin only by default policy.
// Microversion header `OpenStack-API-Version: placement 1.x`; the client's default is PLACEMENT_MICROVERSION.
import { BaseClient, enc } from "./base-client.js";
import type { RestClient } from "./rest-client.js";
import type { ResourceProvider } from "./schemas/placement.js";

export type { ResourceProvider };

/** 1.18: `required` (trait filter) on GET /resource_providers; traits exist from 1.6. */
export const PLACEMENT_MICROVERSION = "1.18";

export class PlacementClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  /** GET /resource_providers (`required`: comma-separated traits, `!TRAIT` to exclude). */
  listResourceProviders(query?: { name?: string; uuid?: string; required?: string }): Promise<ResourceProvider[]> {
    return this.get("/resource_providers", "resource_providers", "placement.resource_providers.list", query);
  }

  async showResourceProvider(uuid: string): Promise<ResourceProvider> {
    const r = await this.call<ResourceProvider>("GET", `/resource_providers/${enc(uuid)}`, {
      expected: [200],
      schema: { api: "placement.resource_providers.show" },
    });
    return r.body;
  }

  listProviderTraits(uuid: string): Promise<string[]> {
    return this.get(`/resource_providers/${enc(uuid)}/traits`, "traits", "placement.resource_providers.traits");
  }

  /** GET /traits (`name`: "in:A,B" or "startswith:CUSTOM_"). */
  listTraits(query?: { name?: string }): Promise<string[]> {
    return this.get("/traits", "traits", "placement.traits.list", query);
  }
}
