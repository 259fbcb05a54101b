// Figure "memory": peak RSS (VmHWM) of every process of a `vftest run` as a user runs it: the embedded cloud started
// in-process (the default), then the same tests against the cloud in its own process (the harness alone).
// Target: peak RSS of a run ≤ 100 MiB. Tempest's reference: worker ~101 MB, CLI ~92 MB, ~192 MiB together.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { measure } from "./lib/proc.js";
import { emit, mb, secs } from "./lib/report.js";
import { startSim } from "./lib/sim.js";
import { runVftest, VFTEST_BIN, VFTEST_ROOT } from "./lib/vftest.js";

export async function memory(opts: { grep?: string }): Promise<void> {
  const select = [...(opts.grep ? ["--grep", opts.grep] : []), "tests/scenario"];
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-bench-mem-"));
  const lines: string[] = [];
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
  lines.push(
    `memory embedded run (cloud in-process): peak RSS ${mb(embedded.maxRssKb)} (target <= 100 MiB), wall ${secs(embedded.wallMs)}, exit ${embedded.code}; ${embedded.processes.map((p) => `${p.command.split(" ").slice(1, 3).join(" ")} ${mb(p.peakKb)}`).join(", ")}`,
  );
  const sim = await startSim({ baseMs: 20 });
  let harness: Awaited<ReturnType<typeof runVftest>>;
  try {
    harness = await runVftest(sim, select, "memory");
    lines.push(
      `memory harness alone (cloud in its own process): vftest ${mb(harness.measured.maxRssKb)}, simulator ${mb(sim.peakRssKb())}`,
    );
  } finally {
    await sim.stop();
  }
  emit("memory", lines, { grep: opts.grep ?? null, embedded: embedded.processes, harness: harness.measured.processes });
}
