// Reporter collecting per-test results into results.json (suite contract), with the checks tests recorded via
// the run's check recorder. Options: output (path of results.json, required), runId, worker, workers, rootDir,
// checks (the run object's CheckRecorder; without it results.json lists no checks).
import fs from "node:fs";
import path from "node:path";
import Mocha from "mocha";
import { CheckRecorder } from "../run/checks.js";
import { observeOptionsOf, observeRun } from "./collect.js";
import { writeJsonFile } from "./json-file.js";
import { numberOption, reporterOptionsOf, stringOption } from "./reporter-options.js";
import { computeTotals, type RunResults, type TestResult } from "./results-model.js";

export function writeResultsJson(file: string, results: RunResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeJsonFile(file, results);
}

export function readResultsJson(file: string): RunResults {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(
      `cannot read results ${file}: ${e instanceof Error ? e.message : String(e)}; was the run finished?`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || !Array.isArray((parsed as { tests?: unknown }).tests)) {
    throw new Error(`${file} is not a vftest results.json (expected an object with a "tests" array)`);
  }
  return parsed as RunResults;
}

export class ResultsReporter extends Mocha.reporters.Base {
  /** The results of the finished run (also written to `output`). */
  results: RunResults | undefined;

  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const opts = reporterOptionsOf(options);
    const output = stringOption(opts, "output", "ResultsReporter");
    const runId = stringOption(opts, "runId", "ResultsReporter", "local");
    const worker = numberOption(opts, "worker", 0);
    const workers = numberOption(opts, "workers", 1);
    const rootDir = stringOption(opts, "rootDir", "ResultsReporter", null);
    const checks = opts.checks instanceof CheckRecorder ? opts.checks : new CheckRecorder();
    const tests: TestResult[] = [];
    let startedAt = new Date();
    runner.once(Mocha.Runner.constants.EVENT_RUN_BEGIN, () => {
      startedAt = new Date();
    });
    observeRun(
      runner,
      { ...observeOptionsOf(opts), worker, ...(rootDir ? { rootDir } : {}) },
      { onResult: (r) => tests.push(r) },
    );
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const finishedAt = new Date();
      const results: RunResults = {
        runId,
        workers,
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        totals: computeTotals(tests),
        tests,
        checks: checks.list(),
      };
      this.results = results;
      writeResultsJson(output, results);
    });
  }
}
