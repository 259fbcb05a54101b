// Small helpers shared by the simulated services: ids, timestamps, role checks, IPv4 and background work.
// Request-body narrowing lives in sim/http/body.ts.

import { randomBytes, randomUUID } from "node:crypto";
import type { TokenInfo } from "../contracts.js";

export const newUuid = (): string => randomUUID();
/** Keystone-style ids: 32 lower-case hex digits (usable in URLs). */
export const newHexId = (): string => randomBytes(16).toString("hex");
/** ISO 8601 with microseconds and no zone, as Nova/Manila print them. */
export const isoNow = (d: Date = new Date()): string => d.toISOString().replace("Z", "000");
/** ISO 8601 with a Z, as Keystone/Neutron/Glance print them. */
export const isoZ = (d: Date = new Date()): string => `${d.toISOString().slice(0, 19)}Z`;

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
