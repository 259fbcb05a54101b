// `--parallel N`: the parent selects the tests, splits them into N slices and forks one worker process per slice
// (worker.ts under tsx). Each worker gets its context (config with secrets included) and its test ids over the
// IPC channel, runs its slice in-process with its own credentials (the fixtures pick dynamic or accounts-file
// credentials by worker index) and writes its reports under `<resultsDir>/workers/<i>/`; the parent merges them.
// How the tests are dealt to the workers: schedule.ts.
// A worker that dies without reporting is a failure; its stderr tail is printed and saved as `crash.txt`.

import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CleanupResource } from "../common/cleanup.js";
import { writeLeftoversFile } from "../common/leftovers-file.js";
import { classIdFor } from "../report/test-identity.js";
import { attachRun, createRun } from "../run/run.js";
import { workerEntry } from "./compiled.js";
import { muteConsole } from "./console-gate.js";
import type { RunContext } from "./context.js";
import { type RunSignal, TERM_GRACE_MS } from "./interrupt.js";
import { mergeWorkerResults } from "./merge.js";
import type { RunOutcome, RunTotals } from "./run.js";
import { previousDurations, splitForWorkers } from "./schedule.js";
import { loadSuite, type Selection, selectTests } from "./select.js";

export interface ParallelRequest {
  context: RunContext;
  files: readonly string[];
  rootDir: string;
  selection: Selection;
  timeoutMs: number;
  workers: number;
  bail?: boolean;
  log?: (line: string) => void;
  /** Where worker console output goes (default: process.stdout). */
  write?: (text: string) => void;
  /** Told how many tests were selected, before the workers start (the parent's status line). */
  onSelected?: (total: number) => void;
}

/** Parent -> worker. */
export interface WorkerStart {
  type: "start";
  context: RunContext;
  files: string[];
  rootDir: string;
  ids: string[];
  timeoutMs: number;
  bail: boolean;
}

/** Parent -> worker: stop at once (the parent got a second signal or SIGTERM's grace ran out). */
export interface WorkerStopNow {
  type: "stop-now";
  signal: RunSignal;
}

/** Worker -> parent. */
export interface WorkerDone {
  type: "done";
  totals: RunTotals;
  interrupted?: RunSignal;
  /** What the worker's cleanup stacks still held when it stopped (the parent merges them into leftovers.json). */
  leftovers?: CleanupResource[];
}

const WORKER = workerEntry(path.dirname(fileURLToPath(import.meta.url)));
const STDERR_TAIL_LINES = 40;

export async function runParallel(req: ParallelRequest): Promise<RunOutcome> {
  const log = req.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const write = req.write ?? ((text: string) => process.stdout.write(text));
  // The same tests the workers will load: generated tests (host pairs) come from the run's settings.
  const { tests } = await loadSuite({
    files: req.files,
    rootDir: req.rootDir,
    beforeLoad: (root) => attachRun(root, createRun(req.context)),
  });
  const selected = selectTests(tests, req.selection);
  const matched = req.selection.shard
    ? selectTests(tests, { ...req.selection, shard: undefined }).length
    : selected.length;
  // Tests tagged "serial" change shared cloud state (e.g. disable compute services) and must not overlap with any
  // other test: they run after the parallel phase, one at a time, in a worker of their own.
  const serial = selected.filter((t) => t.tags.includes("serial"));
  const slices = splitForWorkers(
    selected.filter((t) => !t.tags.includes("serial")),
    req.workers,
    previousDurations(path.dirname(req.context.resultsDir)),
  );
  if (serial.length > 0) slices.push(serial);
  const phases = serial.length > 0 ? [slices.slice(0, -1), slices.slice(-1)] : [slices];
  req.onSelected?.(selected.length);
  const started = Date.now();
  const workerDirs = slices.map((_, i) => path.join(req.context.resultsDir, "workers", String(i)));
  const children: ChildProcess[] = [];
  let firstSignal: RunSignal | undefined;
  let stoppedNow = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const live = () => children.filter((c) => c.exitCode === null);
  // Second signal (or SIGTERM's grace over): the workers stop at once and report their leftovers over IPC; from
  // here on only the closing lines print, so their output is dropped.
  const stopNow = (why: string) => {
    if (stoppedNow) return;
    stoppedNow = true;
    log(`vftest: ${why}: stopping now; partial results are being written`);
    muteConsole();
    // Over IPC, not as a second signal: two signals sent close together may reach a worker as one.
    const message: WorkerStopNow = { type: "stop-now", signal: firstSignal ?? "SIGINT" };
    for (const c of live()) if (c.connected) c.send(message);
  };
  const forward = (sig: RunSignal) => {
    if (firstSignal) return stopNow(`${sig} again`);
    firstSignal = sig;
    log(`vftest: ${sig}: passing it to ${live().length} worker(s); no new tests will start`);
    for (const c of live()) c.kill(sig);
    if (sig === "SIGTERM") {
      graceTimer = setTimeout(() => stopNow(`SIGTERM grace of ${TERM_GRACE_MS / 1000}s over`), TERM_GRACE_MS);
    }
  };
  const onInt = () => forward("SIGINT");
  const onTerm = () => forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  const results: WorkerResult[] = [];
  try {
    let offset = 0;
    for (const phase of phases) {
      if (firstSignal) break;
      if (phase !== phases[0]) log(`vftest: running ${serial.length} serial test(s) alone`);
      const base = offset;
      const phaseResults = await Promise.all(
        phase.map((slice, j) => {
          const i = base + j;
          fs.mkdirSync(workerDirs[i], { recursive: true });
          const context: RunContext = {
            ...req.context,
            worker: { index: i, count: slices.length },
            resultsDir: workerDirs[i],
            requestLogPath: path.join(workerDirs[i], "requests.jsonl"),
          };
          const start: WorkerStart = {
            type: "start",
            context,
            files: [...req.files],
            rootDir: req.rootDir,
            ids: slice.map((t) => t.id),
            timeoutMs: req.timeoutMs,
            bail: req.bail ?? false,
          };
          return runWorker(start, { children, write, log });
        }),
      );
      results.push(...phaseResults);
      offset += phase.length;
    }
  } finally {
    clearTimeout(graceTimer);
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  }
  const totals: RunTotals = { total: selected.length, passed: 0, failed: 0, skipped: 0, notRun: 0, durationMs: 0 };
  const leftovers: CleanupResource[] = [];
  results.forEach((r, i) => {
    if (r.done) {
      totals.passed += r.done.totals.passed;
      totals.failed += r.done.totals.failed;
      totals.skipped += r.done.totals.skipped;
      totals.notRun += r.done.totals.notRun;
      leftovers.push(...(r.done.leftovers ?? []));
      firstSignal ??= r.done.interrupted;
    } else {
      totals.failed += 1;
      const why = `worker ${i} crashed (exit ${r.exitCode ?? r.signal}) before reporting; last stderr lines:\n${r.stderrTail}`;
      fs.writeFileSync(path.join(workerDirs[i], "crash.txt"), `${why}\n`);
      log(`vftest: ${why}`);
    }
  });
  totals.durationMs = Date.now() - started;
  // A selected test no worker reported (its worker was stopped before it; a phase that never started, e.g. the
  // serial phase after an interrupt) is written as not run everywhere and counted so.
  const notRun = await mergeWorkerResults({
    outDir: req.context.resultsDir,
    workerDirs: workerDirs.slice(0, results.length),
    crashes: results.flatMap((r, i) =>
      r.done ? [] : [{ worker: i, message: `worker ${i} crashed`, detail: r.stderrTail }],
    ),
    runId: req.context.runId,
    expected: {
      tests: selected.map((t) => ({ ...t, tags: [...t.tags], classId: classIdFor(t.test, req.rootDir) })),
      reason: firstSignal ? `the run was interrupted (${firstSignal})` : "its worker ended before it",
    },
  });
  totals.notRun += notRun.length;
  if (firstSignal) {
    writeLeftoversFile(req.context.resultsDir, { runId: req.context.runId, resources: leftovers });
  }
  return {
    totals,
    selected,
    matched,
    interrupted: firstSignal,
    ...(stoppedNow ? { stoppedNow } : {}),
    ...(firstSignal ? { leftovers } : {}),
    reporters: ["workers"],
  };
}

interface WorkerResult {
  done?: WorkerDone;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string;
}

function runWorker(
  start: WorkerStart,
  o: { children: ChildProcess[]; write: (t: string) => void; log: (l: string) => void },
): Promise<WorkerResult> {
  return new Promise((resolve) => {
    // detached: a terminal's Ctrl-C reaches only the parent, which forwards it once (a worker getting SIGINT twice
    // would stop at once without finishing its test's cleanup).
    const child = fork(WORKER.file, [], {
      execArgv: WORKER.execArgv,
      cwd: start.rootDir,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      detached: true,
    });
    o.children.push(child);
    const tail: string[] = [];
    let done: WorkerDone | undefined;
    lineStream(child.stdout, (line) => o.write(`${line}\n`));
    lineStream(child.stderr, (line) => {
      o.write(`${line}\n`);
      tail.push(line);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
    });
    child.on("message", (m: unknown) => {
      if (typeof m === "object" && m !== null && (m as { type?: unknown }).type === "done") done = m as WorkerDone;
    });
    child.on("error", (e) => tail.push(`fork failed: ${e.message}`));
    child.on("exit", (exitCode, signal) => resolve({ done, exitCode, signal, stderrTail: tail.join("\n") }));
    child.send(start);
  });
}

function lineStream(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buf = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buf += chunk;
    let nl = buf.indexOf("\n");
    while (nl >= 0) {
      onLine(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      nl = buf.indexOf("\n");
    }
  });
  stream.on("end", () => {
    if (buf) onLine(buf);
  });
}
