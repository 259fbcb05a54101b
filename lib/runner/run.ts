// One in-process run: build the run object and hand it to the suite (mocha's root context), load the suite, keep the selected tests, attach the reporters, run,
// and return the totals. `vftest run` without --parallel uses it directly; each parallel worker uses it for its
// slice (with its own context and output directory).

import Mocha from "mocha";
import type { CleanupResource } from "../common/cleanup.js";
import { writeLeftoversFile } from "../common/leftovers-file.js";
import { observeRun } from "../report/collect.js";
import type { TestResult } from "../report/results-model.js";
import { attachRun, createRun, type RunSettings } from "../run/run.js";
import { muteConsole } from "./console-gate.js";
import { type RunSignal, watchInterrupts } from "./interrupt.js";
import { planReporters } from "./reporters.js";
import { loadSuite, pruneTo, type Selection, type SuiteTest, selectTests } from "./select.js";

export interface RunTotals {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Selected tests the run never started (interrupted, --bail). */
  notRun: number;
  durationMs: number;
}

export interface RunOutcome {
  totals: RunTotals;
  /** Tests that were selected to run (sorted by test id). */
  selected: SuiteTest[];
  /** Tests matching the filters before sharding (0 means the filters match nothing at all). */
  matched: number;
  /** Set when the run was interrupted by a signal. */
  interrupted?: RunSignal;
  /** The run was stopped at once (second signal, SIGTERM grace over): the console is muted, the cut test may still
   * run in the background, and the process must end after the closing lines. */
  stoppedNow?: boolean;
  /** What the cleanup stacks still held when the run stopped (set when it was interrupted). */
  leftovers?: CleanupResource[];
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
  const counts = { passed: 0, failed: 0, skipped: 0, notRun: 0 };
  const { stats, signal, stoppedNow, heldAtStop } = await new Promise<{
    stats: Mocha.Stats | undefined;
    signal?: RunSignal;
    stoppedNow?: boolean;
    heldAtStop?: CleanupResource[];
  }>((resolve) => {
    let watch: ReturnType<typeof watchInterrupts> | undefined;
    const runner = mocha.run(() => {
      watch?.dispose();
      resolve({ stats: runner.stats, signal: watch?.signal });
    });
    observeRun(runner, { rootDir: req.rootDir }, { onResult: (r) => countResult(counts, r) });
    watch = watchInterrupts(runner, {
      log,
      onStopNow: (sig) => {
        // The cut test keeps running until the process exits: quiet it, and end the run for the reporters now.
        run.stopped = true;
        muteConsole();
        // What the stacks hold at this instant (the cut test may still delete or create things afterwards).
        const heldAtStop = run.stacks.resources();
        runner.emit(Mocha.Runner.constants.EVENT_RUN_END);
        watch?.dispose();
        resolve({ stats: runner.stats, signal: sig, stoppedNow: true, heldAtStop });
      },
    });
  });
  const leftovers = heldAtStop ?? (signal ? run.stacks.resources() : undefined);
  if (leftovers) writeLeftoversFile(req.context.resultsDir, { runId: req.context.runId, resources: leftovers });
  return {
    totals: {
      total: selected.length,
      passed: stoppedNow ? counts.passed : (stats?.passes ?? 0),
      // mocha counts a failed before-all hook once; the report counts each test it stopped (the worker set-up
      // hook failing fails every test).
      failed: stoppedNow ? counts.failed : Math.max(stats?.failures ?? 0, counts.failed),
      skipped: stoppedNow ? counts.skipped : (stats?.pending ?? 0),
      notRun: counts.notRun,
      durationMs: Date.now() - started,
    },
    selected,
    matched,
    interrupted: signal,
    ...(stoppedNow ? { stoppedNow } : {}),
    ...(leftovers ? { leftovers } : {}),
    reporters: plan.names,
  };
}

function countResult(c: { passed: number; failed: number; skipped: number; notRun: number }, r: TestResult): void {
  if (r.kind !== "test") return;
  if (r.notRun) c.notRun += 1;
  else c[r.state] += 1;
}
