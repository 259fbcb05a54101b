// Request-body and query narrowing shared by every simulated service's routes. Validation helpers throw a
// caller-supplied error factory so each service keeps its own error format (Nova/Manila faults, Keystone's "error",
// Neutron's "NeutronError").

export type Obj = Record<string, unknown>;
export type ErrorFactory = (status: number, message: string) => Error;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `body[key]` as an object, or the factory's 400 naming what was expected and what was seen. */
export function requireObject(body: unknown, key: string, err: ErrorFactory): Obj {
  if (!isObj(body)) throw err(400, `Expected a JSON object body with key '${key}', got ${describe(body)}.`);
  const v = body[key];
  if (!isObj(v)) throw err(400, `Expected '${key}' to be an object, got ${describe(v)}.`);
  return v;
}

export function optString(o: Obj, key: string, err: ErrorFactory, opts: { nullable?: boolean; max?: number } = {}) {
  const v = o[key];
  if (v === undefined || (v === null && opts.nullable)) return undefined;
  if (typeof v !== "string") throw err(400, `Invalid input for field '${key}': expected a string, got ${describe(v)}.`);
  if (opts.max !== undefined && v.length > opts.max) {
    throw err(400, `Invalid input for field '${key}': longer than ${opts.max} characters.`);
  }
  return v;
}

export function reqString(o: Obj, key: string, err: ErrorFactory, opts: { max?: number } = {}): string {
  const v = optString(o, key, err, opts);
  if (v === undefined || v === "") throw err(400, `Invalid input: '${key}' is a required non-empty string.`);
  return v;
}

export function optBool(o: Obj, key: string, err: ErrorFactory): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|false|yes|no|1|0|on|off)$/i.test(v)) return /^(true|yes|1|on)$/i.test(v);
  throw err(400, `Invalid input for field '${key}': expected a boolean, got ${describe(v)}.`);
}

/** Rejects keys outside `allowed` (the services' schemas use additionalProperties: false on these bodies). */
export function onlyKeys(o: Obj, allowed: readonly string[], where: string, err: ErrorFactory): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    throw err(400, `Additional properties are not allowed in '${where}' (${extra.join(", ")} unexpected).`);
  }
}

export function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return `a ${typeof v}`;
}

export function queryBool(v: string | null): boolean {
  return v !== null && /^(1|true|yes|on)$/i.test(v);
}
