// Run a command and measure it: wall time, exit code, output, and the peak resident memory (VmHWM) of every process
// in its tree, sampled every 50 ms from /proc (a process that lives less than one sample may be missed; the root
// process's own peak is read once more just before it is reaped).

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** GNU time (Debian package `time`), for the exact peak RSS; without it the 50 ms samples are used alone. */
export const GNU_TIME = "/usr/bin/time";

export interface ProcPeak {
  pid: number;
  command: string;
  peakKb: number;
}

export interface Measured {
  code: number | null;
  wallMs: number;
  stdout: string;
  stderr: string;
  /** Peak RSS of every process seen in the tree, largest first. */
  processes: ProcPeak[];
  /** Largest single process (what `/usr/bin/time -v` reports). */
  maxRssKb: number;
  /** Largest sum of the tree's current RSS at one sample (processes alive together). */
  treeRssKb: number;
}

function readStatus(pid: number): { ppid: number; hwm: number; rss: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const num = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? "0");
    return { ppid: num("PPid"), hwm: num("VmHWM"), rss: num("VmRSS") };
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ").slice(0, 160);
  } catch {
    return "?";
  }
}

/** Pids of `root` and all its descendants now. */
export function treeOf(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStatus(Number(name));
    if (s) parent.set(Number(name), s.ppid);
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    for (const [pid, ppid] of parent) if (ppid === out[i]) out.push(pid);
  }
  return out;
}

export class TreeSampler {
  readonly peaks = new Map<number, ProcPeak>();
  treeRssKb = 0;
  private timer: NodeJS.Timeout;
  constructor(
    private readonly root: number,
    everyMs = 50,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
  }
  sample(): void {
    let sum = 0;
    for (const pid of treeOf(this.root)) {
      const s = readStatus(pid);
      if (!s) continue;
      sum += s.rss;
      const prev = this.peaks.get(pid);
      if (!prev) this.peaks.set(pid, { pid, command: commandOf(pid), peakKb: s.hwm });
      else prev.peakKb = Math.max(prev.peakKb, s.hwm);
    }
    this.treeRssKb = Math.max(this.treeRssKb, sum);
  }
  stop(): ProcPeak[] {
    clearInterval(this.timer);
    return [...this.peaks.values()].sort((a, b) => b.peakKb - a.peakKb);
  }
}

export function measure(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; sampleMs?: number } = {},
): Promise<Measured> {
  // GNU time's "%M" is the exact peak of the largest process it waited for (getrusage RUSAGE_CHILDREN).
  const timeFile = path.join(os.tmpdir(), `vftest-bench-time-${process.pid}-${Date.now()}-${Math.random()}.txt`);
  const useTime = fs.existsSync(GNU_TIME);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const [cmd, argv] = useTime ? [GNU_TIME, ["-f", "%M", "-o", timeFile, command, ...args]] : [command, args];
    const child = spawn(cmd, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    if (child.pid === undefined) {
      reject(new Error(`could not start ${command}`));
      return;
    }
    const sampler = new TreeSampler(child.pid, opts.sampleMs);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill("SIGTERM"), opts.timeoutMs) : undefined;
    child.on("error", reject);
    child.on("exit", () => sampler.sample());
    child.on("close", (code) => {
      const wallMs = performance.now() - t0;
      if (timer) clearTimeout(timer);
      const processes = sampler.stop().filter((p) => !p.command.startsWith(GNU_TIME));
      let exactKb = 0;
      if (useTime) {
        exactKb = Number(/(\d+)\s*$/.exec(fs.readFileSync(timeFile, "utf8"))?.[1] ?? "0");
        fs.rmSync(timeFile, { force: true });
      }
      resolve({
        code,
        wallMs,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        processes,
        maxRssKb: Math.max(exactKb, ...processes.map((p) => p.peakKb)),
        treeRssKb: sampler.treeRssKb,
      });
    });
  });
}
