// When to poll next: learn each transition's duration within the run and put a poll right where it should end,
// never leaving more than one poll interval (+10%) between two polls, so a failure is still seen as fast as with
// fixed-interval polling.
//
// Fixed polling at interval I sees a transition of duration D only at the next multiple of I: up to I late (D=2.5 s,
// I=1 s: 0.5 s lost per wait). Each finished wait brackets D: the last poll that saw the old state (lo) and the one
// that saw the target (hi). The brackets of one transition kind (first state ==> target) are intersected, and the
// next wait polls at the middle of the bracket (phase-shifting the whole I-spaced schedule so that one poll lands
// there), then at its upper end: a binary search, one halving per wait, at no extra request. If the transition
// turns out slower or faster than the bracket allows, the bracket restarts from the latest observation.

/** Fraction of the interval a gap may exceed it by (the detection bound is interval + 10%). */
export const MAX_STRETCH = 0.1;

interface Bracket {
  lo: number;
  hi: number;
}

export class TransitionLearner {
  private readonly brackets = new Map<string, Bracket>();

  /** What this run knows of `key` (ms after the wait's start), or undefined. */
  bracket(key: string): Bracket | undefined {
    return this.brackets.get(key);
  }

  /** A finished wait: the target was first seen at `hi`, the last poll before saw the old state at `lo`. */
  observe(key: string, lo: number, hi: number): void {
    const prev = this.brackets.get(key);
    const merged = prev ? { lo: Math.max(prev.lo, lo), hi: Math.min(prev.hi, hi) } : { lo, hi };
    this.brackets.set(key, merged.lo < merged.hi ? merged : { lo, hi });
  }
}

/** The process-wide learner: a run's waits (or a parallel worker's) learn from each other. */
export const RUN_LEARNER = new TransitionLearner();

/**
 * Milliseconds to sleep before the next poll, `elapsed` ms after the wait started, after `polls` polls. Without
 * knowledge: 1/8 of the interval doubling up to the interval.
 * With a bracket: polls fall on (target − k·interval), target = the bracket's middle, then its upper end; a gap
 * shorter than 10% of the interval with more polls to come is merged into the next one (at most 1.1 × interval).
 */
export function nextSleep(
  elapsed: number,
  intervalMs: number,
  known: Bracket | undefined,
  polls = Number.POSITIVE_INFINITY,
): number {
  if (intervalMs <= 0) return intervalMs;
  // The first wait of a kind in this run: 1/8, 1/4, 1/2 of the interval, then the interval (three extra polls, once
  // per kind and run), so that short transitions are bracketed tightly from the start.
  if (!known) return Math.min(intervalMs, (intervalMs / 8) * 2 ** Math.max(0, polls - 1));
  const mid = (known.lo + known.hi) / 2;
  const aims = [mid, known.hi].filter((t) => t > elapsed);
  const aim = aims[0];
  if (aim === undefined) return intervalMs;
  const ahead = aim - elapsed;
  let gap = ahead % intervalMs;
  if (gap === 0) gap = Math.min(intervalMs, ahead);
  // A tiny first gap with more polls to come before the aim: skip it (the next gap stays within interval + 10%).
  if (gap < MAX_STRETCH * intervalMs && ahead > intervalMs) gap += intervalMs;
  return gap;
}
