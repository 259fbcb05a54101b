// Temp-directory helpers for the config tests: every test gets its own HOME and cwd, so nothing on the machine
// (a real ~/.config/openstack/clouds.yaml, an exported OS_PASSWORD) can leak in.

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ConfigError, type ConfigProblem, type LoadConfigOptions, loadConfig } from "../../../lib/config/index.js";

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), "vftest-config-"));

  write(rel: string, text: string, mode = 0o600): string {
    const p = join(this.path, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    chmodSync(p, mode);
    return p;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** A minimal environment: HOME in the temp dir, nothing else. */
export function baseEnv(dir: TempDir, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HOME: dir.path, ...extra };
}

/** Enough for loadConfig to succeed: a Keystone URL, member credentials and an image. */
export const VALID_ENV: NodeJS.ProcessEnv = {
  OS_AUTH_URL: "http://127.0.0.1:5000/v3",
  OS_USERNAME: "demo",
  OS_PASSWORD: "S3cr3t-pa55",
  OS_PROJECT_NAME: "demo",
};
export const IMAGE = { compute: { image_ref: "img-1" } };

/** Runs loadConfig expecting a ConfigError; returns it. */
export function loadError(opts: LoadConfigOptions): ConfigError {
  try {
    loadConfig(opts);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected loadConfig to throw a ConfigError, but it succeeded");
}

export function problemFor(err: ConfigError, key: string): ConfigProblem {
  const p = err.problems.find((x) => x.key === key);
  if (!p) throw new Error(`no problem for ${key}; problems were:\n${err.message}`);
  return p;
}
