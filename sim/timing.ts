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

/** The latency `step` takes under the currently active faults (slow-steps ×10, jitter ×0.5–3). */
export function stepLatency(opts: TimingOptions, step: string, random: () => number = Math.random): number {
  let ms = opts.perStep?.[step] ?? opts.baseMs ?? DEFAULT_BASE_MS;
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
