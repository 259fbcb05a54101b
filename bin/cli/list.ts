// `vftest list`: the tests a run with the same filters would run, one `<uuid> <test id>` per line, sorted by test
// id (the order sharding uses).

import { Command } from "commander";
import { UsageError } from "../../lib/runner/errors.js";
import { DEFAULT_SUITE_DIRS, duplicateUuids, findSuiteFiles, loadSuite, selectTests } from "../../lib/runner/select.js";
import { readSuiteIndex } from "../../lib/runner/suite-index.js";
import { type CliContext, EXIT } from "./io.js";
import { addSelectionOptions, type SelectionFlags, selectionFrom } from "./options.js";

export function listCommand(ctx: CliContext): Command {
  const cmd = new Command("list").description("list the tests that `vftest run` would run with the same filters");
  addSelectionOptions(cmd).addHelpText(
    "after",
    `
Output: one line per test, "<uuid> <test id>" ("-" when a test has no [id-<uuid>]).

Examples:
  vftest list
  vftest list --grep 'revert|confirm'
  vftest list --shard 2/4 | wc -l          # size of CI shard 2 of 4`,
  );
  return cmd.action(async (paths: string[], flags: SelectionFlags) => {
    ctx.setExitCode(await listTests(ctx, paths, flags));
  });
}

export async function listTests(ctx: CliContext, paths: string[], flags: SelectionFlags): Promise<number> {
  const selection = selectionFrom(flags);
  const rootDir = ctx.io.cwd;
  const files = findSuiteFiles(paths.length ? paths : existingDefaults(rootDir), rootDir);
  if (files.length === 0)
    throw new UsageError(`no suite files (*.test.ts) found under ${paths.join(", ") || DEFAULT_SUITE_DIRS.join(", ")}`);
  const tests = readSuiteIndex(files, rootDir) ?? (await loadSuite({ files, rootDir })).tests;
  for (const dup of duplicateUuids(tests)) ctx.io.err(`vftest: warning: duplicate test UUID ${dup}\n`);
  ignoreClosedPipe();
  const lines = selectTests(tests, selection).map((t) => `${t.uuid ?? "-"} ${t.id}\n`);
  ctx.io.out(lines.join(""));
  if (lines.length === 0) ctx.io.err("vftest: no test matches these filters\n");
  return EXIT.ok;
}

/** The default suite directories that exist (a fresh checkout may lack one). */
export function existingDefaults(rootDir: string): string[] {
  return DEFAULT_SUITE_DIRS.filter((d) => {
    try {
      return findSuiteFiles([d], rootDir).length >= 0;
    } catch {
      return false;
    }
  });
}

/** `vftest list | head` closes the pipe early: that is the reader's choice, not an error (no EPIPE stack). */
function ignoreClosedPipe(): void {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(0);
  });
}
