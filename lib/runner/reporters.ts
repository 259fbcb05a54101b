// Which mocha reporters a run uses and where they write (suite contract, results dir layout). allure-mocha is the
// host reporter and carries the others as `extraReporters` (toolchain.md §3: the working combination on mocha 12);
// with Allure switched off a small fan-out reporter hosts them instead. The console, subunit and results.json
// reporters come from lib/report; a reporter module that is not there yet falls back to mocha's built-ins.

import path from "node:path";
import AllureMochaReporter from "allure-mocha";
import Mocha from "mocha";
import type { VftestConfig } from "../config/types.js";
import type { CheckRecorder } from "../run/checks.js";
import type { StepLog } from "../run/step-log.js";
import { RESULT_FILES } from "./results-dir.js";

type ReporterOptions = Record<string, unknown>;
export type ReporterEntry = [string | Mocha.ReporterConstructor, ReporterOptions];

export interface ReporterPlan {
  host: Mocha.ReporterConstructor;
  options: ReporterOptions;
  /** For messages: the reporters in use, e.g. ["allure", "progress", "xunit", "subunit"]. */
  names: string[];
}

export interface PlanOptions {
  /** Directory the reporters write into (the run dir, or a worker's `workers/<i>/`). */
  outDir: string;
  reporting: VftestConfig["reporting"];
  runId: string;
  worker: { index: number; count: number };
  rootDir: string;
  /** Print the console reporter (false: files only). */
  console: boolean;
  /** The run's check recorder, written into results.json. */
  checks?: CheckRecorder;
  /** The run's step log: attached to each result (subunit, results.json, JUnit system-out). */
  stepLog?: StepLog;
  /** The console reporter draws the status line itself (false in a parallel worker: the parent draws it). */
  status?: boolean;
}

/** Imports `lib/report/<file>` if it exists; a module that exists but fails to load is an error worth seeing. */
async function optionalReportModule(file: string): Promise<Record<string, unknown> | undefined> {
  const url = new URL(`../report/${file}`, import.meta.url);
  try {
    return (await import(url.href)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const missing = code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes(file.replace(/\.js$/, ""));
    if (missing) return undefined;
    throw e;
  }
}

async function optionalReporter(file: string, exportName: string): Promise<Mocha.ReporterConstructor | undefined> {
  const mod = await optionalReportModule(file);
  const ctor = mod?.[exportName];
  return typeof ctor === "function" ? (ctor as Mocha.ReporterConstructor) : undefined;
}

export async function planReporters(o: PlanOptions): Promise<ReporterPlan> {
  const common = {
    rootDir: o.rootDir,
    worker: o.worker.index,
    workers: o.worker.count,
    runId: o.runId,
    stepLog: o.stepLog,
    outDir: o.outDir,
  };
  const extra: ReporterEntry[] = [];
  const names: string[] = [];
  if (o.console) {
    const progress = await optionalReporter("progress.js", "ProgressReporter");
    extra.push([progress ?? "spec", { ...common, status: o.status ?? true }]);
    names.push(progress ? "progress" : "spec");
  }
  if (o.reporting.junit) {
    extra.push(["xunit", { output: path.join(o.outDir, RESULT_FILES.junit), suiteName: "vftest" }]);
    names.push("junit");
  }
  if (o.reporting.subunit) {
    const subunit = await optionalReporter("subunit-reporter.js", "SubunitReporter");
    const fallback = subunit ?? (await optionalReporter("subunit.js", "SubunitReporter"));
    if (fallback) {
      extra.push([fallback, { ...common, output: path.join(o.outDir, RESULT_FILES.subunit) }]);
      names.push("subunit");
    }
  }
  const results = await optionalReporter("results.js", "ResultsReporter");
  if (results) {
    extra.push([results, { ...common, output: path.join(o.outDir, RESULT_FILES.results), checks: o.checks }]);
    names.push("results");
  }
  if (o.reporting.allure) {
    return {
      host: AllureHost,
      options: { resultsDir: path.join(o.outDir, RESULT_FILES.allure), extraReporters: extra },
      names: ["allure", ...names],
    };
  }
  return { host: FanOutReporter, options: { extraReporters: extra }, names };
}

/** Six reporters listen to the same runner events: lift the EventEmitter leak warning threshold. */
const MAX_LISTENERS = 50;

class AllureHost extends (AllureMochaReporter as unknown as typeof Mocha.reporters.Base) {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    runner.setMaxListeners(MAX_LISTENERS);
    super(runner, options);
  }
}

/** Hosts several reporters on one runner (used when Allure is off); waits for every reporter's `done`. */
export class FanOutReporter extends Mocha.reporters.Base {
  readonly #children: Mocha.reporters.Base[] = [];

  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    runner.setMaxListeners(MAX_LISTENERS);
    super(runner, options);
    const ro = (options?.reporterOptions ?? {}) as { extraReporters?: ReporterEntry[] };
    for (const [reporter, reporterOptions] of ro.extraReporters ?? []) {
      const Ctor = typeof reporter === "string" ? builtinReporter(reporter) : reporter;
      const childOptions = { ...options, reporterOptions, reporterOption: reporterOptions };
      this.#children.push(new Ctor(runner, childOptions) as Mocha.reporters.Base);
    }
  }

  override done(failures: number, fn?: (failures: number) => void): void {
    const pending = this.#children.filter((c) => typeof c.done === "function");
    let left = pending.length;
    if (left === 0) {
      fn?.(failures);
      return;
    }
    for (const child of pending) {
      child.done!(failures, () => {
        left -= 1;
        if (left === 0) fn?.(failures);
      });
    }
  }
}

function builtinReporter(name: string): Mocha.ReporterConstructor {
  const ctor = (Mocha.reporters as unknown as Record<string, Mocha.ReporterConstructor | undefined>)[name];
  if (!ctor) throw new Error(`unknown built-in mocha reporter "${name}"`);
  return ctor;
}
