// Figure "scaling": the same scenarios with transition latencies on (default 1 s), run serially, with --parallel 2
// and 4 (the "concurrency"), and as two `--shard I/2` processes started together; each against a fresh
// simulator in its own process. Prints wall, speed-up over serial and the peak RSS of the run's processes (the
// largest single process, and the largest sum of processes alive together). Target: 2 workers ≥ 1.6× serial.

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
  for (const workers of [1, 2, 4]) {
    const sim = await startSim({
      baseMs: 20,
      perStep: transitionSteps(opts.latencyMs),
      workers,
      config: REAL_CLOUD_POLLING,
    });
    try {
      const r = await runVftest(sim, ["--parallel", String(workers), ...select], `scaling-${workers}`);
      const t = r.results.totals;
      rows.push(
        row(workers === 1 ? "serial" : `--parallel ${workers}`, [r.measured], r.measured.wallMs, t.passed, t.failed),
      );
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
      `scaling ${r.mode}: ${secs(r.wallMs)}, speed-up ${(serial / r.wallMs).toFixed(2)}x${r.mode === "--parallel 2" ? " (target >= 1.6x)" : ""}, ${r.passed} passed ${r.failed} failed, peak RSS ${mb(r.maxRssKb)} largest process, ${mb(r.treeRssKb)} all processes`,
  );
  emit("scaling", lines, { latencyMs: opts.latencyMs, grep: opts.grep ?? null, rows });
}
