// The serialisable settings of a run as the CLI and the parallel runner pass them around; the run object built from
// them lives in lib/run/run.ts.

export type { RunSettings as RunContext } from "../run/run.js";
