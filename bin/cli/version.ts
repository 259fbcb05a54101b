// The vftest version, from the package.json next to bin/ (the one source of truth; also shown in summary.md).

import fs from "node:fs";

export function vftestVersion(): string {
  const file = new URL("../../package.json", import.meta.url);
  const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}
