// Figure "memory": peak RSS (VmHWM) of every process of a `vftest run` as a user runs it: the embedded cloud started
// in-process (the default), then the same tests against the cloud in its own process (the harness alone).
// Target: peak RSS of a run ≤ 100 MiB. Tempest's reference: worker ~101 MB, CLI ~92 MB, ~192 MiB together.
// BENCH_MEMORY=suite runs what `npm start` runs (no selection: tests/api + tests/scenario) instead of the scenarios
// picked by --grep / --all; BENCH_MEMORY_ROWS=embedded,harness picks the rows (default both).
// The embedded run's figure is vftest's own process (bin/vftest.js); RabbitMQ, which an embedded run may start for
// the notification layer, is a cloud's process and is listed apart (GNU time's single peak would be its).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { measure } from "./lib/proc.js";
import { emit, mb, secs } from "./lib/report.js";
import { startSim } from "./lib/sim.js";
import { runVftest, VFTEST_BIN, VFTEST_ROOT } from "./lib/vftest.js";

const ROWS = ["embedded", "harness"] as const;
const mib = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;

export async function memory(opts: { grep?: string }): Promise<void> {
  const suite = process.env.BENCH_MEMORY === "suite";
  if (process.env.BENCH_MEMORY && !suite) throw new Error(`BENCH_MEMORY=suite (got ${process.env.BENCH_MEMORY})`);
  const rows = (process.env.BENCH_MEMORY_ROWS ?? ROWS.join(",")).split(",").map((s) => s.trim());
  const bad = rows.filter((r) => !(ROWS as readonly string[]).includes(r));
  if (bad.length) throw new Error(`BENCH_MEMORY_ROWS=${ROWS.join(",")} (got ${bad.join(",")})`);
  const select = suite ? [] : [...(opts.grep ? ["--grep", opts.grep] : []), "tests/scenario"];
  const lines: string[] = [];
  const data: Record<string, unknown> = { grep: suite ? null : (opts.grep ?? null), suite };
  if (rows.includes("embedded")) {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-bench-mem-"));
    let embedded: Awaited<ReturnType<typeof measure>>;
    try {
      embedded = await measure(process.execPath, [VFTEST_BIN, "run", "--results-dir", base, ...select], {
        cwd: VFTEST_ROOT,
        env: { ...process.env, VFTEST_CONFIG: "", OS_CLOUD: "", OS_AUTH_URL: "" },
        timeoutMs: 30 * 60_000,
      });
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
    if (embedded.code !== 0) {
      const why = embedded.stderr.trim().split("\n").slice(-3).join(" | ");
      lines.push(`memory embedded run: exit ${embedded.code}, not a complete run: ${why.slice(0, 400)}`);
    }
    const vftest = embedded.processes.find((p) => p.command.includes(VFTEST_BIN));
    lines.push(
      `memory embedded run (cloud in-process${suite ? ", whole suite" : ""}): vftest peak RSS ${vftest ? mib(vftest.peakKb) : "not seen"} (target <= 100 MiB), wall ${secs(embedded.wallMs)}, exit ${embedded.code}; ${embedded.processes.map((p) => `${p.command.split(" ").slice(1, 3).join(" ")} ${mb(p.peakKb)}`).join(", ")}`,
    );
    data.embedded = embedded.processes;
  }
  if (rows.includes("harness")) {
    const sim = await startSim({ baseMs: 20 });
    try {
      const harness = await runVftest(sim, select, "memory");
      lines.push(
        `memory harness alone (cloud in its own process): vftest ${mb(harness.measured.maxRssKb)}, simulator ${mb(sim.peakRssKb())}`,
      );
      data.harness = harness.measured.processes;
    } finally {
      await sim.stop();
    }
  }
  emit("memory", lines, data);
}
