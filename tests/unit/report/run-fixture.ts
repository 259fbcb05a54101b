// Runs fixtures/mixed.suite.ts once per process through a real programmatic Mocha with every vftest reporter
// attached (an ES module is imported only once, so the run is shared by all reporter tests).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import AllureMochaReporter from "allure-mocha";
import Mocha from "mocha";
import { clearChecks } from "../../../lib/report/checks.js";
import { MultiReporter, type ReporterEntry } from "../../../lib/report/multi.js";
import { ProgressReporter } from "../../../lib/report/progress.js";
import { ResultsReporter } from "../../../lib/report/results.js";
import { SubunitReporter } from "../../../lib/report/subunit-reporter.js";

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
  clearChecks();
  const reporters: ReporterEntry[] = [
    [SubunitReporter, { output: subunitPath, worker: 0, rootDir: ROOT }],
    [ResultsReporter, { output: resultsPath, runId: "run-1", rootDir: ROOT }],
    [AllureMochaReporter as unknown as ReporterEntry[0], { resultsDir: allureResults }],
    [ProgressReporter, { write: (s: string) => (console += s), rootDir: ROOT }],
  ];
  const mocha = new Mocha({ reporter: MultiReporter, reporterOptions: { reporters }, timeout: 20000 });
  mocha.addFile(FIXTURE);
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  return { dir, failures, console, subunitPath, resultsPath, allureResults };
}
