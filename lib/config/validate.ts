// Schema validation of one source layer, with ajv's errors turned into ConfigProblems a user can act on.
// The validator is compiled once. `required` errors are ignored per layer (a layer is partial by nature);
// missing values are checked once, after merging (see checks.ts).

import type { TSchema } from "@sinclair/typebox";
import { Ajv, type ErrorObject } from "ajv";
import { getPath, isPlainObject, type Layer, originOf, type PlainObject } from "./layers.js";
import { type ConfigProblem, kindOf, show } from "./problems.js";
import { ConfigFileSchema, isSecretPath, leafPaths, schemaAt } from "./schema.js";
import { closest } from "./suggest.js";

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addVocabulary(["tempest", "example", "secret", "path"]);
const validateGroups = ajv.compile(ConfigFileSchema);

const TYPE_WORDS: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "true or false",
};

/** Validates a partial configuration from one source; returns one problem per wrong key. */
export function validateLayer(layer: Layer): ConfigProblem[] {
  coerceIdNumbers(layer.data);
  if (validateGroups(layer.data)) return [];
  const errors = (validateGroups.errors ?? []).filter((e) => e.keyword !== "required");
  // An anyOf (max_microversion) reports every failed branch too; keep only the anyOf error for that path.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const kept = errors.filter((e) => e.keyword === "anyOf" || !anyOfPaths.has(e.instancePath));
  const problems = kept.map((e) => toProblem(e, layer));
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.key}|${p.problem}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** YAML reads `flavor_ref: 1` as a number; an ID is a string, so whole numbers become strings (not microversions). */
function coerceIdNumbers(data: PlainObject, path: string[] = []): void {
  for (const [k, v] of Object.entries(data)) {
    const p = [...path, k];
    if (isPlainObject(v)) coerceIdNumbers(v, p);
    else if (typeof v === "number" && Number.isInteger(v)) {
      const s = schemaAt(p);
      if (s?.type === "string" && s.pattern === undefined && s.enum === undefined) data[k] = String(v);
    }
  }
}

function pointerToPath(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function toProblem(e: ErrorObject, layer: Layer): ConfigProblem {
  const path = pointerToPath(e.instancePath);
  if (e.keyword === "additionalProperties") {
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    return unknownKey([...path, extra], layer);
  }
  const key = path.join(".") || "(top level)";
  const source = originOf(layer, key);
  const value = getPath(layer.data, path);
  const schema = schemaAt(path);
  // Only values of known, non-secret leaf keys are echoed: a group or unknown key may hold anything.
  const echo = schema !== undefined && !schema.properties && !schema.patternProperties && !isSecretPath(path);
  const found = echo && !isPlainObject(value) ? `${kindOf(value)} ${show(value)}` : kindOf(value);
  const name = path[path.length - 1] ?? "";
  switch (e.keyword) {
    case "type": {
      if (schema?.pattern !== undefined || schema?.anyOf !== undefined) {
        return microversionProblem(key, source, name, value, found, schema);
      }
      const want = String((e.params as { type: string }).type);
      return {
        key,
        source,
        problem: `expected ${TYPE_WORDS[want] ?? want}, found ${found}`,
        fix: typeFix(name, want, value),
      };
    }
    case "enum": {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const guess = typeof value === "string" ? closest(value, allowed) : undefined;
      return {
        key,
        source,
        problem: `expected one of ${allowed.join(", ")}; found ${found}`,
        fix: guess ? `write ${name}: ${guess}` : `set ${name} to one of ${allowed.join(", ")}`,
      };
    }
    case "pattern":
    case "anyOf":
      return microversionProblem(key, source, name, value, found, schema);
    case "minimum":
    case "maximum":
    case "exclusiveMinimum": {
      const { comparison, limit } = e.params as { comparison: string; limit: number };
      return {
        key,
        source,
        problem: `must be ${comparison} ${limit}, found ${found}`,
        fix: `set ${name} to a value ${comparison} ${limit}`,
      };
    }
    default:
      return {
        key,
        source,
        problem: `${e.message ?? "is invalid"} (found ${found})`,
        fix: `correct ${key}; see config/vftest.yaml`,
      };
  }
}

function typeFix(name: string, want: string, value: unknown): string {
  if ((want === "number" || want === "integer") && typeof value === "string" && /^\s*[0-9.]+\s*$/.test(value)) {
    return `write the number without quotes: ${name}: ${value.trim()}`;
  }
  if (want === "boolean" && typeof value === "string") return `write ${name}: true or ${name}: false, without quotes`;
  if (want === "object") return `write ${name} as a mapping of keys (see config/vftest.yaml)`;
  return `set ${name} to ${TYPE_WORDS[want] ?? want}`;
}

function microversionProblem(
  key: string,
  source: string,
  name: string,
  value: unknown,
  found: string,
  schema: TSchema | undefined,
): ConfigProblem {
  const latest = schema?.anyOf !== undefined;
  const expected = latest ? 'a microversion like "2.105" or "latest"' : 'a microversion like "2.97"';
  const hint =
    typeof value === "number" ? " (unquoted YAML reads 2.100 as the number 2.1, so microversions must be quoted)" : "";
  return {
    key,
    source,
    problem: `expected ${expected}, found ${found}${hint}`,
    fix: `quote it, e.g. ${name}: ${latest ? '"latest"' : '"2.97"'}`,
  };
}

function unknownKey(path: string[], layer: Layer): ConfigProblem {
  const key = path.join(".");
  const parent = path.slice(0, -1);
  const name = path[path.length - 1]!;
  const source = originOf(layer, key);
  const problem = `unknown key "${name}"${parent.length ? ` in ${parent.join(".")}` : ""}`;
  if (parent.length === 0 && name === "sources") {
    return { key, source, problem, fix: "remove it; vftest records the sources itself" };
  }
  const siblings = Object.keys((schemaAt(parent)?.properties as Record<string, TSchema> | undefined) ?? {});
  const typo = closest(name, siblings);
  if (typo) return { key, source, problem, fix: `did you mean ${[...parent, typo].join(".")}? Rename the key` };
  const elsewhere = leafPaths().find((p) => p[p.length - 1] === name) ?? groupNamed(name);
  if (elsewhere) return { key, source, problem, fix: `did you mean ${elsewhere.join(".")}? Move the key there` };
  const tempest = leafPaths().find((p) => (schemaAt(p)?.tempest as string | undefined)?.endsWith(` ${name}`));
  if (tempest) {
    return { key, source, problem: `${problem} (that is Tempest's name)`, fix: `use ${tempest.join(".")} instead` };
  }
  return { key, source, problem, fix: `remove it, or use one of: ${siblings.join(", ")}` };
}

function groupNamed(name: string): string[] | undefined {
  const groups = Object.keys(ConfigFileSchema.properties);
  const g = groups.find((x) => x === name) ?? closest(name, groups);
  return g ? [g] : undefined;
}

/** Validates a partial configuration object (e.g. what `vftest init` is about to write); `source` labels problems. */
export function checkPartialConfig(data: unknown, source: string): ConfigProblem[] {
  if (!isPlainObject(data)) {
    return [
      { key: "(top level)", source, problem: "is not a mapping of groups", fix: "start from config/vftest.yaml" },
    ];
  }
  return validateLayer({ source, data: structuredClone(data) });
}
