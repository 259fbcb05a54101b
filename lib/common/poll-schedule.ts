// When to poll next: learn each transition's duration within the run and put a poll right where it should end,
// never leaving more than one poll interval (+10%) between two polls, so a failure is still seen as fast as with
// fixed-interval polling.
//
// Fixed polling at interval I sees a transition of duration D only at the next multiple of I: up to I late (D=2.5 s,
// I=1 s: 0.5 s lost per wait). Each finished wait brackets D: the last poll that saw the old state (lo) and the one
// that saw the target (hi). The brackets of one transition kind (first state ==> target) are intersected, and the
// next wait polls at the middle of the bracket (phase-shifting the whole I-spaced schedule so that one poll lands
// there), then at its upper end: a binary search, one halving per wait, at no extra request. If the transition
// turns out slower or faster than the bracket allows, the bracket restarts from the latest observation. Once the
// bracket is narrower than 5% of the interval, polls aim at its upper end only (no more halving, one poll less);
// a miss there (the transition got slower) is followed by a poll 10% of the interval later, then the interval.
// A wait whose kind is known before it starts (the action that started it and its target) and whose transition was
// bracketed skips the poll at its start (the state right after the action is the old one): its first poll comes at
// most interval + 10% after the start, so the detection bound holds from the start too.
// Without knowledge: a poll at the start (the target may already be reached), one at half the interval, then one
// per interval; as many polls as Tempest's fixed schedule for transitions longer than half an interval, half its
// delay for shorter ones.

/** Fraction of the interval a gap may exceed it by (the detection bound is interval + 10%). */
export const MAX_STRETCH = 0.1;

/** A bracket this narrow (fraction of the interval) is aimed at its upper end only. */
const NARROW = 0.05;
/** After a missed upper end, the next poll comes this much later (fraction of the interval). */
const RETRY = 0.1;
/** An aim this far (fraction of the interval) past a multiple of the interval is reached with one poll less. */
const CHEAP = 0.09;

/** Polls from a wait's start to `aim` on this schedule (a first gap under 10% of the interval is merged). */
function pollsTo(aim: number, intervalMs: number): number {
  const k = Math.ceil(aim / intervalMs);
  return aim > intervalMs && aim - (k - 1) * intervalMs < MAX_STRETCH * intervalMs ? k - 1 : k;
}

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
 * knowledge: half the interval after the first poll, then the interval.
 * With a bracket: polls fall on (target − k·interval), target = the latest instant inside the bracket reachable
 * with one poll less than its upper end, the bracket's middle (while it is wider than 5% of the interval), then its
 * upper end; a gap shorter than 10% of the interval with more polls to come is merged into
 * the next one (at most 1.1 × interval). `polls` = 0: the sleep before the first poll of a known kind.
 */
export function nextSleep(
  elapsed: number,
  intervalMs: number,
  known: Bracket | undefined,
  polls = Number.POSITIVE_INFINITY,
): number {
  if (intervalMs <= 0) return intervalMs;
  // The first wait of a kind in this run: half an interval after the first poll, then the interval.
  if (!known) return polls <= 1 ? intervalMs / 2 : intervalMs;
  const mid = (known.lo + known.hi) / 2;
  const narrow = known.hi - known.lo <= NARROW * intervalMs;
  // The latest instant inside the bracket reachable with one poll less than its upper end (its first gap merged
  // into the next, as below): aimed at first, as a miss there costs no poll more than aiming at the end directly;
  // it replaces the middle when it lies above it.
  const polls2hi = pollsTo(known.hi, intervalMs);
  const cheap = (polls2hi - 1 + CHEAP) * intervalMs;
  const hasCheap = polls2hi >= 2 && cheap > known.lo && cheap < known.hi;
  const aims = [...(hasCheap ? [cheap] : []), ...(narrow || (hasCheap && cheap >= mid) ? [] : [mid]), known.hi]
    .sort((a, b) => a - b)
    .filter((t) => t > elapsed);
  const aim = aims[0];
  // Missed the upper end (the transition got slower): one more poll soon after it, then the interval again.
  if (aim === undefined) return elapsed < known.hi + RETRY * intervalMs ? RETRY * intervalMs : intervalMs;
  const ahead = aim - elapsed;
  let gap = ahead % intervalMs;
  if (gap === 0) gap = Math.min(intervalMs, ahead);
  // A tiny first gap with more polls to come before the aim: skip it (the next gap stays within interval + 10%).
  if (gap < MAX_STRETCH * intervalMs && ahead > intervalMs) gap += intervalMs;
  return gap;
}

/** Milliseconds to wait before the first poll of a wait whose kind is known: 0 (poll at once) unless the kind's
 * transition was bracketed, then the first gap of the learned schedule (at most interval + 10%). */
export function firstSleep(intervalMs: number, known: Bracket | undefined): number {
  if (!known || intervalMs <= 0) return 0;
  return Math.min(nextSleep(0, intervalMs, known, 0), intervalMs * (1 + MAX_STRETCH));
}
