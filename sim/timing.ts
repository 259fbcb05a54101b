// Per-step latencies of the simulated cloud. Every room waits `timing.delay("<room>.<step>")` at the points where a
// real cloud takes time, so that pollers see the intermediate states. The `slow-steps` and `jitter` fault profiles
// stretch or shake these latencies to prove the suite's waiters do not depend on speed.

import type { FaultSwitch, Timing } from "./contracts.js";

export interface TimingOptions {
  /** Latency of a step without its own entry, in ms (default 20). */
  baseMs?: number;
  /** Exact step name ("boot", "migrate.finish") → latency in ms, overriding baseMs. */
  perStep?: Record<string, number>;
  faults: FaultSwitch;
}

export const DEFAULT_BASE_MS = 20;

/** The late-cleanup timing profile (a transient fault): confirm/revert share cleanup runs this long after the
 * server and the migration report their end state, and each of Manila's deny steps (queued_to_deny, denying)
 * takes a second, as on a real cloud where Nova's deny() returns at once and Manila works asynchronously. */
export const LATE_CLEANUP_MS: Readonly<Record<string, number>> = {
  "migrate.late-cleanup": 3000,
  "manila.rule-deny": 1000,
  "manila.rule-denying": 1000,
};

/** The latency `step` takes under the currently active faults (late-cleanup, slow-steps ×10, jitter ×0.5–3). */
export function stepLatency(opts: TimingOptions, step: string, random: () => number = Math.random): number {
  const late = opts.faults.active("late-cleanup") ? LATE_CLEANUP_MS[step] : undefined;
  let ms = opts.perStep?.[step] ?? late ?? opts.baseMs ?? DEFAULT_BASE_MS;
  if (opts.faults.active("slow-steps")) ms *= 10;
  if (opts.faults.active("jitter")) ms *= 0.5 + random() * 2.5;
  return Math.max(0, Math.round(ms));
}

export function createTiming(opts: TimingOptions): Timing {
  const base = opts.baseMs ?? DEFAULT_BASE_MS;
  if (!Number.isFinite(base) || base < 0) {
    throw new Error(`timing.baseMs must be a finite number >= 0, got ${String(opts.baseMs)}`);
  }
  for (const [step, ms] of Object.entries(opts.perStep ?? {})) {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`timing.perStep["${step}"] must be >= 0, got ${String(ms)}`);
  }
  return {
    delay(step: string): Promise<void> {
      const ms = stepLatency(opts, step);
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
}
