// The run context: what a suite file needs to know about the run it is part of (config, where results go, which
// worker it is, which cloud). The runner sets it before mocha loads the suite; fixtures read it.
// Stored on globalThis under a registered symbol so that a second copy of this module (a loader quirk, a cache-busted
// import) still sees the same context. Worker processes receive it over IPC — never via a file or argv, because the
// config holds secrets.

import type { VftestConfig } from "../config/types.js";

export interface RunContext {
  config: VftestConfig;
  /** `<reporting.results_dir>/<runId>/` (or a worker's own `<...>/workers/<i>/`). */
  resultsDir: string;
  runId: string;
  /** 0-based worker index and worker count (index 0 of 1 for an in-process run). */
  worker: { index: number; count: number };
  /** JSON-lines request log of this process. */
  requestLogPath: string;
  target: { kind: "embedded" | "cloud"; simControlUrl?: string };
}

const KEY = Symbol.for("vftest.runContext");

type Holder = { [KEY]?: RunContext };

export function setRunContext(ctx: RunContext): void {
  (globalThis as Holder)[KEY] = ctx;
}

/** Forget the context (end of a run; tests). */
export function clearRunContext(): void {
  delete (globalThis as Holder)[KEY];
}

export function hasRunContext(): boolean {
  return (globalThis as Holder)[KEY] !== undefined;
}

export function getRunContext(): RunContext {
  const ctx = (globalThis as Holder)[KEY];
  if (!ctx) {
    throw new Error(
      "vftest: no run context: the suite was loaded outside `vftest run` (e.g. by plain `mocha`). " +
        "Run it with `npx vftest run` (add --grep to pick tests); suite files must call getRunContext() " +
        "inside hooks or tests, not at module load time.",
    );
  }
  return ctx;
}
