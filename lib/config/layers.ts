// Sources are layers of partial configuration merged in order, later wins. Each leaf remembers which source set it
// so a problem found after merging (an unreadable key file, a missing password) can say where to fix it.

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export type PlainObject = Record<string, unknown>;

export interface Layer {
  /** Where the layer came from, e.g. "config file /x/vftest.yaml"; recorded in `config.sources`. */
  source: string;
  data: PlainObject;
  /** A finer origin for some keys, e.g. "auth.cacert" -> "environment variable OS_CACERT". */
  origins?: Record<string, string>;
}

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function originOf(layer: Layer, key: string): string {
  return layer.origins?.[key] ?? layer.source;
}

/** Deep-merges plain objects; arrays and scalars replace; `undefined` leaves the lower value alone. */
export function mergeLayers(layers: readonly Layer[]): { data: PlainObject; origins: Map<string, string> } {
  const data: PlainObject = {};
  const origins = new Map<string, string>();
  for (const layer of layers) mergeInto(data, layer.data, [], layer, origins);
  return { data, origins };
}

function mergeInto(target: PlainObject, src: PlainObject, path: string[], layer: Layer, origins: Map<string, string>) {
  for (const [k, v] of Object.entries(src)) {
    if (v === undefined) continue;
    const p = [...path, k];
    const existing = target[k];
    if (isPlainObject(v)) {
      const into = isPlainObject(existing) ? existing : {};
      target[k] = into;
      mergeInto(into, v, p, layer, origins);
    } else {
      target[k] = v;
      const key = p.join(".");
      origins.set(key, originOf(layer, key));
    }
  }
}

/** Reads a dotted path from a plain object tree. */
export function getPath(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const part of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Sets a dotted path, creating intermediate objects. */
export function setPath(obj: PlainObject, path: readonly string[], value: unknown): void {
  let cur = obj;
  for (const part of path.slice(0, -1)) {
    const next = cur[part];
    if (isPlainObject(next)) cur = next;
    else {
      const created: PlainObject = {};
      cur[part] = created;
      cur = created;
    }
  }
  cur[path[path.length - 1]!] = value;
}
