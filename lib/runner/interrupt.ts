// SIGINT/SIGTERM during a run. First signal: mocha stops starting new tests; the running test finishes, so its
// cleanup (afterEach, the fixtures' cleanup stacks) deletes what it created, and the reporters write the partial
// results, the tests that never started marked "not run". A second signal, or SIGTERM's grace period running out
// (a CI job timing out gets SIGKILL soon after), stops the run at once: `onStopNow` silences the console, lists
// what the cleanup stacks still hold and ends the run, so only the closing lines print after "stopping now".

import type Mocha from "mocha";
import { markRunStopped } from "../report/collect.js";

export type RunSignal = "SIGINT" | "SIGTERM";

export const SIGNAL_EXIT: Record<RunSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** How long a SIGTERM'd run lets the running test finish before stopping at once. */
export const TERM_GRACE_MS = 5_000;

export interface InterruptWatch {
  /** The first signal received, if any. */
  readonly signal: RunSignal | undefined;
  dispose(): void;
}

export function watchInterrupts(
  runner: Mocha.Runner,
  opts: { log: (line: string) => void; termGraceMs?: number; onStopNow: (signal: RunSignal) => void },
): InterruptWatch {
  let first: RunSignal | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stopNow = (sig: RunSignal, why: string): void => {
    if (stopped) return;
    stopped = true;
    opts.log(`vftest: ${why}: stopping now; partial results are being written`);
    markRunStopped(runner, {
      reason: `the run was interrupted (${first ?? sig})`,
      cut: `the run was stopped at once (${why})`,
    });
    opts.onStopNow(first ?? sig);
  };
  const onSignal = (sig: RunSignal): void => {
    if (first) {
      stopNow(sig, `${sig} again`);
      return;
    }
    first = sig;
    const grace = opts.termGraceMs ?? TERM_GRACE_MS;
    opts.log(
      `vftest: ${sig} received: no new tests will start; the running test finishes and cleans up ` +
        (sig === "SIGTERM"
          ? `(at most ${Math.round(grace / 1000)}s, then the run stops at once)`
          : "(send the signal again to stop at once)"),
    );
    markRunStopped(runner, { reason: `the run was interrupted (${sig})` });
    runner.abort();
    if (sig === "SIGTERM") {
      timer = setTimeout(() => stopNow(sig, `SIGTERM grace of ${Math.round(grace / 1000)}s over`), grace);
    }
  };
  const onInt = (): void => onSignal("SIGINT");
  const onTerm = (): void => onSignal("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return {
    get signal() {
      return first;
    },
    dispose() {
      if (timer) clearTimeout(timer);
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    },
  };
}

/** After a run stopped at once: the cut test may still hold the event loop, so the process ends here. */
export function exitAfterStop(code: number): never {
  process.exit(code);
}
