// The request side of flavors.py create (POST /flavors) and of its is_public list filter, in Nova's order and words:
// schemas/flavors.py create checked as Nova's validator does (jsonschema Draft 2020-12, first error wins, properties
// before required before additionalProperties, minimum/maximum also on numeric strings, the 'name' format), then
// compute/flavors.py create (generated UUID id, defaults, rxtx_factor range).
// validate.ts covers one JSON type per field; these fields take several ("ram": 512 or "512"), hence this file.

import { randomUUID } from "node:crypto";
import { badRequest, FaultError } from "../http/router.js";
import type { NovaCtx } from "./context.js";
import type { Flavor } from "./model.js";
import { pyRepr } from "./validate.js";

type JsonType = "string" | "integer" | "number" | "null" | "boolean";

interface FieldSchema {
  type: JsonType[];
  /** Nova's "name" format checker (parameter_types.valid_name_regex). */
  nameFormat?: true;
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  /** The pattern as Nova's schema spells it, for messages. */
  patternText?: string;
  enum?: readonly unknown[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

const MAX_INT = 0x7fffffff;
const SQL_SP_FLOAT_MAX = 3.40282e38;
const NAME_REASON = "printable characters. Can not start or end with whitespace.";
// Printable = not Unicode "other" and not a line/paragraph separator; Nova's ranges stop at U+FFFE.
const PRINTABLE = String.raw`[^\p{C}\p{Zl}\p{Zp}\u{10000}-\u{10FFFF}]`;
const NAME_RE = new RegExp(String.raw`^(?![\p{C}\p{Z}])${PRINTABLE}*(?<![\p{C}\p{Z}])$`, "u");
const DESCRIPTION_RE = new RegExp(`^${PRINTABLE}*$`, "u");

const BOOLEAN_ENUM: readonly unknown[] = [
  true,
  ...["True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes"],
  false,
  ...["False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no"],
];
const flavorParam = (minimum: number): FieldSchema => ({
  type: ["integer", "string"],
  pattern: /^[0-9]+$/,
  patternText: "^[0-9]+$",
  minimum,
  maximum: MAX_INT,
});

/** schemas/flavors.py create (2.1-2.54), create_v255 (2.55-2.101), create_v2102 (2.102+), in property order. */
function flavorSchema(ctx: NovaCtx): Record<string, FieldSchema> {
  const s: Record<string, FieldSchema> = {
    name: { type: ["string"], nameFormat: true, minLength: 1, maxLength: 255 },
    id: {
      type: ["string", "number", "null"],
      minLength: 1,
      maxLength: 255,
      pattern: /^(?! )[a-zA-Z0-9. _-]+(?<! )$/,
      patternText: "^(?! )[a-zA-Z0-9. _-]+(?<! )$",
    },
    ram: flavorParam(1),
    vcpus: flavorParam(1),
    disk: flavorParam(0),
    "OS-FLV-EXT-DATA:ephemeral": flavorParam(0),
    swap: flavorParam(0),
    rxtx_factor: {
      type: ["number", "string"],
      pattern: /^[0-9]+(\.[0-9]+)?$/,
      patternText: String.raw`^[0-9]+(\.[0-9]+)?$`,
      exclusiveMinimum: 0,
      maximum: SQL_SP_FLOAT_MAX,
    },
    "os-flavor-access:is_public": { type: ["boolean", "string"], enum: BOOLEAN_ENUM },
  };
  if (ctx.v.atLeast("2.102")) delete s.rxtx_factor;
  if (ctx.v.atLeast("2.55")) {
    s.description = {
      type: ["string", "null"],
      minLength: 0,
      maxLength: 65535,
      pattern: DESCRIPTION_RE,
      // The real pattern is a long list of printable-character ranges.
      patternText: "^[<printable characters>]*$",
    };
  }
  return s;
}

/** Python's repr() of a JSON value (strings with Python's quoting and escaped backslashes). */
function repr(v: unknown): string {
  if (typeof v !== "string") return pyRepr(v);
  const s = v.replace(/\\/g, "\\\\");
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/'/g, "\\'")}'`;
}

/** Python's str(): what Nova's "Value: %(value)s" prints. */
const str = (v: unknown): string => (typeof v === "string" ? v : pyRepr(v));

function isType(v: unknown, t: JsonType): boolean {
  switch (t) {
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "null":
      return v === null;
    case "boolean":
      return typeof v === "boolean";
  }
}

/** validators._SchemaValidator._number_from_str: int(x), else float(x), else no number. */
function numberFromStr(v: unknown): number | undefined {
  if (typeof v === "number") return Math.trunc(v);
  if (typeof v !== "string") return undefined;
  const s = v.trim();
  if (/^[+-]?\d+$/.test(s)) return Number(s);
  return s !== "" && Number.isFinite(Number(s)) ? Number(s) : undefined;
}

/** The first jsonschema message for `v`, or undefined when it is valid. */
function checkField(s: FieldSchema, v: unknown): string | undefined {
  if (!s.type.some((t) => isType(v, t))) return `${repr(v)} is not of type ${s.type.map((t) => `'${t}'`).join(", ")}`;
  if (typeof v === "string") {
    if (s.nameFormat && !NAME_RE.test(v)) return "name-format";
    if (s.minLength !== undefined && v.length < s.minLength) {
      return s.minLength === 1 ? `${repr(v)} should be non-empty` : `${repr(v)} is too short`;
    }
    if (s.maxLength !== undefined && v.length > s.maxLength) return `${repr(v)} is too long`;
    if (s.pattern && !s.pattern.test(v)) return `${repr(v)} does not match ${repr(s.patternText)}`;
  }
  if (s.enum && !s.enum.includes(v)) return `${repr(v)} is not one of ${pyRepr(s.enum)}`;
  const n = numberFromStr(v);
  if (s.minimum !== undefined && n !== undefined && n < s.minimum)
    return `${n} is less than the minimum of ${s.minimum}`;
  if (s.exclusiveMinimum !== undefined && typeof v === "number" && v <= s.exclusiveMinimum) {
    return `${v} is less than or equal to the minimum of ${s.exclusiveMinimum}`;
  }
  if (s.maximum !== undefined && n !== undefined && n > s.maximum)
    return `${n} is greater than the maximum of ${s.maximum}`;
  return undefined;
}

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

const extraMessage = (extra: string[]): string =>
  `Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(", ")} ${extra.length === 1 ? "was" : "were"} unexpected)`;

/** Throws Nova's 400 for a POST /flavors body that its schema rejects. */
function validateCreateBody(ctx: NovaCtx, body: unknown): Record<string, unknown> {
  const top = asObject(body);
  if (!top) throw badRequest(`${repr(body)} is not of type 'object'`);
  const field = (name: string, value: unknown, message: string) =>
    badRequest(`Invalid input for field/attribute ${name}. Value: ${str(value)}. ${message}`);
  if ("flavor" in top) {
    const vals = asObject(top.flavor);
    if (!vals) throw field("flavor", top.flavor, `${repr(top.flavor)} is not of type 'object'`);
    const schema = flavorSchema(ctx);
    for (const [k, s] of Object.entries(schema)) {
      if (!(k in vals)) continue;
      const m = checkField(s, vals[k]);
      if (m === "name-format")
        throw badRequest(`An invalid 'name' value was provided. The name must be: ${NAME_REASON}`);
      if (m) throw field(k, vals[k], m);
    }
    for (const r of ["name", "ram", "vcpus", "disk"]) {
      if (!(r in vals)) throw field("flavor", vals, `'${r}' is a required property`);
    }
    const extra = Object.keys(vals).filter((k) => !(k in schema));
    if (extra.length > 0) throw field("flavor", vals, extraMessage(extra));
  } else {
    throw badRequest("'flavor' is a required property");
  }
  const extra = Object.keys(top).filter((k) => k !== "flavor");
  if (extra.length > 0) throw badRequest(extraMessage(extra));
  return asObject(top.flavor) ?? {};
}

/** The new flavor's fields (all but the internal id and extra specs), or Nova's 400/500 for a bad request. */
export function parseFlavorCreate(ctx: NovaCtx): Omit<Flavor, "id" | "extraSpecs"> {
  const vals = validateCreateBody(ctx, ctx.req.body);
  const int = (k: string, dflt: number) => (vals[k] === undefined ? dflt : Number(vals[k]));
  const rxtx = Number(vals.rxtx_factor ?? 1.0);
  if (!(rxtx > 0 && rxtx <= SQL_SP_FLOAT_MAX)) {
    // flavors.create raises InvalidInput, which the API does not expect: Nova answers 500 ("0" passes the schema).
    throw new FaultError(
      500,
      "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class 'nova.exception.InvalidInput'>",
    );
  }
  const isPublic = vals["os-flavor-access:is_public"] ?? true;
  const id = vals.id;
  return {
    // `if not flavorid`: a missing, null or 0 id gets a generated UUID.
    flavorid: id === undefined || id === null || id === 0 ? randomUUID() : String(id),
    name: String(vals.name).trim(),
    memoryMb: int("ram", 0),
    vcpus: int("vcpus", 0),
    rootGb: int("disk", 0),
    ephemeralGb: int("OS-FLV-EXT-DATA:ephemeral", 0),
    swap: int("swap", 0),
    isPublic: isPublic === true || ["true", "1", "on", "yes"].includes(String(isPublic).toLowerCase()),
    description: ctx.v.atLeast("2.55") && typeof vals.description === "string" ? vals.description : null,
  };
}

/** flavors.py _get_flavors' is_public filter: non-admins see public flavors; admins choose with ?is_public=. */
export function listedFlavors(ctx: NovaCtx, flavors: readonly Flavor[]): Flavor[] {
  const p = ctx.req.query.get("is_public");
  if (!ctx.auth.isAdmin || p === null) return flavors.filter((f) => f.isPublic);
  const v = p.trim().toLowerCase();
  if (v === "none") return [...flavors];
  const want = ["1", "t", "true", "on", "y", "yes"].includes(v)
    ? true
    : ["0", "f", "false", "off", "n", "no"].includes(v)
      ? false
      : undefined;
  if (want === undefined) throw badRequest(`Invalid is_public filter [${p}]`);
  return flavors.filter((f) => f.isPublic === want);
}
