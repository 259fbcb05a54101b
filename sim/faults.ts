// The fault registry. Each profile is one Nova bug or cloud failure the suite must catch ("bug"), or a
// condition a healthy-but-imperfect cloud shows and the suite must survive without a failure ("transient").
// The room that implements a fault checks `faults.active(name)` at the exact step the bug would live in.
// The profiles themselves are listed in fault-profiles-moves.ts and fault-profiles-cloud.ts.

import type { FaultName, FaultSwitch } from "./contracts.js";
import { CLOUD_FAULTS } from "./fault-profiles-cloud.js";
import { MOVE_FAULTS } from "./fault-profiles-moves.js";

export interface FaultProfile {
  name: FaultName;
  kind: "bug" | "transient";
  description: string;
}

export const FAULT_PROFILES: readonly FaultProfile[] = [...MOVE_FAULTS, ...CLOUD_FAULTS];

const KNOWN = new Set(FAULT_PROFILES.map((f) => f.name));

/** Throws a message naming the unknown profiles and listing the known ones. */
export function checkFaultNames(names: readonly string[]): void {
  const unknown = names.filter((n) => !KNOWN.has(n));
  if (unknown.length > 0) {
    throw new Error(`unknown fault profile(s): ${unknown.join(", ")}; known: ${[...KNOWN].join(", ")}`);
  }
}

/** Run-level faults (fixed at start) plus a per-test set replaced through the control API. */
export class Faults implements FaultSwitch {
  private readonly runLevel: ReadonlySet<string>;
  private perTest = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(runLevel: readonly string[] = []) {
    checkFaultNames(runLevel);
    this.runLevel = new Set(runLevel);
  }

  setPerTest(names: readonly string[]): void {
    checkFaultNames(names);
    this.perTest = new Set(names);
    this.counters.clear();
  }

  list(): string[] {
    return [...new Set([...this.runLevel, ...this.perTest])].sort();
  }

  active(name: FaultName): boolean {
    return this.runLevel.has(name) || this.perTest.has(name);
  }

  fireOnce(name: FaultName, key: string, times: number): boolean {
    if (!this.active(name)) return false;
    const k = `${name}\u0000${key}`;
    const n = this.counters.get(k) ?? 0;
    if (n >= times) return false;
    this.counters.set(k, n + 1);
    return true;
  }
}
