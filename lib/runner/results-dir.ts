// The per-run results directory (suite contract): `<results_dir>/<runId>/` with a `latest` symlink to the newest
// run. Run ids sort by time and stay unique when two runs start in the same second (CI shards on one node).

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** e.g. `20261125T101502Z-3fa2c1`. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

/** Creates `<baseDir>/<runId>/` (and parents) and returns its absolute path. */
export function createRunDir(baseDir: string, runId: string): string {
  const dir = path.resolve(baseDir, runId);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Points `<baseDir>/latest` at `<runId>` (relative link, replaced atomically). */
export function updateLatestLink(baseDir: string, runId: string): void {
  const link = path.resolve(baseDir, "latest");
  const tmp = `${link}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(runId, tmp);
  fs.renameSync(tmp, link);
}

/** Standard file names inside a run directory. */
export const RESULT_FILES = {
  junit: "junit.xml",
  subunit: "results.subunit",
  allure: "allure-results",
  results: "results.json",
  requests: "requests.jsonl",
  console: "console.log",
  summaryMd: "summary.md",
  summaryJson: "summary.json",
  testrHtml: "testr_results.html",
} as const;
