// The leak check's record for `vftest run`: what the tests' teardowns had to remove (Nova left it behind: checks
// marked `leak` in results.json, on any cloud) and, on the embedded cloud, what is still there after the run
// (lib/target/leaks.ts finds those). Either fails the run; leaks.json names each; run-end.ts prints the verdict.

import fs from "node:fs";
import path from "node:path";
import { readResultsJson } from "../../lib/report/results.js";
import { RESULT_FILES } from "../../lib/runner/results-dir.js";
import type { Leak } from "../../lib/target/leaks.js";

export function writeLeaks(leaks: Leak[], runDir: string): void {
  fs.writeFileSync(path.join(runDir, "leaks.json"), `${JSON.stringify(leaks, null, 2)}\n`);
}

/** The leftovers the tests' teardowns removed, from the run's results.json (kind "teardown"). */
export function teardownLeaks(runDir: string): Leak[] {
  const file = path.join(runDir, RESULT_FILES.results);
  if (!fs.existsSync(file)) return [];
  return readResultsJson(file)
    .checks.filter((c) => c.leak)
    .map((c) => ({ kind: "teardown", id: c.share ?? c.testUuid, name: `${c.what} (test ${c.testUuid})` }));
}
