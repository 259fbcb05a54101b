// Validating a body against a schema. Each schema object gets its validator once (cache keyed by the object): the
// one generated at build time for its key (standalone.ts; dist/ only), else — running the sources, a schema edited
// since the build, a schema the build does not know — one compiled here by Ajv, as configured in ajv-setup.ts.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TSchema } from "@sinclair/typebox";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { makeAjv, schemaKey } from "./ajv-setup.js";

const require = createRequire(import.meta.url);

/** The generated validators' directory, beside this file's compiled twin in dist/ (scripts/build.mjs writes it). */
export const GENERATED_DIR = "validators";

/** Validators for schemas: the generated `<dir>/<key>.cjs` when there is one, else compiled on first use. */
export class Validators {
  private readonly cache = new WeakMap<object, ValidateFunction>();
  private ajv: Ajv | undefined;
  /** How many schemas got a generated validator / had to be compiled (tests, benchmarks). */
  readonly counts = { generated: 0, compiled: 0 };

  /** `generatedDir` undefined: always compile. */
  constructor(private readonly generatedDir?: string) {}

  get(schema: TSchema): ValidateFunction {
    let v = this.cache.get(schema);
    if (!v) {
      v = this.generated(schema);
      if (v) this.counts.generated++;
      else {
        this.ajv ??= makeAjv("runtime");
        v = this.ajv.compile(schema);
        this.counts.compiled++;
      }
      this.cache.set(schema, v);
    }
    return v;
  }

  private generated(schema: TSchema): ValidateFunction | undefined {
    if (!this.generatedDir) return undefined;
    const file = path.join(this.generatedDir, `${schemaKey(schema)}.cjs`);
    // None for this key: running the sources, a schema edited since the build, a build without validators.
    if (!fs.existsSync(file)) return undefined;
    return require(file) as ValidateFunction;
  }
}

const validators = new Validators(fileURLToPath(new URL(GENERATED_DIR, import.meta.url)));

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

/** Problems found validating `body` against `schema` (with `using`'s validators); empty when it conforms. */
export function validateAgainst(schema: TSchema, body: unknown, using: Validators = validators): string[] {
  const v = using.get(schema);
  if (v(body)) return [];
  const seen = new Set<string>();
  for (const e of v.errors ?? []) seen.add(describe(e));
  return [...seen];
}
