// After a run: the one-page summary (summary.md/json) and testr_results.html, rendered by lib/report from the
// run's results.json and the spec traceability table in tests/spec-traceability.ts. Each piece is optional while
// those modules are being written: what is missing is skipped with a note, never a failed run.

import fs from "node:fs";
import path from "node:path";
import { readResultsJson } from "../../lib/report/results.js";
import type { RunResults } from "../../lib/report/results-model.js";
import type { SpecBehaviour } from "../../lib/report/traceability.js";
import { RESULT_FILES } from "../../lib/runner/results-dir.js";
import type { Io } from "./io.js";

async function optionalModule(rel: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(new URL(rel, import.meta.url).href)) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND") return undefined;
    throw e;
  }
}

function isBehaviour(x: unknown): x is SpecBehaviour {
  const b = x as Partial<SpecBehaviour> | null;
  return typeof b === "object" && b !== null && typeof b.id === "string" && Array.isArray(b.testIds);
}

/** The behaviours table: `SPEC_BEHAVIOURS` (or the first exported array of behaviours) of tests/spec-traceability.ts. */
export async function loadBehaviours(): Promise<SpecBehaviour[]> {
  const mod = await optionalModule("../../tests/spec-traceability.js");
  if (!mod) return [];
  const candidates = [mod.SPEC_BEHAVIOURS, mod.behaviours, mod.default, ...Object.values(mod)];
  const table = candidates.find((v) => Array.isArray(v) && v.length > 0 && v.every(isBehaviour));
  return (table as SpecBehaviour[] | undefined) ?? [];
}

type Render = (runDir: string, results: RunResults, behaviours: SpecBehaviour[]) => unknown;

export async function writeRunSummary(runDir: string, io: Io): Promise<void> {
  const resultsFile = path.join(runDir, RESULT_FILES.results);
  if (!fs.existsSync(resultsFile)) return;
  const results = readResultsJson(resultsFile);
  const behaviours = await loadBehaviours();
  const summary = await optionalModule("../../lib/report/summary.js");
  if (typeof summary?.writeSummary === "function") (summary.writeSummary as Render)(runDir, results, behaviours);
  const testr = await optionalModule("../../lib/report/testr-html.js");
  const writeTestr = testr?.writeTestrHtml;
  if (typeof writeTestr === "function") {
    (writeTestr as (file: string, results: RunResults) => unknown)(path.join(runDir, RESULT_FILES.testrHtml), results);
  }
  if (results.totals.skippedWithoutReason > 0) {
    io.err(`vftest: warning: ${results.totals.skippedWithoutReason} test(s) skipped without a reason\n`);
  }
}
