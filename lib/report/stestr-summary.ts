// The closing summary stestr's subunit-trace prints, computed from results.json (so in-process and parallel runs
// print the same): "Totals" (Ran: N tests in X sec., passed/skipped/failed, the sum of test times) and "Worker
// Balance" (tests per worker and the wall time from its first start to its last end).

import type { RunResults, TestResult } from "./results-model.js";

/** Python's str(timedelta): `0:00:54.123000`. */
export function timedelta(ms: number): string {
  const total = Math.max(0, ms) / 1000;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total - h * 3600 - m * 60;
  const whole = Math.floor(s);
  const micro = Math.round((s - whole) * 1e6);
  const frac = micro === 0 ? "" : `.${String(micro).padStart(6, "0")}`;
  return `${h}:${String(m).padStart(2, "0")}:${String(whole).padStart(2, "0")}${frac}`;
}

function workerLine(worker: number, tests: readonly TestResult[]): string {
  const start = Math.min(...tests.map((t) => Date.parse(t.startedAt)));
  const end = Math.max(...tests.map((t) => Date.parse(t.finishedAt)));
  return ` - Worker ${worker} (${tests.length} tests) => ${timedelta(end - start)}`;
}

export function stestrSummary(results: RunResults): string[] {
  const tests = results.tests.filter((t) => t.kind === "test");
  const t = results.totals;
  const sum = tests.reduce((n, r) => n + r.durationMs, 0);
  const lines = [
    "",
    "======",
    "Totals",
    "======",
    `Ran: ${tests.length} tests in ${(results.durationMs / 1000).toFixed(4)} sec.`,
    ` - Passed: ${t.passed}`,
    ` - Skipped: ${t.skipped}`,
    ` - Failed: ${t.failed}`,
    `Sum of execute time for each test: ${(sum / 1000).toFixed(4)} sec.`,
  ];
  const byWorker = new Map<number, TestResult[]>();
  for (const r of tests) byWorker.set(r.worker, [...(byWorker.get(r.worker) ?? []), r]);
  if (byWorker.size === 0) return lines;
  lines.push("", "==============", "Worker Balance", "==============");
  for (let w = 0; w <= Math.max(...byWorker.keys()); w++) {
    const mine = byWorker.get(w);
    lines.push(mine ? workerLine(w, mine) : ` - WARNING: missing Worker ${w}!`);
  }
  return lines;
}
