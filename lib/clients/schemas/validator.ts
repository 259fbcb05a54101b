// ajv, configured once; each schema object compiled once (cache keyed by the object itself).
// `code.optimize: false`: Ajv's pass that folds and prunes the generated validator's names costs ~30-40% of each
// compile (the first response of each API in a run compiles its schema, ~0.25 s of CPU per run) and changes no
// result; the validators it would tidy run a few times per request at most.
import type { TSchema } from "@sinclair/typebox";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

const ajv = new Ajv({ allErrors: true, strict: false, code: { optimize: false } });
addFormats.default(ajv);
// OpenStack timestamps often lack a zone ("2016-06-23T14:42:02.000000"); Nova's own validator accepts them.
ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i);
ajv.addFormat("mac-address", /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i);
ajv.addFormat("base64", /^[A-Za-z0-9+/\r\n]*={0,2}$/);

const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: TSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

function describe(e: ErrorObject): string {
  const at = e.instancePath || "(body)";
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties":
      return `${at}: unexpected field "${String(p.additionalProperty)}"`;
    case "required":
      return `${at}: missing required field "${String(p.missingProperty)}"`;
    case "enum":
      return `${at}: ${e.message} ${JSON.stringify(p.allowedValues)}`;
    default:
      return `${at}: ${e.message ?? e.keyword}`;
  }
}

/** Problems found validating `body` against `schema`; empty when it conforms. */
export function validateAgainst(schema: TSchema, body: unknown): string[] {
  const v = compile(schema);
  if (v(body)) return [];
  const seen = new Set<string>();
  for (const e of v.errors ?? []) seen.add(describe(e));
  return [...seen];
}
