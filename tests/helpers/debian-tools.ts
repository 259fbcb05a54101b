// For vftest's own tests that call an optional Debian tool (python-subunit, Tempest, QEMU, ...). When the tool is
// missing the test FAILS in CI (CI=true: `.ci/run` installs every package in scripts/debian-packages.txt, so a
// missing tool there is a broken CI set-up) and is skipped elsewhere — both with the package to install.
import fs from "node:fs";
import path from "node:path";
import { skipWithReason } from "../../lib/run/skips.js";

export interface DebianTool {
  /** Absolute path of the command, or `py:<module>` for a Python module run under /usr/bin/python3. */
  tool: string;
  /** The Debian package that provides it (a row of scripts/debian-packages.txt). */
  pkg: string;
}

export const inCi = (): boolean => /^(1|true|yes)$/i.test(process.env.CI ?? "");

const PY_DIRS = ["/usr/lib/python3/dist-packages", "/usr/local/lib/python3/dist-packages"];

/** Is the tool there? Python modules are looked up as Debian installs them (a package dir or a module file). */
export function hasTool(tool: string): boolean {
  if (!tool.startsWith("py:")) return fs.existsSync(tool);
  const mod = tool.slice(3).replaceAll(".", "/");
  return PY_DIRS.some((d) => fs.existsSync(path.join(d, mod)) || fs.existsSync(path.join(d, `${mod}.py`)));
}

/** The reason a test cannot run, naming what to install; undefined when every tool is there. */
export function missingToolsReason(tools: DebianTool[]): string | undefined {
  const missing = tools.filter((t) => !hasTool(t.tool));
  if (missing.length === 0) return undefined;
  const pkgs = [...new Set(missing.map((t) => t.pkg))];
  return (
    `missing ${missing.map((t) => t.tool).join(", ")}: apt-get install -y --no-install-recommends ${pkgs.join(" ")}` +
    " (or run .ci/run, which installs every package in scripts/debian-packages.txt)"
  );
}

/** In a mocha hook or test: fail in CI, skip elsewhere, when a tool is missing. */
export function requireDebianTools(ctx: Mocha.Context, tools: DebianTool[]): void {
  const reason = missingToolsReason(tools);
  if (!reason) return;
  if (inCi()) throw new Error(`CI=true and a Debian tool this test needs is missing — ${reason}`);
  skipWithReason(ctx, reason);
}
