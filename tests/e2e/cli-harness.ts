// For the cli-*.test.ts end-to-end tests: a standalone embedded cloud (`vftest sim start`) with its clouds.yaml and
// vftest config written to a temporary directory, and the real `vftest` command run against it as a child process.

import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

export interface StandaloneSim {
  dir: string;
  cloudsYaml: string;
  configFile: string;
  /** The vftest config snippet `sim start` printed (YAML text). */
  configText: string;
  url: string;
  /** `--config <file> --os-cloud vftest-sim --os-cloud-admin vftest-sim-admin` */
  cloudArgs: string[];
  /** Runs `node bin/vftest.js ...args` with OS_CLIENT_CONFIG_FILE pointing at this cloud's clouds.yaml. */
  vftest(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  stop(): Promise<void>;
}

const CLEAN_ENV = { OS_CLOUD: "", OS_AUTH_URL: "", OS_PASSWORD: "", OS_USERNAME: "", VFTEST_CONFIG: "" };

export function runVftest(args: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const bin = path.resolve(import.meta.dirname, "../../bin/vftest.js");
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...CLEAN_ENV, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

/** Starts `vftest sim start --port 0 --hosts 2 [extra]` and waits until it serves. */
export async function startSim(extra: string[] = []): Promise<StandaloneSim> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-cli-e2e-"));
  const bin = path.resolve(import.meta.dirname, "../../bin/vftest.js");
  const child: ChildProcess = spawn(process.execPath, [bin, "sim", "start", "--port", "0", "--hosts", "2", ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...CLEAN_ENV },
  });
  let out = "";
  let err = "";
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vftest sim start did not come up in 60 s:\n${err}`)), 60_000);
    // Ready when stderr says so AND stdout holds both documents (the two streams arrive in either order).
    const ready = () => {
      if (/Ctrl-C to stop/.test(err) && /^---$/m.test(out) && out.endsWith("\n")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      ready();
    });
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
      ready();
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`vftest sim start exited ${code}:\n${err}`));
    });
  });
  const [clouds = "", snippet = ""] = out.split(/^---$/m);
  const cloudsYaml = path.join(dir, "clouds.yaml");
  const configFile = path.join(dir, "vftest-sim.yaml");
  fs.writeFileSync(cloudsYaml, clouds, { mode: 0o600 });
  fs.writeFileSync(configFile, snippet, { mode: 0o600 });
  const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(err)?.[1] ?? "";
  return {
    dir,
    cloudsYaml,
    configFile,
    configText: snippet,
    url,
    cloudArgs: ["--config", configFile, "--os-cloud", "vftest-sim", "--os-cloud-admin", "vftest-sim-admin"],
    vftest: (args, env = {}) => runVftest(args, { OS_CLIENT_CONFIG_FILE: cloudsYaml, ...env }),
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
