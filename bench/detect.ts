// Figure "time to detect": the simulator's `error-mid-migration` fault makes a migrating server go to ERROR (with a
// fault) at the end of the finish step; the finish step's latency is drawn at random in [0, 2 × poll interval) for
// each injection (PUT /sim/v1/timing), so the flip falls at a random phase of vftest's polling. Per injection:
// delay = end of the first poll of that server issued after the flip (the simulator's `server-error` mark) − flip,
// against the poll interval (target: ≤ interval + 10% in ≥ 99% of injections); and the outcome: exactly one failed
// test, whose message names the action (migrate), the fault (the server's fault message) and the request id of the
// migrate call.

import type { RequestLogEntry } from "../lib/clients/request-log.js";
import { emit, median, quantile, secs } from "./lib/report.js";
import { startSim } from "./lib/sim.js";
import { runVftest } from "./lib/vftest.js";

const FAULT_TEXT = "Simulated failure in _finish_resize";
const GREP = "test_cold_migration\\.ColdMigrationWithShare\\.test_migrate_confirm\\[";

interface Injection {
  finishMs: number;
  flipAt?: number;
  detectMs?: number;
  failedTests: number;
  message?: string;
  namesAction: boolean;
  namesFault: boolean;
  namesRequestId: boolean;
  migrateRequestId?: string;
}

const isMigrate = (r: RequestLogEntry) =>
  r.method === "POST" && /\/action$/.test(r.url) && JSON.stringify(r.request_body ?? "").includes("migrate");

export async function detect(opts: { injections: number; intervalS: number }): Promise<void> {
  const intervalMs = opts.intervalS * 1000;
  const sim = await startSim({
    baseMs: 20,
    faults: ["error-mid-migration"],
    config: { compute: { build_interval: opts.intervalS, build_timeout: 120 } },
  });
  const rows: Injection[] = [];
  try {
    for (let i = 0; i < opts.injections; i++) {
      const finishMs = Math.round(Math.random() * 2 * intervalMs);
      await sim.setTiming(20, { "migrate.finish_resize": finishMs });
      const run = await runVftest(sim, ["--grep", GREP, "tests/scenario"], `detect-${i}`);
      const failed = run.results.tests.filter((t) => t.state === "failed");
      const from = Date.parse(run.results.startedAt);
      const to = Date.parse(run.results.finishedAt);
      const { marks } = await sim.latencies(from, to);
      const flip = marks.find((m) => m.event === "server-error");
      const migrate = run.requests.find(isMigrate);
      const row: Injection = {
        finishMs,
        failedTests: failed.length,
        message: failed[0]?.error?.message,
        namesAction: false,
        namesFault: false,
        namesRequestId: false,
        migrateRequestId: migrate?.request_id,
      };
      if (flip?.detail) {
        row.flipAt = flip.at;
        const poll = run.requests.find(
          (r) => r.method === "GET" && r.url.endsWith(`/servers/${flip.detail}`) && Date.parse(r.ts) >= flip.at,
        );
        if (poll) row.detectMs = Date.parse(poll.ts) + poll.duration_ms - flip.at;
      }
      const msg = row.message ?? "";
      row.namesAction = /migrat/i.test(msg);
      row.namesFault = msg.includes(FAULT_TEXT);
      row.namesRequestId = Boolean(row.migrateRequestId && msg.includes(row.migrateRequestId));
      rows.push(row);
    }
  } finally {
    await sim.stop();
  }
  const delays = rows.flatMap((r) => (r.detectMs === undefined ? [] : [r.detectMs]));
  const bound = intervalMs * 1.1;
  const within = delays.filter((d) => d <= bound).length;
  const oneFailure = rows.filter((r) => r.failedTests === 1).length;
  const named = rows.filter((r) => r.namesAction && r.namesFault && r.namesRequestId).length;
  const lines = [
    `detect: ${within}/${rows.length} injections detected within interval + 10% (${secs(bound)}; target >= 99%); delay median ${secs(median(delays))}, p90 ${secs(quantile(delays, 0.9))}, max ${secs(Math.max(...delays))} at poll interval ${secs(intervalMs)}${delays.length < rows.length ? `; ${rows.length - delays.length} flips not seen` : ""}`,
    `detect: exactly one failed test in ${oneFailure}/${rows.length} injections; message names action, fault and request id in ${named}/${rows.length}` +
      (named < rows.length
        ? ` (action ${rows.filter((r) => r.namesAction).length}, fault ${rows.filter((r) => r.namesFault).length}, request id ${rows.filter((r) => r.namesRequestId).length})`
        : ""),
  ];
  emit("detect", lines, { intervalMs, rows });
}
