// The leak check's record for `vftest run` on the embedded cloud (lib/target/leaks.ts finds the leaks): leaks.json
// names each resource; run-end.ts prints the verdict.

import fs from "node:fs";
import path from "node:path";
import type { Leak } from "../../lib/target/leaks.js";

export function writeLeaks(leaks: Leak[], runDir: string): void {
  fs.writeFileSync(path.join(runDir, "leaks.json"), `${JSON.stringify(leaks, null, 2)}\n`);
}
