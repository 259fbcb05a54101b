// Placement responses (placement/handlers/resource_provider.py, trait.py): resource providers and their traits.
// Traits need 1.6+; `required` on the provider list needs 1.18.
import { type Static, Type } from "@sinclair/typebox";
import { Loose } from "./common.js";

const ResourceProviderBody = Loose({
  uuid: Type.String(),
  name: Type.String(),
  generation: Type.Integer(),
});
export type ResourceProvider = Static<typeof ResourceProviderBody>;
export const ResourceProviderResponse = ResourceProviderBody;
export const ListResourceProvidersResponse = Loose({ resource_providers: Type.Array(ResourceProviderBody) });
export const ProviderTraitsResponse = Loose({
  traits: Type.Array(Type.String()),
  resource_provider_generation: Type.Integer(),
});
export const ListTraitsResponse = Loose({ traits: Type.Array(Type.String()) });
