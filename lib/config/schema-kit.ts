// The building blocks of the configuration schema (schema.ts): documented leaf types and closed groups.

import { type TSchema, Type } from "@sinclair/typebox";

/** Documentation attached to a schema node: what the key is, when to change it, Tempest's name for it. */
export interface Doc {
  description: string;
  tempest?: string;
  /** A value shown (commented out) in the documented YAML when the key is unset. */
  example?: string;
  /** Holds a secret: never printed, replaced by "***" in redacted output. */
  secret?: boolean;
  /** Holds a file path: relative values in a config file are resolved against that file's directory. */
  path?: boolean;
}

export const MICROVERSION = "^[0-9]+\\.[0-9]+$";

export const StringEnum = <T extends string>(values: readonly T[], doc: Doc) =>
  Type.Unsafe<T>({ type: "string", enum: [...values], ...doc });
export const Str = (doc: Doc) => Type.String(doc);
export const Bool = (doc: Doc) => Type.Boolean(doc);
export const Microversion = (doc: Doc) => Type.String({ pattern: MICROVERSION, ...doc });
export const Seconds = (doc: Doc) => Type.Number({ exclusiveMinimum: 0, ...doc });
export const Port = (doc: Doc) => Type.Integer({ minimum: 1, maximum: 65535, ...doc });
export const Group = <P extends Record<string, TSchema>>(props: P, description: string) =>
  Type.Object(props, { additionalProperties: false, description });
