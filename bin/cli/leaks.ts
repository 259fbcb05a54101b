// The leak check's verdict for `vftest run` on the embedded cloud (lib/target/leaks.ts finds the leaks): the run
// fails and leaks.json names each resource.

import fs from "node:fs";
import path from "node:path";
import type { Leak } from "../../lib/target/leaks.js";

export function reportLeaks(leaks: Leak[], runDir: string, err: (s: string) => void): void {
  fs.writeFileSync(path.join(runDir, "leaks.json"), `${JSON.stringify(leaks, null, 2)}\n`);
  if (leaks.length === 0) {
    err("vftest: leak check: the embedded cloud holds nothing the run created\n");
    return;
  }
  err(`vftest: LEAK: ${leaks.length} resource(s) the run created are still there:\n`);
  for (const l of leaks)
    err(`  ${l.kind} ${l.id}${l.name ? ` (${l.name})` : ""}${l.project_id ? ` project ${l.project_id}` : ""}\n`);
}
