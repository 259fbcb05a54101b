// Everything `vftest run` prints when the run is over, in one place (on stdout, so `2>/dev/null` keeps it): the
// stestr summary (Totals, Worker Balance), each failure with its message, step and diagnostics, where summary.md
// is, the leak check, and the one-line verdict. Returns the exit code. Interrupted runs extend this function.

import fs from "node:fs";
import path from "node:path";
import { formatElapsed } from "../../lib/clients/duration.js";
import { colourer } from "../../lib/report/colour.js";
import { failureDetail } from "../../lib/report/progress.js";
import { readResultsJson } from "../../lib/report/results.js";
import type { RunResults } from "../../lib/report/results-model.js";
import { stestrSummary } from "../../lib/report/stestr-summary.js";
import { SIGNAL_EXIT } from "../../lib/runner/interrupt.js";
import { RESULT_FILES } from "../../lib/runner/results-dir.js";
import type { RunOutcome } from "../../lib/runner/run.js";
import type { Leak } from "../../lib/target/leaks.js";
import { interruptedLine } from "./closing.js";
import { EXIT, type Io } from "./io.js";

export interface RunEnd {
  outcome: RunOutcome;
  runDir: string;
  sharded: boolean;
  /** The leak check's findings: teardown leftovers (any cloud) and what the embedded cloud still holds. */
  leaks?: Leak[];
  /** The embedded cloud's admin listing was compared too. */
  embedded?: boolean;
}

function leakLines(leaks: readonly Leak[], embedded: boolean): string[] {
  if (leaks.length === 0) {
    return [
      embedded
        ? "vftest: leak check: the embedded cloud holds nothing the run created, and no teardown had to remove a leftover"
        : "vftest: leak check: no teardown had to remove a leftover (the cloud's own listing was not compared)",
    ];
  }
  return [
    `vftest: LEAK: ${leaks.length} resource(s) left behind, removed by a teardown or still there (leaks.json):`,
    ...leaks.map(
      (l) => `  ${l.kind} ${l.id}${l.name ? ` (${l.name})` : ""}${l.project_id ? ` project ${l.project_id}` : ""}`,
    ),
  ];
}

function failureLines(results: RunResults): string[] {
  const failed = results.tests.filter((t) => t.state === "failed");
  if (failed.length === 0) return [];
  return ["", "Failed tests:", ...failed.flatMap((f) => [`  ${f.id}`, ...failureDetail(f).map((l) => `  ${l}`)])];
}

export function printRunEnd(io: Io, end: RunEnd): number {
  const out = (lines: string[]) => io.out(lines.map((l) => `${l}\n`).join(""));
  const o = end.outcome;
  if (o.matched === 0) {
    io.err("vftest: no test matches the given paths and filters; see `vftest list` with the same filters\n");
    return EXIT.usage;
  }
  if (o.selected.length === 0 && end.sharded) {
    out(["vftest: this shard is empty (fewer matching tests than shards); nothing to run"]);
    return EXIT.ok;
  }
  // Stopped at once: the closing lines only (the interrupted totals here, the leftovers after).
  if (o.stoppedNow) {
    out([interruptedLine(o, end.runDir).trimEnd()]);
    return SIGNAL_EXIT[o.interrupted ?? "SIGINT"];
  }
  const resultsFile = path.join(end.runDir, RESULT_FILES.results);
  const results = fs.existsSync(resultsFile) ? readResultsJson(resultsFile) : undefined;
  if (results) out([...stestrSummary(results), ...failureLines(results)]);
  const summary = path.join(end.runDir, RESULT_FILES.summaryMd);
  out([""]);
  if (fs.existsSync(summary)) out([`vftest: summary: ${summary}`]);
  if (end.leaks) out(leakLines(end.leaks, end.embedded === true));
  const t = o.totals;
  const leaked = (end.leaks?.length ?? 0) > 0;
  const code = o.interrupted ? SIGNAL_EXIT[o.interrupted] : t.failed > 0 || leaked ? EXIT.failed : EXIT.ok;
  const paint = colourer(process.stdout);
  const verdict = code === EXIT.ok ? paint("green", "PASSED") : paint("red", "FAILED");
  if (o.interrupted) {
    out([interruptedLine(o, end.runDir).trimEnd()]);
    return code;
  }
  out([
    `vftest: ${verdict}: ${t.total} tests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped in ` +
      `${formatElapsed(t.durationMs)}${leaked ? ", resources leaked" : ""}; results: ${end.runDir}`,
  ]);
  return code;
}
