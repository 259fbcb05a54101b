// os-server-shares (2.97+), from nova/api/openstack/compute/schemas/server_shares.py and views/server_shares.py.
// Unlike Tempest's v2_97 attach schema, create accepts the admin-only `uuid` and `export_location`.
import { type Static, Type } from "@sinclair/typebox";
import { Uuid } from "./common.js";

export const ShareMappingStatus = Type.Union(
  ["active", "inactive", "attaching", "detaching", "error"].map((s) => Type.Literal(s)),
);

/** show and create: share_id/status/tag, plus uuid and export_location for admins. */
export const ServerShareBody = Type.Object(
  {
    share_id: Uuid,
    status: ShareMappingStatus,
    tag: Type.String(),
    uuid: Type.Optional(Uuid),
    export_location: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ServerShare = Static<typeof ServerShareBody>;

/** list items: only share_id/status/tag, even for admins. */
export const ServerShareListItemBody = Type.Object(
  { share_id: Uuid, status: ShareMappingStatus, tag: Type.String() },
  { additionalProperties: false },
);
export type ServerShareListItem = Static<typeof ServerShareListItemBody>;

export const ShowServerShareResponse = Type.Object({ share: ServerShareBody }, { additionalProperties: false });
export const AttachShareResponse = ShowServerShareResponse;
export const ListServerSharesResponse = Type.Object(
  { shares: Type.Array(ServerShareListItemBody) },
  { additionalProperties: false },
);

/** Request body of POST /servers/{id}/shares (Nova's `create` schema), for checking what we send and the samples. */
export const AttachShareRequestBody = Type.Object(
  {
    share: Type.Object(
      { share_id: Uuid, tag: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: "^[a-zA-Z0-9-]*$" })) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
