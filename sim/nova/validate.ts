// A small JSON-schema subset with python-jsonschema's messages, wrapped the way nova/api/validation/validators.py
// wraps them ("Invalid input for field/attribute <last path element>. Value: <value>. <message>"), so that a
// client's error-message assertions see what Nova would say.

import { badRequest } from "../http/router.js";

export type Schema =
  | { type: "object"; properties?: Record<string, Schema>; required?: string[]; additionalProperties?: boolean }
  | { type: "string"; minLength?: number; maxLength?: number; pattern?: string; format?: "uuid"; enum?: string[] }
  | { type: "null" }
  | { type: "boolean" }
  | { type: "integer"; minimum?: number }
  | { type: "array"; items?: Schema; minItems?: number }
  | { anyOf: Schema[] }
  | { type: "any" };

const UUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/** Python-style repr, close enough for messages ('x', None, True, {'a': 1}). */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return `'${v}'`;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  if (typeof v === "object") {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `'${k}': ${pyRepr(x)}`)
      .join(", ")}}`;
  }
  return String(v);
}

interface Failure {
  path: string[];
  value: unknown;
  message: string;
}

function check(schema: Schema, v: unknown, path: string[]): Failure | undefined {
  if ("anyOf" in schema) {
    for (const s of schema.anyOf) if (!check(s, v, path)) return undefined;
    return { path, value: v, message: `${pyRepr(v)} is not valid under any of the given schemas` };
  }
  switch (schema.type) {
    case "any":
      return undefined;
    case "null":
      return v === null ? undefined : { path, value: v, message: `${pyRepr(v)} is not of type 'null'` };
    case "boolean":
      return typeof v === "boolean" ? undefined : { path, value: v, message: `${pyRepr(v)} is not of type 'boolean'` };
    case "integer":
      if (typeof v !== "number" || !Number.isInteger(v)) {
        return { path, value: v, message: `${pyRepr(v)} is not of type 'integer'` };
      }
      if (schema.minimum !== undefined && v < schema.minimum) {
        return { path, value: v, message: `${v} is less than the minimum of ${schema.minimum}` };
      }
      return undefined;
    case "string": {
      if (typeof v !== "string") return { path, value: v, message: `${pyRepr(v)} is not of type 'string'` };
      if (schema.minLength !== undefined && v.length < schema.minLength) {
        return { path, value: v, message: `${pyRepr(v)} is too short` };
      }
      if (schema.maxLength !== undefined && v.length > schema.maxLength) {
        return { path, value: v, message: `${pyRepr(v)} is too long` };
      }
      if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(v)) {
        return { path, value: v, message: `${pyRepr(v)} does not match '${schema.pattern}'` };
      }
      if (schema.format === "uuid" && !UUID_RE.test(v)) {
        return { path, value: v, message: `${pyRepr(v)} is not a 'uuid'` };
      }
      if (schema.enum && !schema.enum.includes(v)) {
        return { path, value: v, message: `${pyRepr(v)} is not one of ${pyRepr(schema.enum)}` };
      }
      return undefined;
    }
    case "array": {
      if (!Array.isArray(v)) return { path, value: v, message: `${pyRepr(v)} is not of type 'array'` };
      if (schema.minItems !== undefined && v.length < schema.minItems) {
        return { path, value: v, message: `${pyRepr(v)} is too short` };
      }
      if (schema.items) {
        for (let i = 0; i < v.length; i++) {
          const f = check(schema.items, v[i], [...path, String(i)]);
          if (f) return f;
        }
      }
      return undefined;
    }
    case "object": {
      if (typeof v !== "object" || v === null || Array.isArray(v)) {
        return { path, value: v, message: `${pyRepr(v)} is not of type 'object'` };
      }
      const o = v as Record<string, unknown>;
      for (const r of schema.required ?? []) {
        if (!(r in o)) return { path, value: v, message: `'${r}' is a required property` };
      }
      if (schema.additionalProperties === false) {
        const extra = Object.keys(o).filter((k) => !(k in (schema.properties ?? {})));
        if (extra.length > 0) {
          const list = extra.map((k) => `'${k}'`).join(", ");
          const verb = extra.length === 1 ? "was" : "were";
          return { path, value: v, message: `Additional properties are not allowed (${list} ${verb} unexpected)` };
        }
      }
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        if (k in o) {
          const f = check(s, o[k], [...path, k]);
          if (f) return f;
        }
      }
      return undefined;
    }
  }
}

/** Throws Nova's 400 when `body` does not match `schema`. */
export function validateBody(schema: Schema, body: unknown): void {
  const f = check(schema, body, []);
  if (!f) return;
  const last = f.path[f.path.length - 1];
  if (last === undefined) throw badRequest(f.message);
  throw badRequest(`Invalid input for field/attribute ${last}. Value: ${pyRepr(f.value)}. ${f.message}`);
}

/** Query validation: `allowed` parameter names, everything else 400 like Nova's additionalProperties: False. */
export function validateQuery(query: URLSearchParams, allowed: readonly string[]): void {
  const extra = [...new Set(query.keys())].filter((k) => !allowed.includes(k));
  if (extra.length === 0) return;
  const list = extra.map((k) => `'${k}'`).join(", ");
  throw badRequest(`Additional properties are not allowed (${list} ${extra.length === 1 ? "was" : "were"} unexpected)`);
}

export const UUID_SCHEMA: Schema = { type: "string", format: "uuid" };
export const isUuid = (s: string): boolean => UUID_RE.test(s);
