// `vftest last`: the results of the newest run (stestr last / stestr failing): its stestr lines and summary, or
// with --list only the ids — `vftest last --failing --list > failed.txt` writes a file `--load-list` re-runs.

import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { stestrLine } from "../../lib/report/progress.js";
import { readResultsJson } from "../../lib/report/results.js";
import { stestrSummary } from "../../lib/report/stestr-summary.js";
import { UsageError } from "../../lib/runner/errors.js";
import { RESULT_FILES } from "../../lib/runner/results-dir.js";
import { type CliContext, EXIT } from "./io.js";
import { ignoreClosedPipe } from "./list.js";

export interface LastFlags {
  failing?: boolean;
  list?: boolean;
  subunit?: boolean;
}

export function lastCommand(ctx: CliContext): Command {
  return new Command("last")
    .description("show the results of the newest run (like `stestr last`; --failing: `stestr failing`)")
    .argument("[run-dir]", "a run directory (default: results/latest)", "results/latest")
    .option("--failing", "only the tests that failed")
    .option("--list", "print test ids only, one per line (a --load-list file)")
    .option("--subunit", "write the run's subunit v2 stream to stdout instead")
    .addHelpText(
      "after",
      "\nExit codes: 0 the run passed (or had no failures to show), 1 it had failures, 2 no such run." +
        "\n\nExamples:\n  vftest last\n  vftest last --failing --list > failed.txt && vftest run --load-list failed.txt",
    )
    .action((runDir: string, flags: LastFlags) => {
      ctx.setExitCode(showLast(ctx, runDir, flags));
    });
}

export function showLast(ctx: CliContext, runDirArg: string, flags: LastFlags): number {
  const runDir = path.resolve(ctx.io.cwd, runDirArg);
  const file = path.join(runDir, RESULT_FILES.results);
  if (!fs.existsSync(file)) {
    throw new UsageError(`${runDir} holds no ${RESULT_FILES.results}: no finished run there; pass a run directory`);
  }
  if (flags.subunit) {
    process.stdout.write(fs.readFileSync(path.join(runDir, RESULT_FILES.subunit)));
    return EXIT.ok;
  }
  const results = readResultsJson(file);
  ignoreClosedPipe();
  const shown = results.tests.filter((t) => t.kind === "test" && (!flags.failing || t.state === "failed"));
  if (flags.list) ctx.io.out(shown.map((t) => `${t.id}\n`).join(""));
  else {
    ctx.io.out(shown.map((t) => `${stestrLine(t)}\n`).join(""));
    if (!flags.failing)
      ctx.io.out(
        stestrSummary(results)
          .map((l) => `${l}\n`)
          .join(""),
      );
  }
  return results.totals.failed > 0 ? EXIT.failed : EXIT.ok;
}
