// Server bodies, ported from nova/api/openstack/compute/schemas/servers.py at nova HEAD (max microversion 2.104).
// Strict (additionalProperties: false) like Nova's own. Only 2.96+ is modelled precisely (the suite runs at 2.97+);
// older microversions get a loose schema. Cell-down variants (2.69+) are not modelled.
import { type Static, type TProperties, Type } from "@sinclair/typebox";
import {
  CollectionLinks,
  DateTime,
  Links,
  Loose,
  NullableDateTime,
  NullableString,
  StringMap,
  Uuid,
} from "./common.js";

export const ServerStatus = Type.Union(
  [
    "ACTIVE",
    "BUILD",
    "DELETED",
    "ERROR",
    "HARD_REBOOT",
    "MIGRATING",
    "PASSWORD",
    "PAUSED",
    "REBOOT",
    "REBUILD",
    "RESCUE",
    "RESIZE",
    "REVERT_RESIZE",
    "SHELVED",
    "SHELVED_OFFLOADED",
    "SHUTOFF",
    "SOFT_DELETED",
    "SUSPENDED",
    "UNKNOWN",
    "VERIFY_RESIZE",
  ].map((s) => Type.Literal(s)),
);

const Address = Type.Object(
  {
    addr: Type.String({ anyOf: [{ format: "ipv4" }, { format: "ipv6" }] }),
    version: Type.Union([Type.Literal(4), Type.Literal(6)]),
    "OS-EXT-IPS:type": Type.Union([Type.Literal("fixed"), Type.Literal("floating")]),
    "OS-EXT-IPS-MAC:mac_addr": Type.String({ format: "mac-address" }),
  },
  { additionalProperties: false },
);

const Fault = Type.Object(
  { code: Type.Integer(), created: DateTime, details: Type.Optional(Type.String()), message: Type.String() },
  { additionalProperties: false },
);

/** Embedded flavor (2.47+). extra_specs only when policy allows. */
const EmbeddedFlavor = Type.Object(
  {
    disk: Type.Integer(),
    ephemeral: Type.Integer(),
    extra_specs: Type.Optional(StringMap(Type.String())),
    original_name: Type.String(),
    ram: Type.Integer(),
    swap: Type.Integer(),
    vcpus: Type.Integer(),
  },
  { additionalProperties: false },
);

function imageSchema(withProperties: boolean) {
  const props: TProperties = { id: Uuid, links: Links };
  if (withProperties) {
    props.properties = Type.Optional(StringMap(NullableString, "^[a-zA-Z0-9_:. ]{1,255}$"));
  }
  return Type.Union([Type.Literal(""), Type.Object(props, { additionalProperties: false })]);
}

/** Fields present in every 2.96+ server body (show and detail). Admin-only (policy) fields are optional. */
function serverProps(opts: { imageProperties: boolean; schedulerHints: boolean; serverGroups: boolean }) {
  return {
    accessIPv4: Type.String({ anyOf: [{ format: "ipv4" }, { const: "" }] }),
    accessIPv6: Type.String({ anyOf: [{ format: "ipv6" }, { const: "" }] }),
    addresses: StringMap(Type.Array(Address), "^.*$"),
    config_drive: Type.Union([Type.Literal(""), Type.Literal("True"), Type.Literal("False"), Type.Null()]),
    created: DateTime,
    fault: Type.Optional(Fault),
    flavor: EmbeddedFlavor,
    hostId: Type.String(),
    id: Uuid,
    image: imageSchema(opts.imageProperties),
    key_name: NullableString,
    links: Links,
    metadata: StringMap(Type.String()),
    name: NullableString,
    "os-extended-volumes:volumes_attached": Type.Array(
      Type.Object({ id: Type.String(), delete_on_termination: Type.Boolean() }, { additionalProperties: false }),
    ),
    progress: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    security_groups: Type.Optional(Type.Array(Type.Object({ name: Type.String() }, { additionalProperties: false }))),
    status: ServerStatus,
    tenant_id: Type.String(),
    updated: DateTime,
    user_id: Type.String(),
    "OS-DCF:diskConfig": Type.String(),
    "OS-EXT-AZ:availability_zone": Type.String(),
    "OS-EXT-SRV-ATTR:host": Type.Optional(NullableString),
    "OS-EXT-SRV-ATTR:hypervisor_hostname": Type.Optional(NullableString),
    "OS-EXT-SRV-ATTR:instance_name": Type.Optional(Type.String()),
    "OS-EXT-SRV-ATTR:hostname": Type.String(),
    "OS-EXT-SRV-ATTR:kernel_id": Type.Optional(NullableString),
    "OS-EXT-SRV-ATTR:launch_index": Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    "OS-EXT-SRV-ATTR:ramdisk_id": Type.Optional(NullableString),
    "OS-EXT-SRV-ATTR:reservation_id": Type.Optional(NullableString),
    "OS-EXT-SRV-ATTR:root_device_name": Type.Optional(NullableString),
    "OS-EXT-SRV-ATTR:user_data": Type.Optional(Type.Union([Type.String({ maxLength: 65535 }), Type.Null()])),
    "OS-EXT-STS:power_state": Type.Union([...[0, 1, 3, 4, 6, 7].map((n) => Type.Literal(n)), Type.Null()]),
    "OS-EXT-STS:task_state": NullableString,
    "OS-EXT-STS:vm_state": NullableString,
    "OS-SRV-USG:launched_at": NullableDateTime,
    "OS-SRV-USG:terminated_at": NullableDateTime,
    locked: Type.Boolean(),
    locked_reason: NullableString,
    host_status: Type.Optional(Type.Union(["UP", "DOWN", "MAINTENANCE", "UNKNOWN", ""].map((s) => Type.Literal(s)))),
    description: NullableString,
    tags: Type.Array(Type.String(), { maxItems: 50 }),
    trusted_image_certificates: Type.Union([Type.Array(Type.String()), Type.Null()]),
    pinned_availability_zone: NullableString,
    ...(opts.serverGroups ? { server_groups: Type.Array(Uuid, { maxItems: 1 }) } : {}),
    ...(opts.schedulerHints ? { scheduler_hints: Type.Record(Type.String(), Type.Unknown()) } : {}),
  };
}

function server(opts: { imageProperties: boolean; schedulerHints: boolean; serverGroups: boolean }) {
  return Type.Object(serverProps(opts), { additionalProperties: false });
}

// show (server_groups present since 2.71) and detail (no server_groups) per microversion range
export const ServerV296 = server({ imageProperties: false, schedulerHints: false, serverGroups: true });
export const ServerV298 = server({ imageProperties: true, schedulerHints: false, serverGroups: true });
export const ServerV2100 = server({ imageProperties: true, schedulerHints: true, serverGroups: true });
const DetailServerV296 = server({ imageProperties: false, schedulerHints: false, serverGroups: false });
const DetailServerV298 = server({ imageProperties: true, schedulerHints: false, serverGroups: false });
const DetailServerV2100 = server({ imageProperties: true, schedulerHints: true, serverGroups: false });

type ServerV2100Body = Static<typeof ServerV2100>;
/**
 * A server as returned at 2.96+: `scheduler_hints` (2.100+) and `server_groups` (show only, not list) are optional;
 * `image.properties` appears from 2.98.
 */
export type Server = Omit<ServerV2100Body, "scheduler_hints" | "server_groups"> &
  Partial<Pick<ServerV2100Body, "scheduler_hints" | "server_groups">>;

const showOf = (s: typeof ServerV296 | typeof ServerV298 | typeof ServerV2100) =>
  Type.Object({ server: s }, { additionalProperties: false });
const detailOf = (s: typeof DetailServerV296) =>
  Type.Object(
    { servers: Type.Array(s), servers_links: Type.Optional(CollectionLinks) },
    { additionalProperties: false },
  );

export const ShowServerV296 = showOf(ServerV296);
export const ShowServerV298 = showOf(ServerV298);
export const ShowServerV2100 = showOf(ServerV2100);
export const ListServersDetailV296 = detailOf(DetailServerV296);
export const ListServersDetailV298 = detailOf(DetailServerV298);
export const ListServersDetailV2100 = detailOf(DetailServerV2100);

/** Before 2.96 the suite does not look closely: require the fields every version has. */
const LooseServer = Loose({ id: Type.String(), status: Type.String(), links: Links });
export const ShowServerLoose = Type.Object({ server: LooseServer });
export const ListServersDetailLoose = Type.Object({ servers: Type.Array(LooseServer) });

export const CreatedServerBody = Type.Object(
  {
    adminPass: Type.Optional(Type.String()),
    id: Uuid,
    links: Links,
    security_groups: Type.Optional(Type.Array(Type.Object({ name: Type.String() }, { additionalProperties: false }))),
    "OS-DCF:diskConfig": Type.Union([Type.Literal("AUTO"), Type.Literal("MANUAL")]),
  },
  { additionalProperties: false },
);
export type CreatedServer = Static<typeof CreatedServerBody>;
export const CreateServerResponse = Type.Object({ server: CreatedServerBody }, { additionalProperties: false });

/** PUT /servers/{id}: Nova's update view differs from show (no OS-EXT-* fields); checked loosely. */
export const UpdateServerResponse = Type.Object({ server: Loose({ id: Uuid, name: NullableString }) });

export const ConsoleOutputResponse = Type.Object({ output: Type.String() }, { additionalProperties: false });
