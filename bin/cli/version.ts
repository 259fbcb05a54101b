// The vftest version, from the package.json next to bin/ (the one source of truth; also shown in summary.md).

import fs from "node:fs";

export function vftestVersion(): string {
  // bin/cli/ in a checkout, dist/bin/cli/ when compiled (npm run build): the package.json is two or three up.
  const here = new URL("../../package.json", import.meta.url);
  const file = fs.existsSync(here) ? here : new URL("../../../package.json", import.meta.url);
  const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}
