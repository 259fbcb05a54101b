// The leak check's verdict for `vftest run`: what the tests' teardowns had to remove (Nova left it behind: checks
// marked `leak` in results.json, on any cloud) and, on the embedded cloud, what is still there after the run
// (lib/target/leaks.ts finds those). Either fails the run; leaks.json names each.

import fs from "node:fs";
import path from "node:path";
import { readResultsJson } from "../../lib/report/results.js";
import { RESULT_FILES } from "../../lib/runner/results-dir.js";
import type { Leak } from "../../lib/target/leaks.js";

/** The leftovers the tests' teardowns removed, from the run's results.json (kind "teardown"). */
export function teardownLeaks(runDir: string): Leak[] {
  const file = path.join(runDir, RESULT_FILES.results);
  if (!fs.existsSync(file)) return [];
  return readResultsJson(file)
    .checks.filter((c) => c.leak)
    .map((c) => ({ kind: "teardown", id: c.share ?? c.testUuid, name: `${c.what} (test ${c.testUuid})` }));
}

export function reportLeaks(leaks: Leak[], runDir: string, err: (s: string) => void): void {
  fs.writeFileSync(path.join(runDir, "leaks.json"), `${JSON.stringify(leaks, null, 2)}\n`);
  if (leaks.length === 0) {
    err("vftest: leak check: nothing left behind\n");
    return;
  }
  err(`vftest: LEAK: ${leaks.length} resource(s) left behind (removed by a teardown, or still there):\n`);
  for (const l of leaks)
    err(`  ${l.kind} ${l.id}${l.name ? ` (${l.name})` : ""}${l.project_id ? ` project ${l.project_id}` : ""}\n`);
}
