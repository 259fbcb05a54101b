// Output of a figure: its summary lines on stdout and its data as JSON under bench/results/ (git-ignored):
// <figure>-<UTC stamp>.json plus <figure>-latest.json.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./sim.js";

export const RESULTS_DIR = path.join(ROOT, "bench/results");

export function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "?";
  return `${os.hostname()} ${os.cpus().length} vCPU ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
}

/** BENCH_LABEL=before: result files named before-<figure>-*.json and summary lines prefixed "[before]". */
const LABEL = process.env.BENCH_LABEL ?? "";

export function emit(name: string, lines: string[], data: unknown): void {
  const figure = LABEL ? `${LABEL}-${name}` : name;
  for (const l of lines) console.log(LABEL ? `[${LABEL}] ${l}` : l);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "").slice(0, 15);
  const doc = JSON.stringify(
    { figure, at: new Date().toISOString(), machine: machine(), summary: lines, data },
    null,
    2,
  );
  fs.writeFileSync(path.join(RESULTS_DIR, `${figure}-${stamp}Z.json`), `${doc}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, `${figure}-latest.json`), `${doc}\n`);
}

export const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(q * s.length))] as number) : Number.NaN;
}
