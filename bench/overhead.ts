// Figure "overhead": the scenario suite against the embedded cloud (own process) where every server status
// transition takes a fixed latency (2 s and 2.5 s, as in Tempest's timed-fake figures: 1.022 and 1.22). For each
// test: wall (the test's own start..finish), critical path (the simulator's GET /sim/v1/latencies for that window:
// the time during which one of its steps was in progress) and overhead = wall / critical − 1; then the total.
// Target: ratio ≤ 1.02 at 2 s and ≤ 1.05 at 2.5 s.

import { formatGaps, type Gap, gapsOf } from "./lib/gaps.js";
import { emit, pct, secs } from "./lib/report.js";
import { startSim, transitionSteps } from "./lib/sim.js";
import { ranTests, runVftest } from "./lib/vftest.js";

const SUITE = "tests/scenario";

export interface OverheadRow {
  test: string;
  state: string;
  wallMs: number;
  criticalMs: number;
  overhead: number;
  /** Of wall − critical: time inside vftest's HTTP requests (the rest: SSH checks, client CPU, poll sleeps). */
  httpOutsideMs: number;
  /** The stretches outside the critical path (with --gaps). */
  gaps?: Gap[];
}

/** Length of [a, b) not covered by `spans` (sorted, merged on the fly). */
function uncovered(a: number, b: number, spans: { start: number; end: number }[]): number {
  let free = 0;
  let t = a;
  for (const s of [...spans].sort((x, y) => x.start - y.start)) {
    if (s.end <= t) continue;
    if (s.start >= b) break;
    if (s.start > t) free += Math.min(s.start, b) - t;
    t = Math.max(t, s.end);
    if (t >= b) break;
  }
  return free + Math.max(0, b - t);
}

export async function overhead(opts: {
  latencies: number[];
  grep?: string;
  notifications?: boolean;
  /** Also print where each test's overhead goes (bench/lib/gaps.ts). */
  gaps?: boolean;
}): Promise<void> {
  const lines: string[] = [];
  const data: Record<string, unknown> = {};
  for (const latency of opts.latencies) {
    const sim = await startSim({
      baseMs: 20,
      perStep: transitionSteps(latency),
      notifications: opts.notifications,
    });
    try {
      const args = [...(opts.grep ? ["--grep", opts.grep] : []), SUITE];
      const run = await runVftest(sim, args, `overhead-${latency}`);
      const rows: OverheadRow[] = [];
      for (const t of ranTests(run.results)) {
        const from = Date.parse(t.startedAt);
        const to = Date.parse(t.finishedAt);
        const { critical_path_ms, spans } = await sim.latencies(from, to);
        let httpOutsideMs = 0;
        const own = run.requests.filter((q) => q.caller === t.title);
        for (const r of own) {
          const a = Date.parse(r.ts);
          httpOutsideMs += uncovered(a, a + r.duration_ms, spans);
        }
        rows.push({
          test: t.title.replace(/ \[id-.*\]$/, ""),
          state: t.state,
          wallMs: to - from,
          criticalMs: critical_path_ms,
          overhead: (to - from) / critical_path_ms - 1,
          httpOutsideMs,
          ...(opts.gaps ? { gaps: gapsOf(from, to, spans, own) } : {}),
        });
      }
      if (rows.length === 0) throw new Error(`no test ran (exit ${run.measured.code}); see ${run.runDir}`);
      const label = `${latency / 1000}s`;
      for (const r of rows) {
        if (r.gaps) lines.push(...formatGaps(`${label} ${r.test}`, r.gaps));
        lines.push(
          `overhead ${label} ${r.test}${r.state === "passed" ? "" : ` (${r.state})`}: wall ${secs(r.wallMs)}, critical ${secs(r.criticalMs)}, overhead ${pct(r.overhead)} (HTTP outside the critical path ${secs(r.httpOutsideMs)})`,
        );
      }
      const wall = rows.reduce((a, r) => a + r.wallMs, 0);
      const critical = rows.reduce((a, r) => a + r.criticalMs, 0);
      lines.push(
        `overhead ${label}: ${pct(wall / critical - 1)} (ratio ${(wall / critical).toFixed(3)}; target <= ${latency % 1000 === 0 ? "1.02" : "1.05"}, Tempest ${latency === 2000 ? "1.022" : latency === 2500 ? "1.22" : "n/a"}) over ${rows.length} tests, wall ${secs(wall)}, critical ${secs(critical)}; whole run ${secs(run.measured.wallMs)}`,
      );
      data[String(latency)] = { rows, wallMs: wall, criticalMs: critical, runWallMs: run.measured.wallMs };
    } finally {
      await sim.stop();
    }
  }
  emit("overhead", lines, { grep: opts.grep ?? null, byLatency: data });
}
