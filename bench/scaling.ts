// Figure "scaling": the same scenarios with transition latencies on (default 1 s), run serially, with --parallel 2
// and 4 (the "concurrency"), and as two `--shard I/2` processes started together; each against a fresh
// simulator in its own process. Prints wall, speed-up over serial and the peak RSS of the run's processes (the
// largest single process, and the largest sum of processes alive together). Target: 2 workers ≥ 1.6× serial.
// --parallel deals tests by the previous run's durations in the same results directory (lib/runner/schedule.ts):
// each --parallel N is run twice, without timing data (an even split by count) and with the serial run's
// results.json as the previous run (what a user re-running in one results directory gets, like stestr's timings).

import fs from "node:fs";
import path from "node:path";
import type { RunResults } from "../lib/report/results-model.js";
import type { Measured } from "./lib/proc.js";
import { emit, mb, secs } from "./lib/report.js";
import { REAL_CLOUD_POLLING, startSim, transitionSteps } from "./lib/sim.js";
import { runVftest } from "./lib/vftest.js";

interface Row {
  mode: string;
  wallMs: number;
  passed: number;
  failed: number;
  maxRssKb: number;
  treeRssKb: number;
}

export async function scaling(opts: { latencyMs: number; grep?: string }): Promise<void> {
  const select = [...(opts.grep ? ["--grep", opts.grep] : []), "tests/scenario"];
  const rows: Row[] = [];
  const row = (mode: string, ms: Measured[], wallMs: number, passed: number, failed: number): Row => ({
    mode,
    wallMs,
    passed,
    failed,
    maxRssKb: Math.max(...ms.map((m) => m.maxRssKb)),
    treeRssKb: ms.reduce((a, m) => a + m.treeRssKb, 0),
  });
  let history: RunResults | undefined;
  const plan: [number, boolean][] = [
    [1, false],
    [2, false],
    [2, true],
    [4, false],
    [4, true],
  ];
  for (const [workers, withHistory] of plan) {
    const sim = await startSim({
      baseMs: 20,
      perStep: transitionSteps(opts.latencyMs),
      workers,
      config: REAL_CLOUD_POLLING,
    });
    try {
      const name = `scaling-${workers}${withHistory ? "-timed" : ""}`;
      if (withHistory && history) seedHistory(path.join(sim.dir, `results-${name}`), history);
      const r = await runVftest(sim, ["--parallel", String(workers), ...select], name);
      if (workers === 1) history = r.results;
      const t = r.results.totals;
      const mode = workers === 1 ? "serial" : `--parallel ${workers}${withHistory ? " (serial run's timings)" : ""}`;
      rows.push(row(mode, [r.measured], r.measured.wallMs, t.passed, t.failed));
    } finally {
      await sim.stop();
    }
  }
  const sim = await startSim({
    baseMs: 20,
    perStep: transitionSteps(opts.latencyMs),
    workers: 2,
    config: REAL_CLOUD_POLLING,
  });
  try {
    const t0 = performance.now();
    const both = await Promise.all([1, 2].map((i) => runVftest(sim, ["--shard", `${i}/2`, ...select], `shard-${i}`)));
    const wall = performance.now() - t0;
    const sum = (k: "passed" | "failed") => both.reduce((a, b) => a + b.results.totals[k], 0);
    rows.push(
      row(
        "2 x --shard",
        both.map((b) => b.measured),
        wall,
        sum("passed"),
        sum("failed"),
      ),
    );
  } finally {
    await sim.stop();
  }
  const serial = rows[0]?.wallMs ?? Number.NaN;
  const lines = rows.map(
    (r) =>
      `scaling ${r.mode}: ${secs(r.wallMs)}, speed-up ${(serial / r.wallMs).toFixed(2)}x${r.mode.startsWith("--parallel 2") ? " (target >= 1.6x)" : ""}, ${r.passed} passed ${r.failed} failed, peak RSS ${mb(r.maxRssKb)} largest process, ${mb(r.treeRssKb)} all processes`,
  );
  emit("scaling", lines, { latencyMs: opts.latencyMs, grep: opts.grep ?? null, rows });
}

/** `<base>/latest` -> a previous run whose results.json is `results` (the timing data --parallel deals by). */
function seedHistory(base: string, results: RunResults): void {
  fs.mkdirSync(path.join(base, "previous"), { recursive: true });
  fs.writeFileSync(path.join(base, "previous", "results.json"), JSON.stringify(results));
  fs.symlinkSync("previous", path.join(base, "latest"));
}
