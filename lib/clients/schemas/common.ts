// Building blocks shared by the response schemas (mirrors nova/api/validation/response_types.py).
import { type TSchema, Type } from "@sinclair/typebox";

export const Uuid = Type.String({ format: "uuid" });
export const DateTime = Type.String({ format: "date-time" });
export const NullableString = Type.Union([Type.String(), Type.Null()]);
export const NullableDateTime = Type.Union([DateTime, Type.Null()]);

export const Links = Type.Array(
  Type.Object(
    { rel: Type.String(), href: Type.String({ format: "uri" }), type: Type.Optional(Type.String()) },
    { additionalProperties: false },
  ),
);

export const CollectionLinks = Type.Array(
  Type.Object({ rel: Type.Literal("next"), href: Type.String({ format: "uri" }) }, { additionalProperties: false }),
  { minItems: 1, maxItems: 1 },
);

/** `{type: "object", patternProperties: {pattern: value}, additionalProperties: false}` typed as a string record. */
export function StringMap<T extends TSchema>(value: T, pattern = "^.+$") {
  return Type.Unsafe<Record<string, T["static"]>>({
    type: "object",
    patternProperties: { [pattern]: value },
    additionalProperties: false,
  });
}

/** An object that must have `required` fields and may carry anything else (services we do not pin down strictly). */
export function Loose<T extends Record<string, TSchema>>(props: T) {
  return Type.Object(props, { additionalProperties: true });
}

/** An empty response body (the client validates a missing body as null). */
export const EmptyBody = Type.Null();
