// Figure "scaling": with transition latencies on (default 1 s), the suite a user runs (tests/api + tests/scenario,
// as `npm start` and `vftest run` run it) and, as a second line, the default scenarios alone (cold migration and
// resize: `--grep`, default the benchmark's) — each serially, with --concurrency 2 and 4, and as two `--shard I/2`
// processes started together; every run against a fresh simulator in its own process. Prints wall, speed-up over
// serial and the peak RSS of the run's processes (the largest single process, and the largest sum of processes
// alive together). Target (issue 13): --concurrency 2 ≥ 1.6× serial.
// Each --concurrency N runs twice: without timing data, then with the serial run's results.json as the previous
// run in the same results directory (what a user re-running in one results directory gets, like stestr's timings;
// lib/runner/schedule.ts orders the queue longest first by it). BENCH_SCALING=suite|subset picks one line only,
// BENCH_SCALING_ROWS=serial,2,2t,4,4t,shard the rows (t: with the serial run's timings).

import fs from "node:fs";
import path from "node:path";
import type { RunResults } from "../lib/report/results-model.js";
import type { Measured } from "./lib/proc.js";
import { emit, mb, secs } from "./lib/report.js";
import { REAL_CLOUD_POLLING, startSim, transitionSteps } from "./lib/sim.js";
import { runVftest } from "./lib/vftest.js";

interface Row {
  line: string;
  mode: string;
  wallMs: number;
  passed: number;
  failed: number;
  skipped: number;
  maxRssKb: number;
  treeRssKb: number;
}

const ALL_ROWS = ["serial", "2", "2t", "4", "4t", "shard"];

export async function scaling(opts: { latencyMs: number; grep?: string }): Promise<void> {
  const which = process.env.BENCH_SCALING ?? "both";
  const wanted = (process.env.BENCH_SCALING_ROWS ?? ALL_ROWS.join(",")).split(",").map((s) => s.trim());
  const bad = wanted.filter((w) => !ALL_ROWS.includes(w));
  if (bad.length || !["both", "suite", "subset"].includes(which)) {
    throw new Error(`BENCH_SCALING=both|suite|subset, BENCH_SCALING_ROWS=${ALL_ROWS.join(",")} (got ${which}; ${bad})`);
  }
  const lines: { name: string; select: string[] }[] = [];
  if (which !== "subset") lines.push({ name: "suite", select: ["tests/api", "tests/scenario"] });
  if (which !== "suite" && opts.grep)
    lines.push({ name: "scenarios", select: ["--grep", opts.grep, "tests/scenario"] });
  const rows: Row[] = [];
  for (const line of lines) rows.push(...(await measureLine(line.name, line.select, opts.latencyMs, wanted)));
  const out = rows.map((r) => {
    const serial = rows.find((s) => s.line === r.line && s.mode === "serial")?.wallMs ?? Number.NaN;
    return (
      `scaling ${r.line} ${r.mode}: ${secs(r.wallMs)}, speed-up ${(serial / r.wallMs).toFixed(2)}x` +
      `${r.mode.startsWith("--concurrency 2") ? " (target >= 1.6x)" : ""}, ${r.passed} passed ${r.failed} failed ` +
      `${r.skipped} skipped, peak RSS ${mb(r.maxRssKb)} largest process, ${mb(r.treeRssKb)} all processes`
    );
  });
  emit("scaling", out, { latencyMs: opts.latencyMs, grep: opts.grep ?? null, rows });
}

async function measureLine(line: string, select: string[], latencyMs: number, wanted: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  const row = (mode: string, ms: Measured[], wallMs: number, t: RunResults["totals"][]): Row => ({
    line,
    mode,
    wallMs,
    passed: t.reduce((a, x) => a + x.passed, 0),
    failed: t.reduce((a, x) => a + x.failed, 0),
    skipped: t.reduce((a, x) => a + x.skipped, 0),
    maxRssKb: Math.max(...ms.map((m) => m.maxRssKb)),
    treeRssKb: ms.reduce((a, m) => a + m.treeRssKb, 0),
  });
  const sim = (workers: number) =>
    startSim({ baseMs: 20, perStep: transitionSteps(latencyMs), workers, config: REAL_CLOUD_POLLING });
  let history: RunResults | undefined;
  const plan: [string, number, boolean][] = [
    ["serial", 1, false],
    ["2", 2, false],
    ["2t", 2, true],
    ["4", 4, false],
    ["4t", 4, true],
  ];
  for (const [key, workers, withHistory] of plan) {
    // The serial run also provides the timings of the "t" rows.
    if (!wanted.includes(key) && !(key === "serial" && wanted.some((w) => w.endsWith("t")))) continue;
    const s = await sim(workers);
    try {
      const name = `scaling-${line}-${key}`;
      if (withHistory && !history) continue;
      if (withHistory && history) seedHistory(path.join(s.dir, `results-${name}`), history);
      const r = await runVftest(s, ["--concurrency", String(workers), ...select], name);
      if (workers === 1) history = r.results;
      const mode = workers === 1 ? "serial" : `--concurrency ${workers}${withHistory ? " (serial run's timings)" : ""}`;
      if (wanted.includes(key)) rows.push(row(mode, [r.measured], r.measured.wallMs, [r.results.totals]));
    } finally {
      await s.stop();
    }
  }
  if (wanted.includes("shard")) {
    const s = await sim(2);
    try {
      const t0 = performance.now();
      const both = await Promise.all(
        [1, 2].map((i) => runVftest(s, ["--shard", `${i}/2`, ...select], `shard-${line}-${i}`)),
      );
      const wall = performance.now() - t0;
      const m = both.map((b) => b.measured);
      rows.push(
        row(
          "2 x --shard",
          m,
          wall,
          both.map((b) => b.results.totals),
        ),
      );
    } finally {
      await s.stop();
    }
  }
  return rows;
}

/** `<base>/latest` -> a previous run whose results.json is `results` (the timing data --concurrency orders by). */
function seedHistory(base: string, results: RunResults): void {
  fs.mkdirSync(path.join(base, "previous"), { recursive: true });
  fs.writeFileSync(path.join(base, "previous", "results.json"), JSON.stringify(results));
  fs.symlinkSync("previous", path.join(base, "latest"));
}
