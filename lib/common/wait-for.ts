// The one polling primitive. Every named waiter (waiters.ts) is a short wrapper over waitFor: it probes now, then
// every intervalMs, logs each state transition, fails fast when `failed` names a reason, and gives up at timeoutMs
// with a message naming what, target, last state, elapsed time and request id.
// Probe errors are rethrown at once (no masking retries: the REST client already retries 429/503). A waiter for
// deletion turns 404 into a state itself (see `probeGone`). A `hint` (Nova's notification that the step ended) makes
// the next poll come at once: the wait ends sooner, and the poll, not the hint, decides.

import { isNotFound } from "../clients/errors.js";
import { ResourceErrorState, WaitAbortedError, type WaitContext, WaitTimeoutError } from "./errors.js";
import { formatDuration, type LogFn } from "./log.js";
import { firstSleep, nextSleep, RUN_LEARNER, type TransitionLearner } from "./poll-schedule.js";

export interface WaitForOptions<T> {
  /** What is waited for, for messages: "server 1c6f...", "migration of server 1c6f...". */
  describe: string;
  /** The target, as a short state string: "VERIFY_RESIZE/None". */
  target: string;
  probe: () => Promise<T>;
  done: (v: T) => boolean;
  /** A reason to stop at once (the resource went to ERROR), or undefined to keep waiting. */
  failed?: (v: T) => string | undefined;
  /** The short state of a value, for transition logs and messages. */
  state: (v: T) => string;
  intervalMs: number;
  timeoutMs: number;
  requestId?: string;
  log?: LogFn;
  signal?: AbortSignal;
  /** Where transition durations are learned (poll-schedule.ts); default the run's; false = fixed interval. */
  learner?: TransitionLearner | false;
  /** The kind of transition, when known before the first poll ("migrate ==> VERIFY_RESIZE/None"): learned under
   * this key, and a bracketed kind skips the poll at the start. Default: the first state seen ==> the target. */
  kind?: string;
  /** Polls at once when this resolves true (e.g. Nova's notification that the step ended), besides the schedule:
   * a hint makes a wait end sooner, never later, and decides nothing (the poll that follows does). Called once per
   * pause; `signal` aborts when the pause ends first. */
  hint?: (signal: AbortSignal) => Promise<boolean>;
  /** When the action that started the transition was answered (epoch ms, at most now): the learned schedule counts
   * from it, so time the harness spent between the answer and this call (checking the response, bookkeeping) is
   * neither learned as part of the transition nor slept again. Default: when waitFor is called. */
  startedAt?: number;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Sleeps `ms`, or less when `hint` resolves true first (a hint resolving false changes nothing). */
function pause(ms: number, signal?: AbortSignal, hint?: (signal: AbortSignal) => Promise<boolean>): Promise<void> {
  if (!hint) return abortableSleep(ms, signal);
  const ended = new AbortController();
  const stop = () => ended.abort();
  signal?.addEventListener("abort", stop, { once: true });
  return new Promise((resolve) => {
    const end = () => {
      ended.abort();
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    void abortableSleep(ms, ended.signal).then(end);
    hint(ended.signal).then(
      (got) => got && end(),
      () => undefined,
    );
  });
}

/** Poll until `done`; resolve with the last value. Throws ResourceErrorState, WaitTimeoutError or the probe's error. */
export async function waitFor<T>(o: WaitForOptions<T>): Promise<T> {
  const start = Date.now();
  const log = o.log ?? (() => undefined);
  let lastState = "(none)";
  let lastValue: T | undefined;
  let changedAt = start;
  const context = (): WaitContext => ({
    what: o.describe,
    target: o.target,
    lastState,
    elapsedMs: Date.now() - start,
    requestId: o.requestId,
    lastValue,
  });
  const learner = o.learner === false ? undefined : (o.learner ?? RUN_LEARNER);
  const fixed = o.learner === false;
  let key = o.kind;
  // The schedule's zero: when the action was answered, else now. Poll instants below are counted from it.
  const zero = Math.min(o.startedAt ?? start, start);
  // The last poll that saw the old state; the zero itself when the first poll is skipped (right after the action).
  let lastPollAt = 0;
  const skip = fixed || !key ? 0 : firstSleep(o.intervalMs, learner?.bracket(key));
  if (skip > 0) await pause(Math.min(Math.max(0, skip - (start - zero)), o.timeoutMs), o.signal, o.hint);
  for (let polls = 1; ; polls++) {
    if (o.signal?.aborted) {
      throw new WaitAbortedError(
        `waiting for ${o.describe} to become "${o.target}" was aborted; last state "${lastState}"`,
      );
    }
    let value: T;
    const pollAt = Date.now() - zero;
    try {
      value = await o.probe();
    } catch (e) {
      log(`${o.describe}: probe failed while waiting for "${o.target}": ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
    const state = o.state(value);
    lastValue = value;
    if (polls === 1) {
      key ??= `${o.describe.split(" ")[0]}: ${state} ==> ${o.target}`;
      log(
        `${o.describe}: waiting for "${o.target}", now "${state}"${o.requestId ? ` (request-id ${o.requestId})` : ""}`,
      );
    } else if (state !== lastState) {
      const now = Date.now();
      log(`${o.describe}: state transition "${lastState}" ==> "${state}" after ${formatDuration(now - changedAt)}`);
      changedAt = now;
    }
    lastState = state;
    if (o.done(value)) {
      if ((polls > 1 || skip > 0) && key) learner?.observe(key, lastPollAt, pollAt);
      return value;
    }
    lastPollAt = pollAt;
    const reason = o.failed?.(value);
    if (reason !== undefined) throw new ResourceErrorState(context(), reason);
    const remaining = start + o.timeoutMs - Date.now();
    if (remaining <= 0) throw new WaitTimeoutError(context(), o.timeoutMs);
    // Learned schedules count from the start of the poll just made (the gap between two polls' starts is what the
    // detection bound is about, whatever a poll's round trip took); `learner: false` sleeps a fixed interval after it.
    const sleep = fixed
      ? o.intervalMs
      : nextSleep(pollAt, o.intervalMs, key ? learner?.bracket(key) : undefined, polls) - (Date.now() - zero - pollAt);
    await pause(Math.max(0, Math.min(sleep, remaining)), o.signal, o.hint);
  }
}

/** The state a deletion waiter sees once the resource answers 404. */
export const GONE = "(gone)";
export type Gone = typeof GONE;

/** Wrap a probe so 404 becomes the value `GONE`; every other error still propagates. */
export function probeGone<T>(probe: () => Promise<T>): () => Promise<T | Gone> {
  return async () => {
    try {
      return await probe();
    } catch (e) {
      if (isNotFound(e)) return GONE;
      throw e;
    }
  };
}
