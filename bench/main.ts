// `npm run bench [-- <figure>... [options]]`: measures vftest's cost, side by side with Debian's Tempest where the
// figure has a Tempest counterpart. Scripts that print figures, never timed tests: nothing here passes or fails on
// a number; the exit code is 0 unless a figure could not be measured. bench/README.md explains every figure.

import path from "node:path";
import { parseArgs } from "node:util";
import { calls } from "./calls.js";
import { detect } from "./detect.js";
import { benchDebug } from "./lib/debug.js";
import { memory } from "./memory.js";
import { overhead } from "./overhead.js";
import { scaling } from "./scaling.js";
import { startup } from "./startup.js";

const FIGURES = ["startup", "overhead", "calls", "detect", "scaling", "memory"] as const;
type Figure = (typeof FIGURES)[number];

const USAGE = `usage: npm run bench -- [${FIGURES.join("|")}]... [options]
  (no figure: all of them; about 10 minutes on 2 vCPU with the defaults)
  --runs N          startup: measured runs of each command (default 5)
  --latency MS,...  overhead: per-transition latencies (default 2000,2500); scaling: one value (default 1000)
  --grep REGEX      overhead/calls/scaling/memory: test ids to run (default: cold migration and resize)
  --all             overhead/calls/scaling/memory: the whole scenario suite (slower)
  --notifications   overhead/calls: the cloud also sends Nova's versioned notifications to a private RabbitMQ
                    (the fifth layer is checked, and the move waits poll when its step-ended notification comes)
  --gaps            overhead: also print, per test, each stretch outside the critical path and its requests
  --injections N    detect: injected failures (default 10)
  --interval S      detect: poll interval in seconds (build_interval, default 0.5)
  --keep            keep each benchmark cloud's directory (its config, vftest's results and logs); prints where
  --cpu-prof DIR    vftest's process and the cloud's write V8 CPU profiles into DIR (where the time goes)`;

const DEFAULT_GREP = "scenario\\.test_(cold_migration|resize)\\.";

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (e) {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const unknown = positionals.filter((p) => !FIGURES.includes(p as Figure));
  if (unknown.length) {
    console.error(`bench: unknown figure ${unknown.join(", ")}\n${USAGE}`);
    return 2;
  }
  benchDebug.keep = values.keep ?? false;
  if (values["cpu-prof"]) benchDebug.cpuProfDir = path.resolve(values["cpu-prof"]);
  const figures = positionals.length ? (positionals as Figure[]) : [...FIGURES];
  const grep = values.all ? undefined : (values.grep ?? DEFAULT_GREP);
  const latencies = (values.latency ?? "").split(",").filter(Boolean).map(Number);
  if (latencies.some((n) => !Number.isFinite(n) || n < 0)) {
    console.error(`bench: --latency ${values.latency}: expected milliseconds, e.g. 2000,2500`);
    return 2;
  }
  const num = (v: string | undefined, d: number, flag: string) => {
    const n = v === undefined ? d : Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} ${v}: expected a positive number`);
    return n;
  };
  let failed = 0;
  for (const f of figures) {
    try {
      if (f === "startup") await startup({ runs: num(values.runs, 5, "--runs") });
      if (f === "overhead")
        await overhead({
          latencies: latencies.length ? latencies : [2000, 2500],
          grep,
          notifications: values.notifications,
          gaps: values.gaps,
        });
      if (f === "calls") await calls({ grep, notifications: values.notifications });
      if (f === "detect") {
        await detect({
          injections: num(values.injections, 10, "--injections"),
          intervalS: num(values.interval, 0.5, "--interval"),
        });
      }
      if (f === "scaling") await scaling({ latencyMs: latencies[0] ?? 1000, grep });
      if (f === "memory") await memory({ grep });
    } catch (e) {
      failed++;
      console.error(`bench ${f}: not measured: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return failed ? 1 : 0;
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: "string" },
      latency: { type: "string" },
      grep: { type: "string" },
      all: { type: "boolean" },
      notifications: { type: "boolean" },
      gaps: { type: "boolean" },
      injections: { type: "string" },
      interval: { type: "string" },
      keep: { type: "boolean" },
      "cpu-prof": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

process.exitCode = await main();
