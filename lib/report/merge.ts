// Merging the outputs of N worker processes (`vftest run --parallel`) into the run directory: results.json is
// concatenated with recomputed totals, subunit streams are concatenated (a valid v2 stream), JUnit documents
// become one <testsuites>.
import fs from "node:fs";
import path from "node:path";
import { mergeJunit } from "./junit.js";
import { readResultsJson, writeResultsJson } from "./results.js";
import { computeTotals, type RunResults } from "./results-model.js";

export function mergeResults(parts: readonly RunResults[], runId?: string): RunResults {
  if (parts.length === 0) throw new Error("mergeResults: no worker results to merge (did every worker crash?)");
  const starts = parts.map((p) => Date.parse(p.startedAt));
  const ends = parts.map((p) => Date.parse(p.finishedAt));
  const startedAt = Math.min(...starts);
  const finishedAt = Math.max(...ends);
  const tests = parts.flatMap((p) => p.tests);
  return {
    runId: runId ?? parts[0]!.runId,
    workers: parts.length,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: finishedAt - startedAt,
    totals: computeTotals(tests),
    tests,
    checks: parts.flatMap((p) => p.checks),
  };
}

/** Subunit v2 is a sequence of self-delimiting packets, so concatenation is a merge. */
export function mergeSubunit(files: readonly string[], output: string): void {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, Buffer.concat(files.map((f) => fs.readFileSync(f))));
}

export interface MergeOutcome {
  results: RunResults;
  merged: string[]; // file names written into runDir
  missing: string[]; // "<worker dir>/<file>" expected but absent
}

/** Merges results.json, results.subunit and junit.xml of each worker directory into runDir. */
export function mergeWorkerDirs(workerDirs: readonly string[], runDir: string, runId?: string): MergeOutcome {
  const missing: string[] = [];
  const present = (name: string) =>
    workerDirs.flatMap((d) => {
      const f = path.join(d, name);
      if (fs.existsSync(f)) return [f];
      missing.push(f);
      return [];
    });
  const results = mergeResults(present("results.json").map(readResultsJson), runId);
  writeResultsJson(path.join(runDir, "results.json"), results);
  const merged = ["results.json"];
  const subunits = present("results.subunit");
  if (subunits.length > 0) {
    mergeSubunit(subunits, path.join(runDir, "results.subunit"));
    merged.push("results.subunit");
  }
  const junits = present("junit.xml");
  if (junits.length > 0) {
    fs.writeFileSync(path.join(runDir, "junit.xml"), mergeJunit(junits.map((f) => fs.readFileSync(f, "utf8"))));
    merged.push("junit.xml");
  }
  return { results, merged, missing };
}
