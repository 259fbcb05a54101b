// A child process serving the embedded cloud for a benchmark, with the step latencies the benchmark chooses, so the
// cloud's CPU and memory are not charged to the vftest process being measured. Argument: a JSON object
// {"hosts": N, "baseMs": ms, "perStep": {...}, "faults": [...], "notifications": true}. Prints one JSON line (url,
// config overrides for vftest) once the cloud answers, then serves until SIGTERM/SIGINT. With "notifications", a
// private RabbitMQ is started and the cloud sends Nova's versioned notifications to it, as `vftest run` does.

import fs from "node:fs";
import { notificationOverrides, overridesFor } from "../../lib/target/embedded.js";
import { startCloud } from "../../sim/cloud.js";
import { startBroker } from "../../sim/notifications/broker.js";
import type { SimSettings } from "./sim.js";

/** What the parent (sim.ts) asks for; its vftest config overrides stay on its side. */
type SimArgs = Omit<SimSettings, "config">;

const args = JSON.parse(process.argv[2] ?? "{}") as SimArgs;
const hosts = args.hosts ?? 2;
const broker = args.notifications ? await startBroker() : undefined;
const cloud = await startCloud({
  ...(broker ? { notifications: { url: broker.url } } : {}),
  hosts,
  faults: args.faults ?? [],
  timing: { baseMs: args.baseMs, perStep: args.perStep },
  log: args.requestLog
    ? (line) => fs.appendFileSync(args.requestLog as string, `${Date.now()} ${line}\n`)
    : () => undefined,
});
const config = overridesFor(cloud, {
  release: "2026.2",
  hosts,
  withCredentials: true,
  dynamicCredentials: (args.workers ?? 1) > 1,
});
if (broker) Object.assign(config, notificationOverrides(broker.url));
process.stdout.write(`${JSON.stringify({ url: cloud.url, pid: process.pid, config })}\n`);
const stop = async () => {
  await cloud.stop();
  await broker?.stop();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
