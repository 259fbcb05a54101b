// Runs the real `vftest` command as a child process, the way a user or CI does; and one RabbitMQ broker shared by a
// file's runs (each `vftest run` would otherwise start its own, ~6 s and a busy core each time).

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Broker, brokerAvailable, startBroker } from "../../sim/notifications/broker.js";

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  runDir?: string;
}

export function vftest(
  args: string[],
  opts: {
    resultsDir: string;
    onOutput?: (chunk: string, kill: (s: NodeJS.Signals) => void) => void;
    /** Added to the child's environment (e.g. sharedBroker's VFTEST_NOTIFICATIONS_URL). */
    env?: NodeJS.ProcessEnv;
  } = {
    resultsDir: "",
  },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/vftest.js", ...args, "--results-dir", opts.resultsDir], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, OS_CLOUD: "", OS_AUTH_URL: "", VFTEST_CONFIG: "", ...opts.env },
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

/**
 * Call inside a describe: one private RabbitMQ for its runs (started in `before`, stopped in `after`). `env()` is
 * what to pass as vftest's `env` — VFTEST_NOTIFICATIONS_URL, so the runs use it instead of starting their own;
 * empty when rabbitmq-server is not installed (a run then reports the layer not checked, or under CI=true fails
 * as it would without the shared broker). A test whose point is the run's own broker simply does not pass it.
 */
export function sharedBroker(): { env(): NodeJS.ProcessEnv } {
  let broker: Broker | undefined;
  before(async function () {
    this.timeout(90_000);
    if (brokerAvailable()) broker = await startBroker();
  });
  after(async () => broker?.stop());
  return { env: () => (broker ? { VFTEST_NOTIFICATIONS_URL: broker.url } : {}) };
}
