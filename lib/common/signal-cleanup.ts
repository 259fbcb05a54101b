// Interrupted runs must not leak servers and shares. Stacks that hold live resources are added to a registry; on
// SIGINT/SIGTERM every registered stack runs once (newest first, bounded by a timeout), then the process exits with
// 128 + signal number (130 / 143). A second signal while cleaning exits at once.

import type { CleanupResource, CleanupStack } from "./cleanup.js";
import type { CleanupFailure } from "./errors.js";
import { formatDuration, type LogFn } from "./log.js";

export class CleanupRegistry {
  private readonly stacks = new Set<CleanupStack>();

  /** Register a stack; call the returned function once the stack has run normally. */
  add(stack: CleanupStack): () => void {
    this.stacks.add(stack);
    return () => {
      this.stacks.delete(stack);
    };
  }

  /** Registered stacks, newest first. */
  list(): CleanupStack[] {
    return [...this.stacks].reverse();
  }

  /** What the registered stacks would still delete (newest stack first), each resource once. */
  resources(): CleanupResource[] {
    const seen = new Set<string>();
    return this.list()
      .flatMap((s) => s.resources())
      .filter((r) => {
        const key = `${r.type}:${r.id}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  }

  /** Run every registered stack (never throws); returns what failed. */
  async runAll(log: LogFn): Promise<CleanupFailure[]> {
    const failures: CleanupFailure[] = [];
    for (const stack of this.list()) {
      try {
        await stack.runAll();
      } catch (e) {
        log(e instanceof Error ? e.message : String(e));
        failures.push({ label: stack.name, error: e });
      }
      this.stacks.delete(stack);
    }
    return failures;
  }
}

/** The process-wide registry the runner's fixtures add their stacks to. */
export const processCleanups = new CleanupRegistry();

export interface SignalCleanupOptions {
  registry?: CleanupRegistry;
  /** Give up cleaning after this long and exit anyway. Default 120 s. */
  timeoutMs?: number;
  log?: LogFn;
  /** Default process.exit. */
  exit?: (code: number) => void;
  signals?: NodeJS.Signals[];
}

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Install SIGINT/SIGTERM handlers that run the registry's stacks, then exit. Returns an uninstaller. */
export function installSignalCleanup(opts: SignalCleanupOptions = {}): () => void {
  const registry = opts.registry ?? processCleanups;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const signals = opts.signals ?? ["SIGINT", "SIGTERM"];
  let cleaning = false;

  const handler = (signal: NodeJS.Signals) => {
    const code = EXIT_CODES[signal] ?? 1;
    if (cleaning) {
      log(
        `vftest: second ${signal} during cleanup: exiting now, resources may have leaked (look for names starting "vftest-")`,
      );
      exit(code);
      return;
    }
    cleaning = true;
    const count = registry.list().length;
    log(
      `vftest: ${signal} received: running ${count} cleanup stack(s) (at most ${formatDuration(timeoutMs)}; send ${signal} again to skip)`,
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    void Promise.race([registry.runAll(log), timedOut]).then((outcome) => {
      clearTimeout(timer);
      if (outcome === "timeout") log(`vftest: cleanup did not finish within ${formatDuration(timeoutMs)}; exiting`);
      else log(`vftest: cleanup finished${outcome.length ? ` with ${outcome.length} failed stack(s)` : ""}; exiting`);
      exit(code);
    });
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
