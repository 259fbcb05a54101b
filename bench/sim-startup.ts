// Benchmark: how long the embedded cloud takes to start and answer Keystone, and how much memory it holds, over N
// starts. Prints figures; not a test (run: node --import tsx bench/sim-startup.ts [N]).

import { startCloud } from "../sim/index.js";

const runs = Number(process.argv[2] ?? "5");
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const cloud = await startCloud({ hosts: 2 });
  const r = await fetch(`${cloud.authUrl}`);
  if (!r.ok) throw new Error(`identity answered ${r.status}`);
  times.push(performance.now() - t0);
  await cloud.stop();
}
const rssMb = process.memoryUsage().rss / 2 ** 20;
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log(
  `sim start-up (2 hosts, until Keystone answers): median ${median.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms over ${runs} starts`,
);
console.log(`process RSS after ${runs} starts and stops: ${rssMb.toFixed(0)} MB`);
