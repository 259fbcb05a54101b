// Figure "calls": HTTP requests per scenario from vftest's request log (requests.jsonl, attributed to a test by its
// caller field), split into polls, actions and checks per layer (classify.ts), plus the layer checks each test
// recorded (results.json; guest and host checks go over SSH, not HTTP). Side by side: Debian Tempest's
// test_cold_migration and test_revert_cold_migration against the same embedded cloud, counted on the simulator side
// (one `tempest run` per test, so Tempest's count includes its class setup and teardown). Both with 2 s transitions
// and a 1 s poll interval (build_interval), as in the Tempest reference figures.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Counts, count, formatCounts } from "./lib/classify.js";
import { measure } from "./lib/proc.js";
import { emit } from "./lib/report.js";
import { REAL_CLOUD_POLLING, readSimRequests, startSim, transitionSteps } from "./lib/sim.js";
import { INSTALL_HINT, makeWorkspace, TEMPEST, tempestEnv, tempestInstalled } from "./lib/tempest.js";
import { ranTests, runVftest } from "./lib/vftest.js";

const TEMPEST_TESTS = {
  test_cold_migration: "MigrationsAdminTest.test_cold_migration",
  test_revert_cold_migration: "MigrationsAdminTest.test_revert_cold_migration",
};
const DEFAULT_GREP = "scenario\\.test_cold_migration\\.";

export async function calls(opts: { grep?: string; latencyMs?: number }): Promise<void> {
  const latency = opts.latencyMs ?? 2000;
  const lines: string[] = [];
  const vftestRows: { test: string; state: string; counts: Counts; checks: Record<string, number> }[] = [];
  const sim = await startSim({ baseMs: 20, perStep: transitionSteps(latency), config: REAL_CLOUD_POLLING });
  let tempestRows: { test: string; passed: boolean; counts: Counts }[] | undefined;
  try {
    const run = await runVftest(sim, ["--grep", opts.grep ?? DEFAULT_GREP, "tests/scenario"], "calls");
    for (const t of ranTests(run.results)) {
      const mine = run.requests.filter((r) => r.caller === t.title);
      const checks: Record<string, number> = {};
      for (const c of run.results.checks.filter((c) => c.testUuid === t.uuid)) {
        checks[c.layer] = (checks[c.layer] ?? 0) + 1;
      }
      vftestRows.push({ test: t.title.replace(/ \[id-.*\]$/, ""), state: t.state, counts: count(mine), checks });
    }
    const setup = count(run.requests.filter((r) => r.caller === undefined));
    for (const r of vftestRows) {
      const layers = Object.entries(r.checks)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      lines.push(`calls vftest ${r.test}: ${formatCounts(r.counts)}; layer checks: ${layers || "none"}`);
    }
    lines.push(`calls vftest worker setup/teardown (shared by the run's tests): ${formatCounts(setup)}`);
    if (tempestInstalled()) tempestRows = await tempestCalls(latency);
    else lines.push(`calls tempest: not measured, ${TEMPEST} is not installed (install: ${INSTALL_HINT})`);
  } finally {
    await sim.stop();
  }
  for (const r of tempestRows ?? []) {
    lines.push(
      `calls tempest ${r.test}${r.passed ? "" : " (FAILED)"}: ${formatCounts(r.counts)} (whole tempest run, simulator side)`,
    );
  }
  emit("calls", lines, { latencyMs: latency, vftest: vftestRows, tempest: tempestRows ?? null });
}

async function tempestCalls(latency: number): Promise<{ test: string; passed: boolean; counts: Counts }[]> {
  const out: { test: string; passed: boolean; counts: Counts }[] = [];
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
      out.push({ test: name, passed: m.code === 0, counts: count(reqs) });
    } finally {
      await sim.stop();
      fs.rmSync(ws, { recursive: true, force: true });
      fs.rmSync(logFile, { force: true });
    }
  }
  return out;
}
