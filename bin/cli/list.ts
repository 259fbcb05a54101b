// `vftest list`: the tests a run with the same filters would run, one test id per line, sorted by test id (the
// order sharding uses) — the file it writes is a `--load-list`. `--tags`: each tag with its number of tests.

import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { repoFile } from "../../lib/runner/compiled.js";
import { UsageError } from "../../lib/runner/errors.js";
import { DEFAULT_SUITE_DIRS, duplicateUuids, findSuiteFiles, loadSuite, selectTests } from "../../lib/runner/select.js";
import { readSuiteIndex } from "../../lib/runner/suite-index.js";
import { type CliContext, EXIT } from "./io.js";
import { addSelectionOptions, type SelectionFlags, selectionFrom, unknownLoadIds } from "./options.js";

export interface ListFlags extends SelectionFlags {
  tags?: boolean;
}

export function listCommand(ctx: CliContext): Command {
  const cmd = new Command("list").description("list the tests that `vftest run` would run with the same filters");
  addSelectionOptions(cmd)
    .option("--tags", "print each tag of the selected tests with its number of tests instead")
    .addHelpText(
      "after",
      `
Output: one test id per line (re-runnable: \`vftest run --load-list <file>\`); with --tags, "<tag> <count>".

Examples:
  vftest list
  vftest list -r 'revert|confirm' > tests.txt && vftest run --load-list tests.txt
  vftest list --tags
  vftest list --shard 2/4 | wc -l          # size of CI shard 2 of 4`,
    );
  return cmd.action(async (paths: string[], flags: ListFlags) => {
    ctx.setExitCode(await listTests(ctx, paths, flags));
  });
}

export async function listTests(ctx: CliContext, paths: string[], flags: ListFlags): Promise<number> {
  const selection = selectionFrom(flags);
  const rootDir = SUITE_ROOT;
  const files = findSuiteFiles(paths.length ? userPaths(ctx.io.cwd, paths) : existingDefaults(rootDir), rootDir);
  if (files.length === 0)
    throw new UsageError(`no suite files (*.test.ts) found under ${paths.join(", ") || DEFAULT_SUITE_DIRS.join(", ")}`);
  const tests = readSuiteIndex(files, rootDir) ?? (await loadSuite({ files, rootDir })).tests;
  for (const dup of duplicateUuids(tests)) ctx.io.err(`vftest: warning: duplicate test UUID ${dup}\n`);
  const unknown = unknownLoadIds(
    selection,
    tests.map((t) => t.id),
  );
  for (const id of unknown) ctx.io.err(`vftest: warning: --load-list names ${id}, which is no test of the suite\n`);
  ignoreClosedPipe();
  const selected = selectTests(tests, selection);
  const lines = flags.tags ? tagLines(selected) : selected.map((t) => `${t.id}\n`);
  ctx.io.out(lines.join(""));
  if (lines.length === 0) ctx.io.err("vftest: no test matches these filters\n");
  return EXIT.ok;
}

/** "<tag> <number of tests>" per tag, most used first. */
function tagLines(tests: readonly { tags: readonly string[] }[]): string[] {
  const counts = new Map<string, number>();
  for (const t of tests) for (const tag of t.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([tag, n]) => `${tag} ${n}\n`);
}

/** The vftest package: the suite's own files (tests/api, tests/scenario) resolve here, whatever the working directory. */
export const SUITE_ROOT = repoFile(import.meta.url, ".");

/** Paths the user typed are relative to the working directory (named as typed when missing). */
export function userPaths(cwd: string, paths: readonly string[]): string[] {
  return paths.map((p) => {
    const abs = path.resolve(cwd, p);
    if (!fs.existsSync(abs))
      throw new UsageError(`suite path not found: ${p} (looked at ${abs}); pass a suite file or directory`);
    return abs;
  });
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
export function ignoreClosedPipe(): void {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(0);
  });
}
