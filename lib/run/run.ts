// The run object: everything a test needs to know about the run it is part of — config, target, results dir,
// request log, worker, the check recorder, the test currently running (written into every request-log line) and
// the worker's resources (built once, released when the run ends). The runner builds one per process
// (createRun) and hands it to every test through mocha's root context (attachRun); tests and fixtures read it with
// runOf(this). Nothing here is global: two runs in one process have two run objects.
// RunSettings is the serialisable part: parallel workers receive it over IPC — never argv, env or a file, because
// the config holds secrets.

import type Mocha from "mocha";
import { CleanupStack } from "../common/cleanup.js";
import { CleanupRegistry } from "../common/signal-cleanup.js";
import type { VftestConfig } from "../config/types.js";
import { CheckRecorder } from "./checks.js";
import { StepLog } from "./step-log.js";

export interface RunTarget {
  kind: "embedded" | "cloud";
  /** The embedded cloud's control API (fault injection), when the target is the embedded cloud. */
  simControlUrl?: string;
  /** Why the notification layer is not checked on this run although the config may allow it (e.g. the embedded
   * cloud ran without a broker: "rabbitmq-server not installed"); undefined = the config decides. */
  notificationsNotChecked?: string;
}

export interface RunSettings {
  config: VftestConfig;
  /** `<reporting.results_dir>/<runId>/` (or a worker's own `<...>/workers/<i>/`). */
  resultsDir: string;
  runId: string;
  /** 0-based worker index and worker count (index 0 of 1 for an in-process run). */
  worker: { index: number; count: number };
  /** JSON-lines request log of this process. */
  requestLogPath: string;
  target: RunTarget;
  /** -v/--verbose: print the step log on the terminal (it always goes to `consoleLogPath` and the reports). */
  verbose?: boolean;
  /** The run's console.log (a parallel worker appends to its parent's). */
  consoleLogPath?: string;
  /** `vftest run --host-pairs`: the ordered compute host pairs to generate host-pair tests for. */
  hostPairs?: { from: string; to: string }[];
}

export interface Run extends RunSettings {
  readonly checks: CheckRecorder;
  /** Every test's step log (lib/run/step-log.ts). */
  readonly stepLog: StepLog;
  /** Label of the test running now ("title [id-uuid]"), written into request-log and SSH log lines. */
  currentTest: string | undefined;
  /** Worker-level teardown (credentials, keypair, security group), run by the runner's root after-all hook. */
  readonly cleanup: CleanupStack;
  /** Every cleanup stack holding live resources (the worker's, the running test's, dynamic credentials'): what a
   * run stopped at once lists as left behind. */
  readonly stacks: CleanupRegistry;
  /** Set when the run is stopped at once: the running test's step log goes quiet. */
  stopped: boolean;
  /** Builds a worker resource on first use and returns the same promise afterwards (e.g. the worker env). */
  once<T>(key: string, build: () => Promise<T>): Promise<T>;
  /** What `once(key)` built or is building, without building it; undefined when nothing asked for it yet. */
  built<T>(key: string): Promise<T> | undefined;
}

export function createRun(settings: RunSettings): Run {
  const built = new Map<string, Promise<unknown>>();
  const cleanup = new CleanupStack({ name: `worker ${settings.worker.index}` });
  const stacks = new CleanupRegistry();
  stacks.add(cleanup);
  return {
    ...settings,
    checks: new CheckRecorder(),
    stepLog: new StepLog({ verbose: settings.verbose, file: settings.consoleLogPath }),
    currentTest: undefined,
    cleanup,
    stacks,
    stopped: false,
    once<T>(key: string, build: () => Promise<T>): Promise<T> {
      let p = built.get(key) as Promise<T> | undefined;
      if (!p) {
        p = build();
        built.set(key, p);
      }
      return p;
    },
    built<T>(key: string): Promise<T> | undefined {
      return built.get(key) as Promise<T> | undefined;
    },
  };
}

/** Where the run sits on mocha's root context; every suite's context inherits from it. */
const KEY = "vftestRun";

type Carrier = { [KEY]?: Run };

/** Hands `run` to every test and hook of `rootSuite` (mocha's per-suite contexts inherit the root's). */
export function attachRun(rootSuite: Mocha.Suite, run: Run): void {
  (rootSuite.ctx as unknown as Carrier)[KEY] = run;
}

/**
 * The run while suite files load (`describe(function () { runAtLoad(this) })`), for tests generated from the run's
 * settings (host pairs); undefined when the suite is loaded without a run (`vftest list`).
 */
export function runAtLoad(suite: Mocha.Suite): Run | undefined {
  return (suite.ctx as unknown as Carrier)[KEY];
}

/** The run a test or hook belongs to (`runOf(this)` inside `it`/`before`). */
export function runOf(ctx: Mocha.Context): Run {
  const run = (ctx as unknown as Carrier)[KEY];
  if (!run) {
    throw new Error(
      "vftest: no run object: the suite was loaded outside `vftest run` (e.g. by plain `mocha`). " +
        "Run it with `npx vftest run` (add --grep to pick tests).",
    );
  }
  return run;
}
