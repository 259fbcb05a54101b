// A child process serving the embedded cloud for a benchmark, with the step latencies the benchmark chooses, so the
// cloud's CPU and memory are not charged to the vftest process being measured. Argument: a JSON object
// {"hosts": N, "baseMs": ms, "perStep": {...}, "faults": [...]}. Prints one JSON line (url, config overrides for
// vftest) once the cloud answers, then serves until SIGTERM/SIGINT.

import { overridesFor } from "../../lib/target/embedded.js";
import { startCloud } from "../../sim/cloud.js";

interface SimArgs {
  hosts?: number;
  baseMs?: number;
  perStep?: Record<string, number>;
  faults?: string[];
  workers?: number;
}

const args = JSON.parse(process.argv[2] ?? "{}") as SimArgs;
const hosts = args.hosts ?? 2;
const cloud = await startCloud({
  hosts,
  faults: args.faults ?? [],
  timing: { baseMs: args.baseMs, perStep: args.perStep },
  log: () => undefined,
});
const config = overridesFor(cloud, {
  release: "2026.2",
  hosts,
  withCredentials: true,
  dynamicCredentials: (args.workers ?? 1) > 1,
});
process.stdout.write(`${JSON.stringify({ url: cloud.url, pid: process.pid, config })}\n`);
const stop = async () => {
  await cloud.stop();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
