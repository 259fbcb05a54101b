// How the selftest keeps its wall time down without weakening a profile. A profile whose point is that some cleanup
// never happens only has to wait until the cleanup bound runs out, so the embedded clouds get a bound scaled to the
// simulator's own slowest cleanup (the late-cleanup profile: its delay plus Manila's deny steps) with a margin for
// a loaded machine — the healthy late-cleanup profile still passes within it, a leftover fails in seconds. And the
// profiles start longest first, so that no long run is left alone at the end while the other slots sit idle.

import type { ProfileExpectation } from "../../lib/report/detection.js";
import { LATE_CLEANUP_MS } from "../../sim/timing.js";

/** The simulator's slowest healthy cleanup, in seconds: late-cleanup's delay after the end state plus each deny step. */
export const SIM_SLOWEST_CLEANUP_S = Object.values(LATE_CLEANUP_MS).reduce((a, b) => a + b, 0) / 1000;

/** Room on top of it for a loaded 2-core machine (timers firing late, polls queued behind other runs). */
export const CLEANUP_MARGIN_S = 4;

/** compute.cleanup_timeout of the selftest's embedded clouds (VFTEST_SIM_CLEANUP_TIMEOUT of each run). */
export const SELFTEST_CLEANUP_TIMEOUT_S = Math.ceil(SIM_SLOWEST_CLEANUP_S + CLEANUP_MARGIN_S);

/** build_timeout the runs get with fast steps (lib/target/embedded.ts withStepTimeout). */
const FAST_BUILD_TIMEOUT_S = 8;

/**
 * The environment each profile's `vftest run` gets on top of the selftest's own. The scaled bound applies with fast
 * steps (≤ 5 ms, as withStepTimeout) and emulated guests; real guests keep the fast-step default (12 s).
 */
export function runTimingEnv(stepMs: string, guest: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { VFTEST_SIM_STEP_MS: stepMs };
  if (scaled(stepMs, guest)) env.VFTEST_SIM_CLEANUP_TIMEOUT = String(SELFTEST_CLEANUP_TIMEOUT_S);
  return env;
}

const scaled = (stepMs: string, guest: string | undefined) => Number(stepMs) <= 5 && guest !== "qemu";

/** One sentence for the selftest's banner and the matrix header: the bounds are not a real cloud's. */
export function timingNote(stepMs: string, guest: string | undefined): string {
  if (Number(stepMs) > 5) return `embedded clouds with ${stepMs} ms steps and the embedded cloud's default bounds`;
  if (!scaled(stepMs, guest)) {
    return `embedded clouds with ${stepMs} ms steps, QEMU guests, compute.build_timeout ${FAST_BUILD_TIMEOUT_S} s and compute.cleanup_timeout 12 s`;
  }
  return (
    `embedded clouds with ${stepMs} ms steps, compute.build_timeout ${FAST_BUILD_TIMEOUT_S} s and ` +
    `compute.cleanup_timeout ${SELFTEST_CLEANUP_TIMEOUT_S} s (the simulator's slowest cleanup, late-cleanup, ends ` +
    `${SIM_SLOWEST_CLEANUP_S} s after the end state; margin ${CLEANUP_MARGIN_S} s) instead of a real cloud's 120 s`
  );
}

/**
 * Rough relative run time, for the order only: the transient profiles slow every step (or every cleanup) of every
 * test; a bug profile's declared failures each tend to wait out a bound; healthy runs wait for nothing.
 */
export function expectedCost(exp: ProfileExpectation): number {
  if (exp.kind === "transient") return 1000 + exp.faults.length;
  return exp.mustFail.length;
}

/** Indexes of `profiles`, longest expected first (ties keep the table's order). */
export function longestFirst(profiles: ProfileExpectation[]): number[] {
  return profiles
    .map((p, i) => ({ i, cost: expectedCost(p) }))
    .sort((a, b) => b.cost - a.cost || a.i - b.i)
    .map((x) => x.i);
}
