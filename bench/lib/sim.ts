// The embedded cloud in its own process for benchmarks (sim-server.ts), with its control API: latency report of a
// window (the critical path), step latencies and faults changed between runs, and the cloud process's peak RSS.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { stringify } from "yaml";
import { benchDebug, cpuProfFlags } from "./debug.js";
import { TreeSampler } from "./proc.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface SimSettings {
  hosts?: number;
  baseMs?: number;
  perStep?: Record<string, number>;
  faults?: string[];
  workers?: number;
  /** Start a private RabbitMQ and send Nova's versioned notifications to it (vftest checks that layer). */
  notifications?: boolean;
  /** Simulator-side request log file (see sim-server.ts). */
  requestLog?: string;
  /** Extra vftest config overrides (merged over the cloud's own), e.g. {compute: {build_interval: 1}}. */
  config?: Record<string, Record<string, unknown>>;
}

export interface LatencyReport {
  critical_path_ms: number;
  spans: { step: string; start: number; end: number }[];
  marks: { event: string; at: number; detail?: string }[];
}

export interface SimProcess {
  url: string;
  pid: number;
  configPath: string;
  dir: string;
  latencies(from: number, to: number): Promise<LatencyReport>;
  setTiming(baseMs: number, perStep: Record<string, number>): Promise<void>;
  peakRssKb(): number;
  stop(): Promise<void>;
}

/** Step latencies where every server status transition a test waits for takes `ms` (as in Tempest's timed fake):
 * create, delete, stop, start, migrate/resize (to VERIFY_RESIZE), confirm, revert; every other step keeps baseMs. */
export function transitionSteps(ms: number): Record<string, number> {
  const steps = ["boot", "delete", "power-off", "power-on", "migrate.finish_resize", "migrate.confirm_resize"];
  return Object.fromEntries([...steps, "migrate.finish_revert_resize"].map((s) => [s, ms]));
}

type Json = Record<string, unknown>;

/** Poll settings of a real cloud (vftest's and Tempest's default build_interval), not the embedded cloud's 50 ms. */
export const REAL_CLOUD_POLLING = { compute: { build_interval: 1, build_timeout: 300 } };

/** One line of the simulator-side request log. */
export interface SimRequestLine {
  at: number;
  method: string;
  path: string;
  status: number;
}

export function readSimRequests(file: string): SimRequestLine[] {
  if (!fs.existsSync(file)) return [];
  const out: SimRequestLine[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = /^(\d+) ([A-Z]+) (\S+) -> (\d+) /.exec(line);
    if (m) out.push({ at: Number(m[1]), method: m[2] as string, path: m[3] as string, status: Number(m[4]) });
  }
  return out;
}

export async function startSim(settings: SimSettings): Promise<SimProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-bench-"));
  const child = spawn(
    process.execPath,
    [...cpuProfFlags(), "--import", "tsx", path.join(ROOT, "bench/lib/sim-server.ts"), JSON.stringify(settings)],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the benchmark's simulator exited with ${code} before serving`)));
  });
  const ready = JSON.parse(first) as { url: string; pid: number; config: Json };
  const config = ready.config as Record<string, Record<string, unknown>>;
  for (const [section, values] of Object.entries(settings.config ?? {})) {
    config[section] = { ...config[section], ...values };
  }
  const configPath = path.join(dir, "vftest.yaml");
  fs.writeFileSync(configPath, stringify(config));
  const sampler = new TreeSampler(ready.pid, 200);
  const admin = (config.auth as Json).admin as Json;
  let token: string | undefined;
  const call = async (method: string, p: string, body?: unknown): Promise<Json> => {
    token ??= await login(ready.url, admin);
    const r = await fetch(`${ready.url}/sim${p}`, {
      method,
      headers: { "x-auth-token": token, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} /sim${p}: ${r.status} ${await r.text()}`);
    return (await r.json()) as Json;
  };
  return {
    url: ready.url,
    pid: ready.pid,
    configPath,
    dir,
    latencies: async (from, to) =>
      (await call("GET", `/v1/latencies?from=${Math.floor(from)}&to=${Math.ceil(to)}`)) as unknown as LatencyReport,
    setTiming: async (baseMs, perStep) => {
      await call("PUT", "/v1/timing", { base_ms: baseMs, per_step: perStep });
    },
    peakRssKb: () => {
      sampler.sample();
      return sampler.peaks.get(ready.pid)?.peakKb ?? 0;
    },
    stop: async () => {
      sampler.stop();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      if (benchDebug.keep) console.error(`bench: kept ${dir} (config, vftest's results)`);
      else fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function login(url: string, c: Json): Promise<string> {
  const r = await fetch(`${url}/identity/v3/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: c.username, password: c.password, domain: { name: c.user_domain_name } } },
        },
        scope: { project: { name: c.project_name, domain: { name: c.project_domain_name } } },
      },
    }),
  });
  const token = r.headers.get("x-subject-token");
  if (!token) throw new Error(`admin login to the benchmark's simulator failed: ${r.status}`);
  return token;
}
