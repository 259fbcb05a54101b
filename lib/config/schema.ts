// The configuration schema: one TypeBox definition that gives ajv its validator, `renderConfigYaml` its comments
// (`description`, `tempest`) and the type checker a proof that it matches `VftestConfig` (see the bottom).
// Every object is closed (`additionalProperties: false`) so a misspelt key is an error, not a silent default.

import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { NotificationsGroup } from "./notifications.js";
import { Reporting, Validation, Whitebox } from "./schema-access.js";
import { Auth, Compute, ComputeFeatures, Identity, Share } from "./schema-cloud.js";
import type { VftestConfig } from "./types.js";

/** The groups a config file (and every other source) may set. */
export const ConfigFileSchema = Type.Object(
  {
    auth: Auth,
    identity: Identity,
    compute: Compute,
    compute_feature_enabled: ComputeFeatures,
    share: Share,
    validation: Validation,
    whitebox: Whitebox,
    reporting: Reporting,
    notifications: NotificationsGroup,
  },
  { additionalProperties: false },
);

/** The resolved configuration: the groups plus where the values came from. */
export const ConfigSchema = Type.Object(
  { ...ConfigFileSchema.properties, sources: Type.Array(Type.String()) },
  { additionalProperties: false },
);

export type ConfigFromSchema = Static<typeof ConfigFileSchema> & { sources: string[] };

// Compile-time proof that the schema and VftestConfig describe the same thing, in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<ConfigFromSchema, VftestConfig> = true;
void schemaMatchesTypes;

/** Walks the schema: the node for a dotted key path ("compute.build_timeout"), or undefined. */
export function schemaAt(path: readonly string[]): TSchema | undefined {
  let node: TSchema | undefined = ConfigFileSchema;
  for (const part of path) {
    const props: Record<string, TSchema> | undefined = node?.properties;
    if (props && Object.hasOwn(props, part)) node = props[part];
    else if (node?.patternProperties) node = Object.values(node.patternProperties as Record<string, TSchema>)[0];
    else return undefined;
  }
  return node;
}

/** Every leaf key path of the schema (records count as leaves), e.g. ["compute", "build_timeout"]. */
export function leafPaths(node: TSchema = ConfigFileSchema, prefix: string[] = []): string[][] {
  const props: Record<string, TSchema> | undefined = node.properties;
  if (!props) return [prefix];
  return Object.entries(props).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

export function isSecretPath(path: readonly string[]): boolean {
  const last = path[path.length - 1] ?? "";
  return schemaAt(path)?.secret === true || /password|secret|token/i.test(last);
}
