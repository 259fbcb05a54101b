// Small helpers shared by the simulated services: ids, timestamps, body/query narrowing and role checks.
// Validation helpers throw a caller-supplied error factory so each service keeps its own error format.

import { randomBytes, randomUUID } from "node:crypto";
import type { TokenInfo } from "../contracts.js";

export const newUuid = (): string => randomUUID();
/** Keystone-style ids: 32 lower-case hex digits (usable in URLs). */
export const newHexId = (): string => randomBytes(16).toString("hex");
/** ISO 8601 with microseconds and no zone, as Nova/Manila print them. */
export const isoNow = (d: Date = new Date()): string => d.toISOString().replace("Z", "000");
/** ISO 8601 with a Z, as Keystone/Neutron/Glance print them. */
export const isoZ = (d: Date = new Date()): string => `${d.toISOString().slice(0, 19)}Z`;

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

export const hasRole = (t: TokenInfo, role: string): boolean => t.roles.includes(role);
/** Project member (or admin): may create and change resources of its project. */
export const isMember = (t: TokenInfo): boolean => t.isAdmin || hasRole(t, "member") || hasRole(t, "manager");

// --- IPv4 ---

export function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export const intToIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** Parses "a.b.c.d" or "a.b.c.d/len"; undefined when malformed. */
export function parseCidr(s: string): { base: number; len: number } | undefined {
  const [ip, lenText, ...rest] = s.split("/");
  if (rest.length > 0 || ip === undefined) return undefined;
  const base = ipToInt(ip);
  const len = lenText === undefined ? 32 : /^\d{1,2}$/.test(lenText) ? Number(lenText) : Number.NaN;
  if (base === undefined || !(len >= 0 && len <= 32)) return undefined;
  return { base, len };
}

export function cidrContains(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  const n = ipToInt(ip);
  if (!c || n === undefined) return false;
  const mask = c.len === 0 ? 0 : (0xffffffff << (32 - c.len)) >>> 0;
  return (c.base & mask) >>> 0 === (n & mask) >>> 0;
}

/** Runs a background state transition; a failure is reported, never left as an unhandled rejection. */
export function background(work: () => Promise<void>, onError: (e: unknown) => void = () => {}): void {
  work().catch(onError);
}
