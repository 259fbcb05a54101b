// One in-process run: build the run object and hand it to the suite (mocha's root context), load the suite, keep the selected tests, attach the reporters, run,
// and return the totals. `vftest run` without --parallel uses it directly; each parallel worker uses it for its
// slice (with its own context and output directory).

import type Mocha from "mocha";
import { attachRun, createRun, type RunSettings } from "../run/run.js";
import { watchInterrupts } from "./interrupt.js";
import { planReporters } from "./reporters.js";
import { loadSuite, pruneTo, type Selection, type SuiteTest, selectTests } from "./select.js";

export interface RunTotals {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
}

export interface RunOutcome {
  totals: RunTotals;
  /** Tests that were selected to run (sorted by test id). */
  selected: SuiteTest[];
  /** Tests matching the filters before sharding (0 means the filters match nothing at all). */
  matched: number;
  /** Set when the run was interrupted by a signal. */
  interrupted?: "SIGINT" | "SIGTERM";
  reporters: string[];
}

export interface RunRequest {
  context: RunSettings;
  files: readonly string[];
  rootDir: string;
  selection: Selection;
  /** Per-test timeout. */
  timeoutMs: number;
  /** Print the console reporter. */
  console: boolean;
  /** Draw the status line (default true; a parallel worker leaves it to its parent). */
  status?: boolean;
  /** Stop at the first failure. */
  bail?: boolean;
  /** Re-evaluate suite files already imported in this process (unit tests). */
  cacheBust?: boolean;
  log?: (line: string) => void;
}

export async function runInProcess(req: RunRequest): Promise<RunOutcome> {
  const log = req.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const run = createRun(req.context);
  const { mocha, tests } = await loadSuite({
    files: req.files,
    rootDir: req.rootDir,
    cacheBust: req.cacheBust,
    mochaOptions: { timeout: req.timeoutMs, bail: req.bail ?? false },
    beforeLoad: (root) => attachRun(root, run),
  });
  const selected = selectTests(tests, req.selection);
  const matched = req.selection.shard
    ? selectTests(tests, { ...req.selection, shard: undefined }).length
    : selected.length;
  pruneTo(mocha.suite, selected);
  // The worker's resources (credentials, keypair, security group) go when the run ends, reported like any hook.
  mocha.rootHooks({
    afterAll: [
      async function releaseWorkerResources(this: Mocha.Context) {
        this.timeout(600_000);
        await run.cleanup.runAll();
      },
    ],
  });
  const plan = await planReporters({
    outDir: req.context.resultsDir,
    reporting: req.context.config.reporting,
    runId: req.context.runId,
    worker: req.context.worker,
    rootDir: req.rootDir,
    console: req.console,
    checks: run.checks,
    stepLog: run.stepLog,
    status: req.status,
  });
  mocha.reporter(plan.host, plan.options);
  const started = Date.now();
  const { stats, signal } = await new Promise<{ stats: Mocha.Stats | undefined; signal?: "SIGINT" | "SIGTERM" }>(
    (resolve) => {
      let watch: ReturnType<typeof watchInterrupts> | undefined;
      const runner = mocha.run(() => {
        watch?.dispose();
        resolve({ stats: runner.stats, signal: watch?.signal });
      });
      watch = watchInterrupts(runner, { log });
    },
  );
  return {
    totals: {
      total: selected.length,
      passed: stats?.passes ?? 0,
      failed: stats?.failures ?? 0,
      skipped: stats?.pending ?? 0,
      durationMs: Date.now() - started,
    },
    selected,
    matched,
    interrupted: signal,
    reporters: plan.names,
  };
}
