// `vftest report [run dir]`: re-render summary.md/summary.json and testr_results.html from the run's results.json,
// then build the Allure HTML report from its allure-results/ (lib/report/allure-html.ts: the `allure` npm package,
// no Java, offline). Exit 0 when the reports were written, 1 when Allure failed, 2 when the directory is no run.

import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { UsageError } from "../../lib/runner/errors.js";
import { RESULT_FILES } from "../../lib/runner/results-dir.js";
import { type CliContext, EXIT } from "./io.js";
import { writeRunSummary } from "./summary.js";

export function reportCommand(ctx: CliContext): Command {
  return new Command("report")
    .description("build the HTML reports of a run (Allure, summary, testr_results.html)")
    .argument("[run-dir]", "a run directory (default: results/latest)", "results/latest")
    .addHelpText(
      "after",
      "\nOutput: <run-dir>/allure-report/index.html (open it in a browser; works offline), summary.md, testr_results.html." +
        "\n\nExamples:\n  vftest report\n  vftest report results/20261125T101502Z-3fa2c1",
    )
    .action(async (runDir: string) => {
      ctx.setExitCode(await report(ctx, runDir));
    });
}

export async function report(ctx: CliContext, runDirArg: string): Promise<number> {
  const { io } = ctx;
  const runDir = path.resolve(io.cwd, runDirArg);
  const hasResults = fs.existsSync(path.join(runDir, RESULT_FILES.results));
  const allureResults = path.join(runDir, RESULT_FILES.allure);
  const hasAllure = fs.existsSync(allureResults);
  if (!hasResults && !hasAllure) {
    throw new UsageError(
      `${runDir} is not a vftest run directory (no ${RESULT_FILES.results} or ${RESULT_FILES.allure}/); pass a directory under the results directory, e.g. results/latest`,
    );
  }
  try {
    await writeRunSummary(runDir, io, { junit: false });
  } catch (e) {
    throw new UsageError(`cannot render the summary of ${runDir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (hasResults) io.err(`vftest: summary in ${path.join(runDir, RESULT_FILES.summaryMd)}\n`);
  if (!hasAllure) {
    io.err(
      `vftest: no ${RESULT_FILES.allure}/ in ${runDir} (the run had reporting.allure: false), so no Allure report\n`,
    );
    return EXIT.ok;
  }
  const { generateAllureReport } = await import("../../lib/report/allure-html.js");
  try {
    const index = await generateAllureReport({ runDir, resultsDirs: [allureResults] });
    io.err(`vftest: Allure report in ${index}\n`);
    return EXIT.ok;
  } catch (e) {
    io.err(`vftest: the Allure report could not be built: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.failed;
  }
}
