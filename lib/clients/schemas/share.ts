// Manila v2 bodies used by the suite (loose: required fields checked, extras allowed).
import { type Static, Type } from "@sinclair/typebox";
import { Loose, NullableString } from "./common.js";

const ShareBody = Loose({
  id: Type.String(),
  status: Type.String(),
  size: Type.Integer(),
  share_proto: Type.String(),
  name: Type.Optional(NullableString),
  share_type: Type.Optional(NullableString),
  availability_zone: Type.Optional(NullableString),
  export_location: Type.Optional(NullableString),
  access_rules_status: Type.Optional(Type.String()),
  project_id: Type.Optional(Type.String()),
  created_at: Type.Optional(NullableString),
});
export type Share = Static<typeof ShareBody>;
export const ShareResponse = Loose({ share: ShareBody });
export const ListSharesResponse = Loose({ shares: Type.Array(ShareBody) });

const ExportLocationBody = Loose({
  id: Type.String(),
  path: Type.String(),
  preferred: Type.Optional(Type.Boolean()),
  is_admin_only: Type.Optional(Type.Boolean()),
  share_instance_id: Type.Optional(Type.String()),
});
export type ExportLocation = Static<typeof ExportLocationBody>;
export const ListExportLocationsResponse = Loose({ export_locations: Type.Array(ExportLocationBody) });

const AccessRuleBody = Loose({
  id: Type.String(),
  access_type: Type.String(),
  access_to: Type.String(),
  access_level: Type.String(),
  state: Type.String(),
  share_id: Type.Optional(Type.String()),
  access_key: Type.Optional(NullableString),
  created_at: Type.Optional(NullableString),
  updated_at: Type.Optional(NullableString),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type AccessRule = Static<typeof AccessRuleBody>;
export const AccessRuleResponse = Loose({ access: AccessRuleBody });
export const ListAccessRulesResponse = Loose({ access_list: Type.Array(AccessRuleBody) });

const ResourceLockBody = Loose({
  id: Type.String(),
  resource_id: Type.String(),
  resource_type: Type.String(),
  resource_action: Type.String(),
  lock_reason: Type.Optional(NullableString),
  lock_context: Type.Optional(Type.String()),
  user_id: Type.Optional(Type.String()),
  project_id: Type.Optional(Type.String()),
});
export type ResourceLock = Static<typeof ResourceLockBody>;
export const ListResourceLocksResponse = Loose({ resource_locks: Type.Array(ResourceLockBody) });

const ShareApiVersion = Loose({
  id: Type.String(),
  status: Type.String(),
  version: Type.String(),
  min_version: Type.String(),
});
export const ShareVersionsResponse = Loose({ versions: Type.Array(ShareApiVersion) });

/** Share types (GET /types): extra_specs carries driver_handles_share_servers ("True"/"False"). */
const ShareTypeBody = Loose({
  id: Type.String(),
  name: Type.String(),
  extra_specs: Type.Record(Type.String(), Type.String()),
});
export type ShareType = Static<typeof ShareTypeBody>;
export const ListShareTypesResponse = Loose({ share_types: Type.Array(ShareTypeBody) });
