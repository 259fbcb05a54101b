// The shape of results.json (suite contract): per-test results plus run totals and the checks tests recorded.
// Every other output (summary, testr_results.html, merged results) is rendered from this model.
import type { CheckRecord } from "../run/checks.js";

export type TestState = "passed" | "failed" | "skipped";

export interface TestError {
  message: string;
  stack?: string;
  requestId?: string;
}

export interface TestResult {
  /** Contract test id: `<module>.<describes>.<title>`. */
  id: string;
  uuid?: string;
  title: string;
  fullTitle: string;
  /** Module + describes: the "class" for JUnit and testr_results.html. */
  classId: string;
  file?: string;
  /** "hook" when a before/after hook failed (no test result of its own otherwise). */
  kind: "test" | "hook";
  state: TestState;
  durationMs: number;
  startedAt: string;
  finishedAt: string;
  error?: TestError;
  skipReason?: string;
  /** The run stopped before this test started (state "skipped", skipReason "not run: …"); never counted as a skip. */
  notRun?: true;
  tags: string[];
  worker: number;
  /** The test's step log (every line it narrated; lib/run/step-log.ts). */
  log?: string[];
  /** The step a failed test was in when it failed. */
  step?: string;
  /** Where the failed test's diagnostics were written (absolute path). */
  diagnostics?: string;
}

export interface Totals {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Tests the run never started because it was interrupted or stopped early (not counted in `skipped`). */
  notRun?: number;
  /** Skips that gave no reason: a reporting failure, counted separately and warned about. */
  skippedWithoutReason: number;
}

export interface RunResults {
  runId: string;
  workers: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  totals: Totals;
  tests: TestResult[];
  checks: CheckRecord[];
}

export function computeTotals(tests: readonly TestResult[]): Totals {
  const count = (state: TestState) => tests.filter((t) => t.state === state).length;
  return {
    total: tests.length,
    passed: count("passed"),
    failed: count("failed"),
    skipped: tests.filter((t) => t.state === "skipped" && !t.notRun).length,
    notRun: tests.filter((t) => t.notRun).length,
    skippedWithoutReason: tests.filter((t) => t.state === "skipped" && t.skipReason === undefined).length,
  };
}
