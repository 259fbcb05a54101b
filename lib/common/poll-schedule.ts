// When to poll next: learn each transition's duration within the run and put a poll right where it should end,
// never leaving more than one poll interval (+10%) between two polls, so a failure is still seen as fast as with
// fixed-interval polling.
//
// Fixed polling at interval I sees a transition of duration D only at the next multiple of I: up to I late (D=2.5 s,
// I=1 s: 0.5 s lost per wait). Each finished wait brackets D: the last poll that saw the old state (lo) and the one
// that saw the target (hi). The brackets of one transition kind are intersected, and the next wait aims a poll at a
// point of the bracket, then at its upper end. The polls before an aim are spread evenly up to it, as few as the
// detection bound allows (gaps of at most `maxGap`, a little under interval + 10%): D = 2.05 s at I = 1 s takes two
// polls (1.03 s, 2.05 s) where Tempest's schedule takes four (0, 1, 2, 3 s).
// The point aimed at first: the latest instant of the bracket reachable with one poll less than its upper end (a
// miss there costs no poll more than aiming at the end), else the bracket's middle (a binary search, one halving
// per wait) while the bracket is wider than 10% of the interval. If the transition turns out slower or faster than
// the bracket allows, the bracket restarts from the latest observation; a miss at the upper end is followed by a
// poll 10% of the interval later, then one per interval.
// A wait whose kind is known before it starts (the action that started it and its target) and whose transition was
// bracketed skips the poll at its start (the state right after the action is the old one): its first poll comes
// within `maxGap` of the start, so the detection bound holds from the start too.
// Without knowledge: a poll at the start (the target may already be reached), one at half the interval, then one
// per interval; as many polls as Tempest's fixed schedule for transitions longer than half an interval, half its
// delay for shorter ones.

/** Fraction of the interval a gap may exceed it by (the detection bound is interval + 10%). */
export const MAX_STRETCH = 0.1;

/** A bracket this narrow (fraction of the interval) is aimed at its upper end only. */
const NARROW = 0.1;
/** A poll this close (ms) after an aim counts as the poll at that aim (timers fire a little off). */
const AIM_SLACK = 2;
/** After a missed upper end, the next poll comes this much later (fraction of the interval). */
const RETRY = 0.1;

/**
 * The longest gap a learned schedule leaves between two polls: interval + 8%, and at least 30 ms under
 * interval + 10% (room for the poll's own round trip within the detection bound); never under the interval.
 */
export function maxGap(intervalMs: number): number {
  return Math.max(intervalMs, Math.min(intervalMs * 1.08, intervalMs * (1 + MAX_STRETCH) - 30));
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
 * With a bracket: polls spread evenly (gaps of at most `maxGap`) up to the aims: the latest instant inside the
 * bracket reachable with one poll less than its upper end, the bracket's middle (while it is wider than 10% of the
 * interval), then its upper end. `polls` = 0: the sleep before the first poll of a known kind.
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
  const cap = maxGap(intervalMs);
  // The latest instant inside the bracket reachable with one poll less than its upper end (from the wait's start).
  const cheap = (Math.ceil(known.hi / cap) - 1) * cap;
  const hasCheap = cheap > known.lo && cheap > 0;
  const aims = [...(hasCheap ? [cheap] : []), ...(narrow || (hasCheap && cheap >= mid) ? [] : [mid]), known.hi]
    .sort((a, b) => a - b)
    .filter((t) => t > elapsed + AIM_SLACK);
  const aim = aims[0];
  // Missed the upper end (the transition got slower): one more poll soon after it, then the interval again.
  if (aim === undefined) return elapsed < known.hi + (RETRY * intervalMs) / 2 ? RETRY * intervalMs : intervalMs;
  // As few evenly spread polls as reach the aim with no gap over `cap`.
  const ahead = aim - elapsed;
  return ahead / Math.ceil(ahead / cap);
}

/** Milliseconds to wait before the first poll of a wait whose kind is known: 0 (poll at once) unless the kind's
 * transition was bracketed, then the first gap of the learned schedule (at most `maxGap`). */
export function firstSleep(intervalMs: number, known: Bracket | undefined): number {
  if (!known || intervalMs <= 0) return 0;
  return Math.min(nextSleep(0, intervalMs, known, 0), maxGap(intervalMs));
}
