// Figure "calls": HTTP requests per scenario from vftest's request log (requests.jsonl, attributed to a test by its
// caller field), split into polls, actions and checks per layer (classify.ts), plus the layer checks each test
// recorded (results.json; guest and host checks go over SSH, not HTTP). Side by side: Debian Tempest's
// test_cold_migration and test_revert_cold_migration against the same embedded cloud, counted on the simulator side
// (one `tempest run` per test, so Tempest's count includes its class setup and teardown). Both with 2 s transitions
// and a 1 s poll interval (build_interval), as in the Tempest reference figures.
// The same flow on both sides (classify.ts `moveWindow`): from the move request to the server's DELETE, i.e. the
// move, confirm/revert and every check made after them; for Tempest also its test method's window (from its
// server create), the figure issue 13 names.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Counts, count, formatCounts, moveWindow } from "./lib/classify.js";
import { measure } from "./lib/proc.js";
import { emit } from "./lib/report.js";
import { REAL_CLOUD_POLLING, readSimRequests, startSim, transitionSteps } from "./lib/sim.js";
import { INSTALL_HINT, makeWorkspace, TEMPEST, tempestEnv, tempestInstalled } from "./lib/tempest.js";
import { ranTests, runVftest } from "./lib/vftest.js";

const TEMPEST_TESTS = {
  test_cold_migration: "MigrationsAdminTest.test_cold_migration",
  test_revert_cold_migration: "MigrationsAdminTest.test_revert_cold_migration",
};

export async function calls(opts: {
  grep?: string;
  latencyMs?: number;
  tempest?: boolean;
  notifications?: boolean;
}): Promise<void> {
  const latency = opts.latencyMs ?? 2000;
  const lines: string[] = [];
  const vftestRows: {
    test: string;
    state: string;
    counts: Counts;
    window: Counts;
    /** The test's requests ("hh:mm:ss.mmm METHOD path (duration)") and the window's ("METHOD path"), ids as {id}. */
    requests: string[];
    windowRequests: string[];
    checks: Record<string, number>;
  }[] = [];
  const sim = await startSim({
    baseMs: 20,
    perStep: transitionSteps(latency),
    config: REAL_CLOUD_POLLING,
    notifications: opts.notifications,
  });
  let tempestRows: TempestRow[] | undefined;
  try {
    // No grep (`--all`): the whole scenario suite.
    const grep = opts.grep === undefined ? [] : ["--grep", opts.grep];
    const run = await runVftest(sim, [...grep, "tests/scenario"], "calls");
    for (const t of ranTests(run.results)) {
      const mine = run.requests.filter((r) => r.caller === t.title);
      const checks: Record<string, number> = {};
      for (const c of run.results.checks.filter((c) => c.testUuid === t.uuid)) {
        checks[c.layer] = (checks[c.layer] ?? 0) + 1;
      }
      const inWindow = moveWindow(mine.map((r) => ({ method: r.method, url: r.url, body: r.request_body })));
      vftestRows.push({
        test: t.title.replace(/ \[id-.*\]$/, ""),
        state: t.state,
        counts: count(mine),
        window: count(inWindow),
        requests: mine.map((r) => `${r.ts.slice(11, 23)} ${r.method} ${shortPath(r.url)} (${r.duration_ms} ms)`),
        windowRequests: inWindow.map((r) => `${r.method} ${shortPath(r.url)}`),
        checks,
      });
    }
    const setup = count(run.requests.filter((r) => r.caller === undefined));
    for (const r of vftestRows) {
      const layers = Object.entries(r.checks)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      lines.push(`calls vftest ${r.test}: ${formatCounts(r.counts)}; layer checks: ${layers || "none"}`);
      lines.push(`calls vftest ${r.test} from the move request to the server's delete: ${formatCounts(r.window)}`);
    }
    lines.push(`calls vftest worker setup/teardown (shared by the run's tests): ${formatCounts(setup)}`);
    if (opts.tempest === false) lines.push("calls tempest: not measured (skipped)");
    else if (tempestInstalled()) tempestRows = await tempestCalls(latency);
    else lines.push(`calls tempest: not measured, ${TEMPEST} is not installed (install: ${INSTALL_HINT})`);
  } finally {
    await sim.stop();
  }
  for (const r of tempestRows ?? []) {
    const name = `calls tempest ${r.test}${r.passed ? "" : " (FAILED)"}`;
    lines.push(`${name}: ${formatCounts(r.counts)} (whole tempest run, simulator side)`);
    lines.push(`${name} test window, from the server's create to its delete: ${formatCounts(r.testWindow)}`);
    lines.push(`${name} from the move request to the server's delete: ${formatCounts(r.window)}`);
  }
  emit("calls", lines, { latencyMs: latency, vftest: vftestRows, tempest: tempestRows ?? null });
}

interface TempestRow {
  test: string;
  passed: boolean;
  counts: Counts;
  testWindow: Counts;
  window: Counts;
}

async function tempestCalls(latency: number): Promise<TempestRow[]> {
  const out: TempestRow[] = [];
  for (const [name, regex] of Object.entries(TEMPEST_TESTS)) {
    // A fresh cloud per test, logging every request it answers.
    const logFile = path.join(os.tmpdir(), `vftest-bench-tempest-requests-${process.pid}-${name}.log`);
    fs.rmSync(logFile, { force: true });
    const sim = await startSim({ baseMs: 20, perStep: transitionSteps(latency), requestLog: logFile });
    const ws = makeWorkspace(Number(new URL(sim.url).port));
    try {
      const m = await measure(TEMPEST, ["run", "--serial", "--regex", regex], {
        cwd: ws,
        env: tempestEnv(),
        timeoutMs: 300_000,
      });
      const reqs = readSimRequests(logFile).map((r) => ({ method: r.method, url: r.path }));
      out.push({
        test: name,
        passed: m.code === 0,
        counts: count(reqs),
        testWindow: count(moveWindow(reqs, "create")),
        window: count(moveWindow(reqs)),
      });
    } finally {
      await sim.stop();
      fs.rmSync(ws, { recursive: true, force: true });
      fs.rmSync(logFile, { force: true });
    }
  }
  return out;
}

const shortPath = (url: string) =>
  url
    .replace(/^https?:\/\/[^/]+/, "")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "{id}")
    .replace(/\/\d+(?=\/|$|\?)/g, "/{n}");
