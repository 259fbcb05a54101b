// Run `vftest run` against a benchmark's simulator (measured: wall, peak RSS of each process) and read back what it
// wrote: results.json and requests.jsonl.

import fs from "node:fs";
import path from "node:path";
import type { RequestLogEntry } from "../../lib/clients/request-log.js";
import type { RunResults } from "../../lib/report/results-model.js";
import { cpuProfFlags } from "./debug.js";
import { type Measured, measure } from "./proc.js";
import { ROOT, type SimProcess } from "./sim.js";

export interface VftestRun {
  measured: Measured;
  runDir: string;
  results: RunResults;
  requests: RequestLogEntry[];
}

/** The checkout whose vftest is measured: this one, or BENCH_VFTEST_ROOT (e.g. an export of main, for "before"). */
export const VFTEST_ROOT = path.resolve(process.env.BENCH_VFTEST_ROOT ?? ROOT);
export const VFTEST_BIN = path.join(VFTEST_ROOT, "bin/vftest.js");

export async function runVftest(sim: SimProcess, args: string[], name: string): Promise<VftestRun> {
  const base = path.join(sim.dir, `results-${name}`);
  const measured = await measure(
    process.execPath,
    [...cpuProfFlags(), VFTEST_BIN, "run", "--config", sim.configPath, "--results-dir", base, ...args],
    {
      cwd: VFTEST_ROOT,
      env: { ...process.env, VFTEST_CONFIG: "", OS_CLOUD: "", OS_AUTH_URL: "" },
      timeoutMs: 30 * 60_000,
    },
  );
  const runDir = fs.realpathSync(path.join(base, "latest"));
  const read = (f: string) => fs.readFileSync(path.join(runDir, f), "utf8");
  if (!fs.existsSync(path.join(runDir, "results.json"))) {
    throw new Error(`vftest run wrote no results.json (exit ${measured.code}):\n${measured.stderr.slice(-2000)}`);
  }
  const results = JSON.parse(read("results.json")) as RunResults;
  const requests = fs.existsSync(path.join(runDir, "requests.jsonl"))
    ? read("requests.jsonl")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as RequestLogEntry)
    : [];
  return { measured, runDir, results, requests };
}

/** Tests that ran (not skipped, not hooks). */
export function ranTests(r: RunResults) {
  return r.tests.filter((t) => t.kind === "test" && t.state !== "skipped");
}
