// GET /os-migrations, from nova/api/openstack/compute/schemas/migrations.py (strict, like Nova).
// Fields: 2.23 migration_type (+ links for in-progress live migrations), 2.59 uuid (+ migrations_links), 2.80 user_id/project_id.
import { type Static, type TProperties, Type } from "@sinclair/typebox";
import { CollectionLinks, DateTime, Links, NullableDateTime, NullableString, Uuid } from "./common.js";

const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

const v20: TProperties = {
  created_at: DateTime,
  dest_compute: NullableString,
  dest_host: NullableString,
  dest_node: NullableString,
  id: Type.Integer(),
  instance_uuid: Uuid,
  new_instance_type_id: NullableInt,
  old_instance_type_id: NullableInt,
  source_compute: NullableString,
  source_node: NullableString,
  status: Type.String(),
  updated_at: NullableDateTime,
};
const v223: TProperties = {
  ...v20,
  migration_type: Type.Union(["migration", "resize", "live-migration", "evacuation"].map((s) => Type.Literal(s))),
  links: Type.Optional(Links),
};
const v259: TProperties = { ...v223, uuid: Uuid };
const v280: TProperties = { ...v259, user_id: Type.String(), project_id: Type.String() };

function list(item: TProperties, paged: boolean) {
  return Type.Object(
    {
      migrations: Type.Array(Type.Object(item, { additionalProperties: false })),
      ...(paged ? { migrations_links: Type.Optional(CollectionLinks) } : {}),
    },
    { additionalProperties: false },
  );
}

export const ListMigrationsV20 = list(v20, false);
export const ListMigrationsV223 = list(v223, false);
export const ListMigrationsV259 = list(v259, true);
export const ListMigrationsV280 = list(v280, true);

const MigrationV280Item = Type.Object(
  {
    created_at: DateTime,
    dest_compute: NullableString,
    dest_host: NullableString,
    dest_node: NullableString,
    id: Type.Integer(),
    instance_uuid: Uuid,
    new_instance_type_id: NullableInt,
    old_instance_type_id: NullableInt,
    source_compute: NullableString,
    source_node: NullableString,
    status: Type.String(),
    updated_at: NullableDateTime,
    migration_type: Type.String(),
    links: Type.Optional(Links),
    uuid: Uuid,
    user_id: Type.String(),
    project_id: Type.String(),
  },
  { additionalProperties: false },
);
/** A migration as seen at 2.80+ (the suite's microversions). */
export type Migration = Static<typeof MigrationV280Item>;
