#!/usr/bin/env node
// Entry point. `npm ci` compiles the sources into dist/ (the `prepare` script), so a user's `vftest` starts plain
// JavaScript; while any source file is newer than that build (a developer editing, a `git pull` without rebuild),
// the TypeScript sources run as-is under tsx instead, so stale JavaScript never runs. VFTEST_FROM_SOURCE=1 forces
// the sources. `import("tsx")` registers both of tsx's hooks (ESM and require()).
//
// Memory (issue 13: a run's processes <= 100 MiB): V8 sizes its heap for throughput, not for a process that mostly
// waits on a cloud. Left alone, the young generation grows to 2 x 16 MiB semi-spaces while the suite loads and
// never gives them back, and the old generation fills with dead objects up to several times the live heap before
// a full GC: together ~30 MiB of a ~130 MiB process. HEAP_FLAGS keep the young generation at its initial
// 2 x 1 MiB (growth factor 1), scavenge it on this thread (a 1 MiB scavenge is not worth waking helper threads)
// and start a full GC once the old generation is 20% above what the last one left. They are set here, first
// thing, with v8.setFlagsFromString, so every way of starting vftest gets them (`vftest`, `npm start`,
// `node bin/vftest.js`, `--shard`); V8 reads them at each GC. (On the command line V8 raises a growth factor
// below 2 to 2, so parallel workers get the equivalent --max-semi-space-size=1 instead: lib/runner/compiled.ts.)
// Cost, measured in bench/README.md: ~0.3 s more CPU per 5 scenarios (~10%), wall time unchanged.
// --no-sparkplug: V8's baseline compiler turns every warm function into machine code kept beside its bytecode; in a
// process that waits on I/O that buys nothing measurable (same CPU per run) and costs 4-7 MiB once the embedded
// cloud's code runs in the same process (bench/README.md).
// --no-opt: no TurboFan. Its compile jobs run on a helper thread, with their working memory (zones) allocated
// there; on the whole suite embedded that costs 5-8 MiB of peak RSS (as much as --no-concurrent-recompilation on
// the command line saves; V8 reads that flag only when the isolate starts, too early for this file), for no
// measurable CPU: the process waits on the cloud, and JSON, crypto and SSH framing are native code.
// A user's own semi-space, heap-growing, sparkplug or opt/turbofan flags (node flags or NODE_OPTIONS) win: then
// nothing is set.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";

// Keep in step with WORKER_HEAP_FLAGS in lib/runner/compiled.ts.
const HEAP_FLAGS = [
  "--semi-space-growth-factor=1",
  "--no-parallel-scavenge",
  "--heap-growing-percent=20",
  "--no-sparkplug",
  "--no-opt",
];
const userHeapFlags = /semi[-_]space|heap[-_]growing|sparkplug|--(no-)?(opt|turbofan)(\s|=|$)/.test(
  `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`,
);
if (!userHeapFlags) v8.setFlagsFromString(HEAP_FLAGS.join(" "));

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const STAMP = path.join(root, "dist", ".build-stamp");
// Keep in step with tsconfig.build.json's "include".
const SOURCES = ["bin", "lib", "sim", "tests/api", "tests/scenario"];

function newestSource(dir, limit) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (newestSource(full, limit)) return true;
    } else if (e.name.endsWith(".ts") && fs.statSync(full).mtimeMs > limit) {
      return true;
    }
  }
  return false;
}

function compiledIsFresh() {
  if (process.env.VFTEST_FROM_SOURCE === "1") return false;
  let built;
  try {
    built = fs.statSync(STAMP).mtimeMs;
  } catch {
    return false;
  }
  return !SOURCES.some((d) => newestSource(path.join(root, d), built));
}

let main;
if (compiledIsFresh()) {
  ({ main } = await import("../dist/bin/cli/main.js"));
} else {
  await import("tsx");
  ({ main } = await import("./cli/main.ts"));
}
process.exitCode = await main(process.argv);
