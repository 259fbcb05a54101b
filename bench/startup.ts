// Figure "startup": how long `vftest list` takes and how much memory it holds, against
// `tempest run --list-tests --regex test_migrations` on the same machine in the same run (interleaved, so a noisy
// neighbour hits both), and Node's own start as the floor. Target: vftest ≥ 5× faster, ≤ 60 MB RSS.

import fs from "node:fs";
import { type Measured, measure } from "./lib/proc.js";
import { emit, mb, median, secs } from "./lib/report.js";
import { INSTALL_HINT, makeWorkspace, TEMPEST, tempestEnv, tempestInstalled, tempestVersion } from "./lib/tempest.js";
import { VFTEST_BIN, VFTEST_ROOT } from "./lib/vftest.js";

interface Series {
  wallMs: number[];
  rssKb: number[];
}

const empty = (): Series => ({ wallMs: [], rssKb: [] });

function add(s: Series, m: Measured, what: string): void {
  if (m.code !== 0) throw new Error(`${what} exited ${m.code}: ${m.stderr.slice(-1000)}`);
  s.wallMs.push(m.wallMs);
  s.rssKb.push(m.maxRssKb);
}

export async function startup(opts: { runs: number }): Promise<void> {
  const env = { ...process.env, VFTEST_CONFIG: "", OS_CLOUD: "", OS_AUTH_URL: "" };
  const node = empty();
  const vftest = empty();
  const tempest = empty();
  const ws = tempestInstalled() ? makeWorkspace(1) : undefined;
  try {
    // One warm-up each (page cache), then interleaved runs.
    await measure(process.execPath, [VFTEST_BIN, "list"], { cwd: VFTEST_ROOT, env });
    if (ws)
      await measure(TEMPEST, ["run", "--list-tests", "--regex", "test_migrations"], { cwd: ws, env: tempestEnv() });
    for (let i = 0; i < opts.runs; i++) {
      add(node, await measure(process.execPath, ["-e", "0"], { sampleMs: 10 }), "node -e 0");
      add(
        vftest,
        await measure(process.execPath, [VFTEST_BIN, "list"], { cwd: VFTEST_ROOT, env, sampleMs: 10 }),
        "vftest list",
      );
      if (ws) {
        const args = ["run", "--list-tests", "--regex", "test_migrations"];
        add(tempest, await measure(TEMPEST, args, { cwd: ws, env: tempestEnv(), sampleMs: 20 }), "tempest");
      }
    }
  } finally {
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  }
  const v = median(vftest.wallMs);
  const lines = [
    `startup vftest list: ${secs(v)} median of ${opts.runs}, peak RSS ${mb(median(vftest.rssKb))} (target <= 60 MB); node itself ${secs(median(node.wallMs))}`,
  ];
  if (ws) {
    const t = median(tempest.wallMs);
    lines.push(
      `startup tempest run --list-tests: ${secs(t)}, peak RSS ${mb(median(tempest.rssKb))} (largest process); vftest is ${(t / v).toFixed(2)}x faster (target >= 5x)`,
    );
  } else {
    lines.push(`startup tempest: not measured, ${TEMPEST} is not installed (install: ${INSTALL_HINT})`);
  }
  emit("startup", lines, {
    runs: opts.runs,
    node,
    vftest,
    tempest: ws ? { ...tempest, version: tempestVersion() } : null,
  });
}
