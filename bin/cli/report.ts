// `vftest report [run dir]`: build the Allure HTML report of a run (lib/report/allure-html.ts, no Java) and
// re-render summary.md/summary.json and testr_results.html from the run's results.json.

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
    .addHelpText("after", "\nExamples:\n  vftest report\n  vftest report results/20261125T101502Z-3fa2c1")
    .action(async (runDir: string) => {
      ctx.setExitCode(await report(ctx, runDir));
    });
}

export async function report(ctx: CliContext, runDirArg: string): Promise<number> {
  const runDir = path.resolve(ctx.io.cwd, runDirArg);
  if (
    !fs.existsSync(path.join(runDir, RESULT_FILES.results)) &&
    !fs.existsSync(path.join(runDir, RESULT_FILES.allure))
  ) {
    throw new UsageError(
      `${runDir} is not a vftest run directory (no ${RESULT_FILES.results} or ${RESULT_FILES.allure}/)`,
    );
  }
  await writeRunSummary(runDir, ctx.io);
  let mod: Record<string, unknown> | undefined;
  try {
    mod = (await import(new URL("../../lib/report/allure-html.js", import.meta.url).href)) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND") throw e;
  }
  const build = Object.values(mod ?? {}).find((v) => typeof v === "function" && /allure/i.test(v.name));
  if (typeof build !== "function") {
    ctx.io.err(
      "vftest: the Allure HTML builder (lib/report/allure-html.ts) is not available; summary.md was written\n",
    );
    return EXIT.ok;
  }
  const out = path.join(runDir, "allure-report");
  await (build as (resultsDir: string, outDir: string) => unknown)(path.join(runDir, RESULT_FILES.allure), out);
  ctx.io.err(`vftest: Allure report in ${out}/index.html\n`);
  return EXIT.ok;
}
