// The one Ajv configuration, shared by the validators generated at build time (standalone.ts) and the runtime
// compile they fall back to (validator.ts), and the key that ties a generated validator to its schema.
// Ajv and ajv-formats are CommonJS, require()d only when an Ajv is made: a run whose schemas all have generated
// validators makes none here (lib/config still loads Ajv for the config file).
// `code.optimize: false` at run time: Ajv's pass that folds and prunes the generated validator's names costs ~30-40%
// of each compile and changes no result; the build, which compiles every schema once for all runs, keeps it.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { TSchema } from "@sinclair/typebox";
import type { Ajv } from "ajv";

const require = createRequire(import.meta.url);

const OPTIONS = { allErrors: true, strict: false } as const;

/** Formats of our own, on top of ajv-formats' full set (the first replaces its date-time). */
const CUSTOM_FORMATS: Record<string, RegExp> = {
  // OpenStack timestamps often lack a zone ("2016-06-23T14:42:02.000000"); Nova's own validator accepts them.
  "date-time": /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i,
  "mac-address": /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i,
  base64: /^[A-Za-z0-9+/\r\n]*={0,2}$/,
};

/** An Ajv with our options and formats; `source` keeps each validator's code for standaloneCode(). */
export function makeAjv(mode: "runtime" | "standalone"): Ajv {
  const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
  const addFormats = require("ajv-formats") as typeof import("ajv-formats").default;
  const ajv = new AjvClass({
    ...OPTIONS,
    code: mode === "standalone" ? { source: true, optimize: true } : { optimize: false },
  });
  addFormats(ajv);
  for (const [name, re] of Object.entries(CUSTOM_FORMATS)) ajv.addFormat(name, re);
  return ajv;
}

/** What, besides the schema, decides a validator's verdict and errors: options, our formats, the Ajv versions. */
let fingerprint: string | undefined;
function ajvFingerprint(): string {
  fingerprint ??= JSON.stringify({
    options: OPTIONS,
    formats: Object.entries(CUSTOM_FORMATS).map(([n, re]) => [n, String(re)]),
    ajv: (require("ajv/package.json") as { version: string }).version,
    ajvFormats: (require("ajv-formats/package.json") as { version: string }).version,
  });
  return fingerprint;
}

/**
 * The key of a schema's generated validator: a hash of its JSON (what Ajv reads; TypeBox's symbol keys are not
 * part of it) and of the Ajv configuration. A schema edited after the build hashes differently, so it never meets
 * an old validator.
 */
export function schemaKey(schema: TSchema): string {
  return createHash("sha256").update(ajvFingerprint()).update("\n").update(JSON.stringify(schema)).digest("hex");
}
