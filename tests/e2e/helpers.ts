// Runs the real `vftest` command as a child process, the way a user or CI does.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  runDir?: string;
}

export function vftest(
  args: string[],
  opts: { resultsDir: string; onOutput?: (chunk: string, kill: (s: NodeJS.Signals) => void) => void } = {
    resultsDir: "",
  },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/vftest.js", ...args, "--results-dir", opts.resultsDir], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, OS_CLOUD: "", OS_AUTH_URL: "", VFTEST_CONFIG: "" },
    });
    let out = "";
    const onData = (d: Buffer) => {
      const s = d.toString();
      out += s;
      opts.onOutput?.(s, (sig) => child.kill(sig));
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const m = /results(?: in|:) (\S+?)(?:;|\s|$)/.exec(out);
      resolve({ code, signal, out, runDir: m?.[1] });
    });
  });
}

export function readJson<T>(runDir: string, file: string): T {
  return JSON.parse(readFileSync(join(runDir, file), "utf8")) as T;
}
