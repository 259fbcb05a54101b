// After a run (or after merging workers): render the run-level pages from results.json into the run directory
// and point <results_dir>/latest at it.
import fs from "node:fs";
import path from "node:path";
import { attachTimelinesToAllure } from "./allure-timelines.js";
import { renderJunit } from "./junit.js";
import type { RunResults } from "./results-model.js";
import { type SummaryJson, writeSummary } from "./summary.js";
import { writeTestrHtml } from "./testr-html.js";
import type { SpecBehaviour } from "./traceability.js";

export interface FinalizeOptions {
  runDir: string;
  results: RunResults;
  behaviours: SpecBehaviour[];
  /** Also write junit.xml from results (when the run did not use mocha's xunit reporter). */
  junit?: boolean;
  /** Shown in summary.md's environment section. */
  vftestVersion?: string;
}

/** Writes summary.md, summary.json, testr_results.html (and junit.xml if asked); returns the summary. */
export function finalizeRun(opts: FinalizeOptions): SummaryJson {
  fs.mkdirSync(opts.runDir, { recursive: true });
  if (opts.junit) {
    // Replace, not overwrite: after a run stopped at once mocha's xunit stream may still be writing the old file.
    const file = path.join(opts.runDir, "junit.xml");
    fs.writeFileSync(`${file}.tmp`, renderJunit(opts.results));
    fs.renameSync(`${file}.tmp`, file);
  }
  const summary = writeSummary(opts.runDir, opts.results, opts.behaviours, { vftestVersion: opts.vftestVersion });
  // Each SVG is read when its row is written, not all of them up front.
  const svgOf = (uuid: string) => {
    const rel = Object.hasOwn(summary.timelines, uuid) ? summary.timelines[uuid] : undefined;
    return rel === undefined ? undefined : fs.readFileSync(path.join(opts.runDir, rel), "utf8");
  };
  writeTestrHtml(path.join(opts.runDir, "testr_results.html"), opts.results, svgOf);
  attachTimelinesToAllure(opts.runDir, new Map(Object.entries(summary.timelines)));
  return summary;
}

/** Makes <resultsDir>/latest a relative symlink to runDir (replacing an older link). */
export function linkLatest(resultsDir: string, runDir: string): void {
  const link = path.join(resultsDir, "latest");
  const stat = fs.lstatSync(link, { throwIfNoEntry: false });
  if (stat && !stat.isSymbolicLink()) {
    throw new Error(`${link} exists and is not a symlink; move it away so vftest can point "latest" at ${runDir}`);
  }
  if (stat) fs.unlinkSync(link);
  fs.symlinkSync(path.relative(resultsDir, runDir), link);
}
