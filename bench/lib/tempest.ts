// Debian's Tempest (/usr/bin/tempest under /usr/bin/python3) for side-by-side figures: a throw-away workspace
// rendered from scripts/peer-tempest/ (the same config the peer run uses) against a benchmark's simulator.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./sim.js";

export const TEMPEST = "/usr/bin/tempest";
export const INSTALL_HINT = "bash scripts/ensure-debian-packages.sh /tmp/apt-bench.log peer-tempest";

export function tempestInstalled(): boolean {
  return fs.existsSync(TEMPEST);
}

export function tempestVersion(): string {
  try {
    return execFileSync("dpkg-query", ["-W", `-f=${"$"}{Version}`, "tempest"], { encoding: "utf8" });
  } catch {
    return "?";
  }
}

/** A Tempest workspace aimed at 127.0.0.1:<port>; remove it with fs.rmSync(ws, {recursive: true}). */
export function makeWorkspace(port: number): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-bench-tempest-"));
  for (const d of ["etc", "logs", "tempest_lock"]) fs.mkdirSync(path.join(ws, d));
  const peer = path.join(ROOT, "scripts/peer-tempest");
  const conf = fs
    .readFileSync(path.join(peer, "tempest.conf.in"), "utf8")
    .replaceAll("@WS@", ws)
    .replaceAll("@PORT@", String(port));
  fs.writeFileSync(path.join(ws, "etc/tempest.conf"), conf);
  fs.copyFileSync(path.join(peer, "accounts.yaml.in"), path.join(ws, "etc/accounts.yaml"));
  const pkgdir = execFileSync(
    "/usr/bin/python3",
    ["-c", "import os, tempest; print(os.path.dirname(os.path.dirname(tempest.__file__)))"],
    { encoding: "utf8" },
  ).trim();
  fs.writeFileSync(
    path.join(ws, ".stestr.conf"),
    `[DEFAULT]\ntest_path=${pkgdir}/tempest/test_discover\ntop_dir=${pkgdir}\ngroup_regex=([^\\.]*\\.)*\n`,
  );
  // `tempest run --list-tests` needs an stestr repository (a real `tempest run` would create it).
  execFileSync("/usr/bin/stestr", ["init"], { cwd: ws, env: tempestEnv(), stdio: "ignore" });
  return ws;
}

/** Environment for Debian's Python tools (not a pyenv python3 first on PATH). */
export function tempestEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `/usr/bin:/bin:${process.env.PATH ?? ""}`, PYTHON: "/usr/bin/python3" };
}
