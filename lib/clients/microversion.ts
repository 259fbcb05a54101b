// Microversion arithmetic. "2.10" > "2.9": compare major and minor as integers, never as strings or floats.

export const LATEST = "latest";

// The microversions the suite depends on, named once.
/** Compute: server shares (attach, list, show, detach; virtiofs). The floor of everything vftest does. */
export const SHARES_MICROVERSION = "2.97";
/** Compute: cold migration to a named host. */
export const TARGETED_MIGRATION_MICROVERSION = "2.56";
/** Compute: services addressed by id (enable/disable a nova-compute). */
export const SERVICES_MICROVERSION = "2.53";
/** Manila: access-rule visibility and deletion locks (resource locks). */
export const MANILA_LOCKS_MICROVERSION = "2.82";

/** The lower of two microversions (a cap: what the cloud offers vs what the config allows). */
export function minMicroversion(a: string, b: string): string {
  return compareMicroversions(a, b) <= 0 ? a : b;
}

export interface Microversion {
  major: number;
  minor: number;
}

export function parseMicroversion(v: string): Microversion {
  const m = /^(\d+)\.(\d+)$/.exec(v.trim());
  if (!m) throw new Error(`invalid microversion "${v}": expected "X.Y" (e.g. "2.97") or "latest"`);
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** Negative if a < b, 0 if equal, positive if a > b. "latest" is greater than every numbered version. */
export function compareMicroversions(a: string, b: string): number {
  if (a === LATEST || b === LATEST) return a === b ? 0 : a === LATEST ? 1 : -1;
  const x = parseMicroversion(a);
  const y = parseMicroversion(b);
  return x.major !== y.major ? x.major - y.major : x.minor - y.minor;
}

export function isAtLeast(v: string, min: string): boolean {
  return compareMicroversions(v, min) >= 0;
}

/** The microversions from `from` to `to` inclusive with the same major, e.g. ("2.97","2.99") -> 2.97, 2.98, 2.99. */
export function microversionRange(from: string, to: string): string[] {
  const a = parseMicroversion(from);
  const b = parseMicroversion(to);
  if (a.major !== b.major) throw new Error(`microversion range ${from}..${to} spans major versions`);
  const out: string[] = [];
  for (let i = a.minor; i <= b.minor; i++) out.push(`${a.major}.${i}`);
  return out;
}
