// Per-step latencies of the simulated cloud. Every room waits `timing.delay("<room>.<step>")` at the points where a
// real cloud takes time, so that pollers see the intermediate states. The `slow-steps` and `jitter` fault profiles
// stretch or shake these latencies to prove the suite's waiters do not depend on speed.

import type { FaultSwitch, Timing } from "./contracts.js";
import { TimingLog } from "./timing-log.js";

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

/** The cloud's Timing plus what the control API needs: the latency log and run-time latency changes. */
export interface RecordingTiming extends Timing {
  log: TimingLog;
  /** Replaces baseMs and the per-step table (PUT /sim/v1/timing); throws on a negative or non-finite value. */
  set(settings: { baseMs?: number; perStep?: Record<string, number> }): void;
  settings(): { baseMs: number; perStep: Record<string, number> };
}

function checkSettings(baseMs: number | undefined, perStep: Record<string, number> | undefined): void {
  if (baseMs !== undefined && (!Number.isFinite(baseMs) || baseMs < 0)) {
    throw new Error(`timing.baseMs must be a finite number >= 0, got ${String(baseMs)}`);
  }
  for (const [step, ms] of Object.entries(perStep ?? {})) {
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
      throw new Error(`timing.perStep["${step}"] must be >= 0, got ${String(ms)}`);
    }
  }
}

export function createTiming(opts: TimingOptions): RecordingTiming {
  checkSettings(opts.baseMs, opts.perStep);
  const current: TimingOptions = { faults: opts.faults, baseMs: opts.baseMs, perStep: { ...opts.perStep } };
  const log = new TimingLog();
  return {
    log,
    delay(step: string): Promise<void> {
      const ms = stepLatency(current, step);
      const start = Date.now();
      return new Promise((resolve) =>
        setTimeout(() => {
          log.addSpan({ step, start, end: Date.now() });
          resolve();
        }, ms),
      );
    },
    mark(event: string, detail?: string): void {
      log.mark(event, detail);
    },
    set(settings): void {
      checkSettings(settings.baseMs, settings.perStep);
      current.baseMs = settings.baseMs;
      current.perStep = { ...settings.perStep };
    },
    settings: () => ({ baseMs: current.baseMs ?? DEFAULT_BASE_MS, perStep: { ...current.perStep } }),
  };
}
