// Bodies for any JSON schema of ours (TypeBox output: object/array/string/number/boolean/null, anyOf, allOf,
// const, patternProperties, formats): a conforming sample built from the schema alone, and broken variants of a
// body — a required field missing, an unexpected field, a value outside an enum/const, a string not in its format
// (date-time, uuid, uri, ...), a value of the wrong type, and all of these at once (allErrors). Used to compare two
// validators of one schema.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;

const FORMATS: Record<string, string> = {
  uuid: "9128d044-7b61-403e-b766-7547076ff6c1",
  "date-time": "2026-08-21T10:00:30.000000",
  uri: "http://127.0.0.1/compute/v2.1/x",
  ipv4: "10.0.0.5",
  ipv6: "fd00::5",
  "mac-address": "fa:16:3e:00:00:01",
  base64: "aGVsbG8=",
};
/** Near misses of each format (a date-time without seconds, a MAC with a bad octet, ...). */
const BAD_FORMATS: Record<string, string> = {
  uuid: "9128d044-7b61-403e-b766-7547076ff6cz",
  "date-time": "2026-08-21T10:00",
  uri: "compute/v2.1/no-scheme",
  ipv4: "10.0.0.256",
  ipv6: "fd00::5::6",
  "mac-address": "fa:16:3e:00:00:0g",
  base64: "aGVsbG8=!",
};
const PATTERN_CANDIDATES = ["1.0", "x", "abc-1"];
const KEYS = ["key", "k1", "hw:mem_page_size", "a", "1"];

const isObj = (v: unknown): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const sub = (s: Schema, k: string): Schema[] => (Array.isArray(s[k]) ? (s[k] as Schema[]) : []);
const typeOf = (s: Schema): string | undefined => (Array.isArray(s.type) ? String(s.type[0]) : (s.type as string));

/** The anyOf branch a sample takes: the first that is not null. */
function branch(s: Schema): number {
  const i = sub(s, "anyOf").findIndex((b) => typeOf(b) !== "null" && b.const !== null);
  return Math.max(i, 0);
}

/** The schema as the sample takes it: its anyOf branch merged with what sits beside the anyOf (a type, say). */
function taken(s: Schema): Schema {
  const { anyOf: _, ...beside } = s;
  return { ...beside, ...sub(s, "anyOf")[branch(s)] };
}

/** A body built from the schema: every property (optional ones too), one item per array (or minItems). */
export function sampleOf(s: Schema): Json {
  if ("const" in s) return s.const as Json;
  if (Array.isArray(s.enum)) return s.enum[0] as Json;
  if (s.anyOf) return sampleOf(taken(s));
  if (s.allOf) return Object.assign({}, ...sub(s, "allOf").map(sampleOf)) as Json;
  switch (typeOf(s)) {
    case "object": {
      const out: Record<string, Json> = {};
      for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) out[k] = sampleOf(p);
      for (const [pattern, p] of Object.entries((s.patternProperties ?? {}) as Record<string, Schema>)) {
        const key = KEYS.find((k) => new RegExp(pattern, "u").test(k));
        if (key !== undefined) out[key] = sampleOf(p);
      }
      return out;
    }
    case "array": {
      const n = Math.min(Math.max(1, Number(s.minItems ?? 0)), Number(s.maxItems ?? 1));
      return Array.from({ length: n }, () => sampleOf((s.items ?? {}) as Schema));
    }
    case "string":
      if (typeof s.format === "string" && s.format in FORMATS) return FORMATS[s.format];
      if (typeof s.pattern === "string") {
        const fits = PATTERN_CANDIDATES.find((c) => new RegExp(s.pattern as string, "u").test(c));
        if (fits !== undefined) return fits;
      }
      return "x".repeat(Math.max(1, Number(s.minLength ?? 1)));
    case "integer":
    case "number":
      return Number(s.minimum ?? 1);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return {};
  }
}

type Path = (string | number)[];
interface Mutation {
  label: string;
  path: Path;
  /** Sets the new value in `parent` (an object or array holding the node at the path's last step) */
  apply(parent: Record<string | number, Json>, last: string | number): void;
}

/** `inUnion`: `s` is one branch of an anyOf, whose other branches may take a value of another type. */
function mutations(s: Schema, v: Json, path: Path, out: Mutation[], inUnion = false): void {
  const at = `/${path.join("/")}`;
  if (s.anyOf) {
    mutations(taken(s), v, path, out, true);
    return;
  }
  for (const a of sub(s, "allOf")) mutations(a, v, path, out);
  if ("const" in s || Array.isArray(s.enum) || typeof s.format === "string") {
    const bad = typeof s.format === "string" ? (BAD_FORMATS[s.format] ?? "not in that format") : "not-an-allowed-value";
    out.push({
      label: `${s.format ?? "enum"} ${at}`,
      path,
      apply: (p, k) => {
        p[k] = bad;
      },
    });
  }
  const type = typeOf(s);
  if (type && type !== "object" && type !== "array" && !inUnion) {
    out.push({
      label: `type ${at}`,
      path,
      apply: (p, k) => {
        p[k] = type === "string" ? 12345 : "12345";
      },
    });
  }
  if (isObj(v)) {
    const required = (s.required ?? []) as string[];
    const missing = required.find((k) => k in v);
    if (missing)
      out.push({
        label: `missing ${at}/${missing}`,
        path,
        apply: (p, k) => {
          delete asObj(p[k])[missing];
        },
      });
    if (s.additionalProperties === false) {
      out.push({
        label: `extra ${at}`,
        path,
        apply: (p, k) => {
          asObj(p[k]).zz_unexpected = 1;
        },
      });
    }
    for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      if (k in v) mutations(p, v[k], [...path, k], out);
    }
    for (const [pattern, p] of Object.entries((s.patternProperties ?? {}) as Record<string, Schema>)) {
      for (const k of Object.keys(v).filter((key) => new RegExp(pattern, "u").test(key))) {
        mutations(p, v[k], [...path, k], out);
      }
    }
  } else if (Array.isArray(v) && v.length > 0 && isObj(s.items)) {
    mutations(s.items as Schema, v[0], [...path, 0], out);
  }
}

function asObj(v: Json): Record<string, Json> {
  if (!isObj(v)) throw new Error("not an object");
  return v;
}

function applyTo(root: { body: Json }, m: Mutation): void {
  let parent: Record<string | number, Json> = root as unknown as Record<string, Json>;
  let last: string | number = "body";
  for (const step of m.path) {
    parent = parent[last] as Record<string | number, Json>;
    last = step;
  }
  m.apply(parent, last);
}

/** Broken copies of `body` as [label, body]; the last breaks everything at once (deepest first, so paths hold). */
export function brokenVariants(s: Schema, body: Json): [string, Json][] {
  const ms: Mutation[] = [];
  mutations(s, body, [], ms);
  const out: [string, Json][] = ms.map((m) => {
    const root = { body: structuredClone(body) };
    applyTo(root, m);
    return [m.label, root.body];
  });
  const all = { body: structuredClone(body) };
  const several = ms.filter((m) => !m.label.startsWith("type") && m.path.length > 0);
  if (several.length < 2) return out;
  for (const m of [...several].sort((a, b) => b.path.length - a.path.length)) applyTo(all, m);
  out.push(["everything at once", all.body]);
  return out;
}
