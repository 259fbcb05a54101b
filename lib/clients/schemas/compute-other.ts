// Compute APIs the suite reads but does not pin down field by field: required fields checked, extra fields allowed.
import { type Static, Type } from "@sinclair/typebox";
import { Links, Loose, NullableString } from "./common.js";

const ActionEvent = Loose({
  event: Type.String(),
  start_time: NullableString,
  finish_time: NullableString,
  result: NullableString,
  traceback: Type.Optional(NullableString),
  host: Type.Optional(NullableString),
  hostId: Type.Optional(NullableString),
  details: Type.Optional(NullableString),
});
export type InstanceActionEvent = Static<typeof ActionEvent>;

const InstanceActionBody = Loose({
  action: Type.String(),
  instance_uuid: Type.String(),
  request_id: Type.String(),
  user_id: NullableString,
  project_id: NullableString,
  start_time: Type.String(),
  message: NullableString,
  updated_at: Type.Optional(NullableString),
});
export type InstanceAction = Static<typeof InstanceActionBody>;
const InstanceActionDetailBody = Type.Intersect([InstanceActionBody, Loose({ events: Type.Array(ActionEvent) })]);
export type InstanceActionDetail = InstanceAction & { events: InstanceActionEvent[] };
export const ListInstanceActionsResponse = Loose({ instanceActions: Type.Array(InstanceActionBody) });
export const ShowInstanceActionResponse = Loose({ instanceAction: InstanceActionDetailBody });

const FlavorBody = Loose({
  id: Type.String(),
  name: Type.String(),
  ram: Type.Integer(),
  vcpus: Type.Integer(),
  disk: Type.Integer(),
  links: Type.Optional(Links),
  "OS-FLV-EXT-DATA:ephemeral": Type.Optional(Type.Integer()),
  swap: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
  description: Type.Optional(NullableString),
  extra_specs: Type.Optional(Type.Record(Type.String(), Type.String())),
  "os-flavor-access:is_public": Type.Optional(Type.Boolean()),
});
export type Flavor = Static<typeof FlavorBody>;
export const ShowFlavorResponse = Loose({ flavor: FlavorBody });
export const ListFlavorsResponse = Loose({ flavors: Type.Array(FlavorBody) });
export const ExtraSpecsResponse = Loose({ extra_specs: Type.Record(Type.String(), Type.String()) });

const KeypairBody = Loose({
  name: Type.String(),
  public_key: Type.String(),
  fingerprint: Type.String(),
  type: Type.Optional(Type.String()),
  user_id: Type.Optional(Type.String()),
  private_key: Type.Optional(Type.String()),
});
export type Keypair = Static<typeof KeypairBody>;
export const KeypairResponse = Loose({ keypair: KeypairBody });
export const ListKeypairsResponse = Loose({ keypairs: Type.Array(Loose({ keypair: KeypairBody })) });

const HypervisorBody = Loose({
  id: Type.Union([Type.String(), Type.Integer()]),
  hypervisor_hostname: Type.String(),
  state: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  host_ip: Type.Optional(NullableString),
  hypervisor_type: Type.Optional(Type.String()),
  service: Type.Optional(Loose({ host: Type.String() })),
  servers: Type.Optional(Type.Array(Loose({ uuid: Type.String(), name: Type.String() }))),
  /** Totals, up to 2.87 only (2.88 dropped them for placement's inventories). */
  memory_mb: Type.Optional(Type.Integer()),
  local_gb: Type.Optional(Type.Integer()),
  vcpus: Type.Optional(Type.Integer()),
});
export type Hypervisor = Static<typeof HypervisorBody>;
export const ShowHypervisorResponse = Loose({ hypervisor: HypervisorBody });
export const ListHypervisorsResponse = Loose({ hypervisors: Type.Array(HypervisorBody) });

/** nova os-services: Nova exposes no service version here (services.py _get_service_detail). */
const ComputeServiceBody = Loose({
  id: Type.Union([Type.String(), Type.Integer()]),
  binary: Type.String(),
  host: Type.String(),
  zone: Type.String(),
  status: Type.String(),
  state: Type.String(),
  updated_at: NullableString,
  disabled_reason: NullableString,
  forced_down: Type.Optional(Type.Boolean()),
});
export type ComputeService = Static<typeof ComputeServiceBody>;
export const ShowServiceResponse = Loose({ service: ComputeServiceBody });
export const ListServicesResponse = Loose({ services: Type.Array(ComputeServiceBody) });

const ApiVersionBody = Loose({
  id: Type.String(),
  status: Type.String(),
  version: Type.String(),
  min_version: Type.String(),
  updated: Type.Optional(Type.String()),
  links: Type.Optional(Type.Array(Loose({ href: Type.String(), rel: Type.String() }))),
});
export type ApiVersion = Static<typeof ApiVersionBody>;
export const ShowVersionResponse = Loose({ version: ApiVersionBody });
export const ListVersionsResponse = Loose({ versions: Type.Array(ApiVersionBody) });
