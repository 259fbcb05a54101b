// One place that turns mocha runner events into TestResult records, so every reporter (subunit, progress,
// results.json) agrees on ids, states, durations, errors and skip reasons.
import fs from "node:fs";
import path from "node:path";
import Mocha from "mocha";
import { NO_REASON, skipReasonFor } from "../run/skips.js";
import { StepLog } from "../run/step-log.js";
import { redactSecrets } from "./redact.js";
import type { TestError, TestResult, TestState } from "./results-model.js";
import { classIdFor, isHook, tagsFor, testIdFor, uuidOf } from "./test-identity.js";

const { EVENT_TEST_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } =
  Mocha.Runner.constants;

/** Why a run ended before all its tests ran. */
export interface RunStop {
  /** Why tests did not start: "the run was interrupted (SIGINT)". */
  reason: string;
  /** Why the running test was cut short: "the run was stopped at once by a second SIGINT". */
  cut?: string;
}

const stops = new WeakMap<Mocha.Runner, RunStop>();

/** Tells every observer of `runner` why the run ends early; call before EVENT_RUN_END is emitted. */
export function markRunStopped(runner: Mocha.Runner, stop: RunStop): void {
  stops.set(runner, { ...stops.get(runner), ...stop });
}

export interface ObserveOptions {
  /** Test ids are file paths relative to this directory (default: process.cwd()). */
  rootDir?: string;
  /** Worker index (stestr's `{N}` and the `worker-N` tag); 0 for a single-process run. */
  worker?: number;
  /** The run's step log: each result carries its test's lines and, on failure, the step it failed in. */
  stepLog?: StepLog;
  /** The results directory the tests write `diagnostics/<uuid>/` into. */
  outDir?: string;
}

/** The observe options a reporter was given (worker, rootDir, the run's step log, its results directory). */
export function observeOptionsOf(opts: Record<string, unknown>): ObserveOptions {
  const out: ObserveOptions = {};
  if (typeof opts.worker === "number") out.worker = opts.worker;
  if (typeof opts.rootDir === "string" && opts.rootDir !== "") out.rootDir = opts.rootDir;
  if (opts.stepLog instanceof StepLog) out.stepLog = opts.stepLog;
  if (typeof opts.outDir === "string" && opts.outDir !== "") out.outDir = opts.outDir;
  return out;
}

export interface RunListener {
  onTestStart?(info: { id: string; runnable: Mocha.Runnable; startedAt: Date; tags: string[] }): void;
  onResult(result: TestResult, runnable: Mocha.Runnable): void;
}

const REQUEST_ID = /request-id (req-[0-9a-zA-Z-]+)/;

export function toTestError(err: unknown): TestError {
  if (err instanceof Error || (typeof err === "object" && err !== null && "message" in err)) {
    const e = err as { message?: unknown; stack?: unknown; requestId?: unknown };
    const message = redactSecrets(String(e.message ?? ""));
    const stack = typeof e.stack === "string" ? redactSecrets(e.stack) : undefined;
    const requestId = typeof e.requestId === "string" ? e.requestId : REQUEST_ID.exec(message)?.[1];
    return { message, ...(stack ? { stack } : {}), ...(requestId ? { requestId } : {}) };
  }
  return { message: redactSecrets(String(err)) };
}

/** Subscribes to a mocha runner; calls `listener.onResult` once per finished test (and per failed hook). */
export function observeRun(runner: Mocha.Runner, options: ObserveOptions, listener: RunListener): void {
  const rootDir = options.rootDir ?? process.cwd();
  const worker = options.worker ?? 0;
  const started = new WeakMap<Mocha.Runnable, Date>();
  const reported = new WeakSet<Mocha.Runnable>();

  const finish = (runnable: Mocha.Runnable, state: TestState, err?: unknown, notRun?: string): void => {
    const finishedAt = new Date();
    const startedAt = started.get(runnable) ?? finishedAt;
    const kind = isHook(runnable) ? "hook" : "test";
    // A hook's title is `"before all" hook: name`; give it the id of the suite it guards plus that title.
    const result: TestResult = {
      id: testIdFor(runnable, rootDir),
      title: runnable.title,
      fullTitle: runnable.fullTitle(),
      classId: classIdFor(runnable, rootDir),
      kind,
      state,
      durationMs:
        typeof runnable.duration === "number" ? runnable.duration : finishedAt.getTime() - startedAt.getTime(),
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      tags: tagsFor(runnable),
      worker,
    };
    const uuid = uuidOf(runnable.title);
    if (uuid) result.uuid = uuid;
    if (runnable.file) result.file = runnable.file;
    if (err !== undefined) result.error = toTestError(err);
    const log = options.stepLog?.linesFor(uuid);
    if (log?.length) result.log = log.map(redactSecrets);
    if (state === "failed") {
      const step = options.stepLog?.lastStep(uuid);
      if (step) result.step = step;
      const diagnostics = uuid && options.outDir ? path.join(options.outDir, "diagnostics", uuid) : undefined;
      if (diagnostics && fs.existsSync(diagnostics)) result.diagnostics = diagnostics;
    }
    if (notRun !== undefined) {
      result.skipReason = notRun;
      result.notRun = true;
    } else if (state === "skipped") {
      const reason = skipReasonFor(runnable);
      if (reason !== undefined) result.skipReason = reason;
    }
    if (kind === "test" && reported.has(runnable)) return; // mocha may report a late second failure; keep the first
    reported.add(runnable);
    listener.onResult(result, runnable);
  };

  runner.on(EVENT_TEST_BEGIN, (test: Mocha.Test) => {
    const now = new Date();
    started.set(test, now);
    listener.onTestStart?.({ id: testIdFor(test, rootDir), runnable: test, startedAt: now, tags: tagsFor(test) });
  });
  runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => finish(test, "passed"));
  runner.on(EVENT_TEST_FAIL, (runnable: Mocha.Runnable, err: unknown) => {
    if (!isHook(runnable)) return finish(runnable, "failed", err);
    // A failed hook stops the rest of its suite: blame the tests that will now never report, so they show up as
    // failed (not silently missing); only a hook with nobody left to blame (e.g. `after all`) is its own entry.
    const victims = unreportedTests(runnable.parent, reported);
    if (victims.length === 0) return finish(runnable, "failed", err);
    const cause = toTestError(err);
    for (const test of victims) {
      if (test.isPending()) finish(test, "skipped");
      else finish(test, "failed", { ...cause, message: `not run: ${runnable.title} failed: ${cause.message}` });
    }
  });
  runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => finish(test, "skipped"));
  // A run that ends early (interrupt, --bail) says which tests never ran, and which one was cut, instead of
  // leaving them out. Registered in observeRun, so it runs before the reporter's own end handler writes its file.
  runner.once(EVENT_RUN_END, () => {
    const stop = stops.get(runner);
    const why = stop?.reason ?? "the run stopped early";
    // mocha points runner.suite at the suite it is running: walk from the root, or the tests of later files are lost.
    let root: Mocha.Suite | undefined = runner.suite;
    while (root?.parent) root = root.parent;
    for (const test of unreportedTests(root, reported)) {
      if (started.has(test)) {
        const message = `interrupted: ${stop?.cut ?? why} while this test ran; its cleanup did not finish (see leftovers.json)`;
        finish(test, "failed", { message });
      } else {
        finish(test, "skipped", undefined, `not run: ${why}`);
      }
    }
  });
}

function unreportedTests(suite: Mocha.Suite | undefined, reported: WeakSet<Mocha.Runnable>): Mocha.Test[] {
  if (!suite) return [];
  return [
    ...suite.tests.filter((t) => !reported.has(t)),
    ...suite.suites.flatMap((child) => unreportedTests(child, reported)),
  ];
}

/** The reason to print for a skipped result. */
export function skipReasonText(result: TestResult): string {
  return result.skipReason ?? NO_REASON;
}
