// After a run: the one-page summary (summary.md/json), testr_results.html and junit.xml, rendered by lib/report
// from the run's results.json and the spec traceability table. junit.xml is rendered from results.json (replacing
// mocha's xunit output) so it carries the same test ids as subunit and the skip reasons.

import fs from "node:fs";
import path from "node:path";
import { finalizeRun } from "../../lib/report/finalize.js";
import { readResultsJson } from "../../lib/report/results.js";
import { RESULT_FILES } from "../../lib/runner/results-dir.js";
import { SPEC_BEHAVIOURS } from "../../lib/spec/traceability.js";
import type { Io } from "./io.js";
import { vftestVersion } from "./version.js";

export async function writeRunSummary(runDir: string, io: Io, opts: { junit: boolean }): Promise<void> {
  const resultsFile = path.join(runDir, RESULT_FILES.results);
  if (!fs.existsSync(resultsFile)) return;
  const results = readResultsJson(resultsFile);
  finalizeRun({ runDir, results, behaviours: SPEC_BEHAVIOURS, junit: opts.junit, vftestVersion: vftestVersion() });
  if (results.totals.skippedWithoutReason > 0) {
    io.err(`vftest: warning: ${results.totals.skippedWithoutReason} test(s) skipped without a reason\n`);
  }
}
