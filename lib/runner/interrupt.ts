// SIGINT/SIGTERM during a run. First signal: mocha stops starting new tests; the running test finishes, so its
// cleanup (afterEach, the fixtures' cleanup stacks) deletes what it created, and the reporters write the partial
// results. A second signal, or SIGTERM's grace period running out (CI usually sends SIGKILL soon after), ends the run
// at once: the reporters are told the run ended so the files are written, then the process exits 130/143.

import Mocha from "mocha";

export const SIGNAL_EXIT: Record<"SIGINT" | "SIGTERM", number> = { SIGINT: 130, SIGTERM: 143 };

export interface InterruptWatch {
  /** The first signal received, if any. */
  readonly signal: "SIGINT" | "SIGTERM" | undefined;
  dispose(): void;
}

export function watchInterrupts(
  runner: Mocha.Runner,
  opts: { log: (line: string) => void; termGraceMs?: number; exit?: (code: number) => void },
): InterruptWatch {
  let first: "SIGINT" | "SIGTERM" | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
    ended = true;
  });
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const forceEnd = (sig: "SIGINT" | "SIGTERM"): void => {
    opts.log(`vftest: ${sig} again: stopping now; partial results are being written`);
    if (!ended) runner.emit(Mocha.Runner.constants.EVENT_RUN_END);
    // Reporters write synchronously on 'end' or in done(); give streams a tick to flush.
    setTimeout(() => exit(SIGNAL_EXIT[first ?? sig]), 200);
  };
  const onSignal = (sig: "SIGINT" | "SIGTERM"): void => {
    if (first) {
      forceEnd(sig);
      return;
    }
    first = sig;
    opts.log(
      `vftest: ${sig} received: no new tests will start; the running test finishes and cleans up ` +
        "(send the signal again to stop at once)",
    );
    runner.abort();
    if (sig === "SIGTERM") timer = setTimeout(() => forceEnd(sig), opts.termGraceMs ?? 30_000).unref();
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
