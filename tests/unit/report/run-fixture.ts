// Runs fixtures/mixed.suite.ts once per process through a real programmatic Mocha with every vftest reporter
// attached (an ES module is imported only once, so the run is shared by all reporter tests).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import AllureMochaReporter from "allure-mocha";
import Mocha from "mocha";
import { defaultConfig } from "../../../lib/config/defaults.js";
import { MultiReporter, type ReporterEntry } from "../../../lib/report/multi.js";
import { ProgressReporter } from "../../../lib/report/progress.js";
import { ResultsReporter } from "../../../lib/report/results.js";
import { SubunitReporter } from "../../../lib/report/subunit-reporter.js";
import { attachRun, createRun } from "../../../lib/run/run.js";

export const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "mixed.suite.ts");
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface FixtureRun {
  dir: string;
  failures: number;
  console: string;
  subunitPath: string;
  resultsPath: string;
  allureResults: string;
}

let once: Promise<FixtureRun> | undefined;

export function runFixture(): Promise<FixtureRun> {
  once ??= doRun();
  return once;
}

async function doRun(): Promise<FixtureRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-report-"));
  const subunitPath = path.join(dir, "results.subunit");
  const resultsPath = path.join(dir, "results.json");
  const allureResults = path.join(dir, "allure-results");
  let console = "";
  const run = createRun({
    config: { ...defaultConfig(), sources: [] },
    resultsDir: dir,
    runId: "run-1",
    worker: { index: 0, count: 1 },
    requestLogPath: path.join(dir, "requests.jsonl"),
    target: { kind: "cloud" },
  });
  const reporters: ReporterEntry[] = [
    [SubunitReporter, { output: subunitPath, worker: 0, rootDir: ROOT }],
    [ResultsReporter, { output: resultsPath, runId: "run-1", rootDir: ROOT, checks: run.checks }],
    [AllureMochaReporter as unknown as ReporterEntry[0], { resultsDir: allureResults }],
    [ProgressReporter, { write: (s: string) => (console += s), rootDir: ROOT }],
  ];
  const mocha = new Mocha({ reporter: MultiReporter, reporterOptions: { reporters }, timeout: 20000 });
  attachRun(mocha.suite, run);
  mocha.addFile(FIXTURE);
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  return { dir, failures, console, subunitPath, resultsPath, allureResults };
}
