// Entry point of a parallel worker process (forked by parallel.ts under tsx). Waits for its WorkerStart over IPC
// (the context holds secrets, so it never travels in argv, env or a file), runs its slice in-process, reports the
// totals back and exits. If the parent goes away, the worker stops like on SIGTERM.

import type { WorkerDone, WorkerStart, WorkerStopNow } from "./parallel.js";
import { runInProcess } from "./run.js";

function isStart(m: unknown): m is WorkerStart {
  return typeof m === "object" && m !== null && (m as { type?: unknown }).type === "start";
}

process.once("message", (m: unknown) => {
  if (!isStart(m)) {
    process.stderr.write(`vftest worker: expected a start message, got ${JSON.stringify(m)?.slice(0, 200)}\n`);
    process.exit(70);
  }
  process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
  // The parent stops the run at once: the interrupt watcher sees its signal twice (the first may be this one).
  process.on("message", (s: unknown) => {
    if ((s as Partial<WorkerStopNow>)?.type !== "stop-now") return;
    const sig = (s as WorkerStopNow).signal;
    process.emit(sig, sig);
    process.emit(sig, sig);
  });
  runInProcess({
    context: m.context,
    files: m.files,
    rootDir: m.rootDir,
    selection: { ids: m.ids },
    timeoutMs: m.timeoutMs,
    bail: m.bail,
    console: true,
    status: false,
  }).then(
    (outcome) => {
      const done: WorkerDone = {
        type: "done",
        totals: outcome.totals,
        interrupted: outcome.interrupted,
        ...(outcome.leftovers ? { leftovers: outcome.leftovers } : {}),
      };
      process.send?.(done, () => process.exit(0));
    },
    (e: unknown) => {
      process.stderr.write(
        `vftest worker ${m.context.worker.index}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exit(70);
    },
  );
});
