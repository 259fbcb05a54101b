// Stable identities of suite tests (suite contract): the UUID from the ` [id-<uuid>]` title suffix, the
// subunit/JUnit test id `<file path without extension, dots for slashes>.<describe titles>.<test title>`, and the
// tags vfTest() attaches to the mocha test it registers.
import path from "node:path";
import type Mocha from "mocha";

export const UUID_PATTERN = /\[id-([0-9a-f-]{36})\]$/;

/** Tags travel on the mocha test object itself (no registry), so every reporter that receives the test sees them. */
type Tagged = { vftestTags?: string[] };

/** Called by vfTest() on the mocha test it registered: tags end up in subunit, results.json and Allure. */
export function tagTest(test: Mocha.Runnable, tags: readonly string[]): void {
  const t = test as unknown as Tagged;
  t.vftestTags = [...new Set([...(t.vftestTags ?? []), ...tags])];
}

export function tagsFor(test: Mocha.Runnable): string[] {
  return [...((test as unknown as Tagged).vftestTags ?? [])];
}

export function uuidOf(title: string): string | undefined {
  return UUID_PATTERN.exec(title)?.[1];
}

/** `tests/scenario/cold_migration.ts` -> `tests.scenario.cold_migration` (relative to rootDir). */
export function moduleIdOf(file: string | undefined, rootDir: string): string {
  if (!file) return "unknown";
  const rel = path.isAbsolute(file) ? path.relative(rootDir, file) : file;
  const noExt = rel.replace(/(\.(test|suite|spec))?\.[cm]?[jt]s$/, "");
  return noExt
    .split(/[\\/]+/)
    .filter((p) => p !== "" && p !== ".")
    .join(".");
}

/** The describe titles from the outermost down to the runnable's parent (root suite excluded). */
export function suitePathOf(runnable: Mocha.Runnable): string[] {
  const titles: string[] = [];
  for (let s: Mocha.Suite | undefined = runnable.parent; s && !s.root; s = s.parent) titles.unshift(s.title);
  return titles.filter((t) => t !== "");
}

/** The contract's test id, e.g. `tests.scenario.cold_migration.ColdMigrationWithShare.test migrate [id-…]`. */
export function testIdFor(runnable: Mocha.Runnable, rootDir: string = process.cwd()): string {
  const file = runnable.file ?? runnable.parent?.file;
  return [moduleIdOf(file, rootDir), ...suitePathOf(runnable), runnable.title].join(".");
}

/** The "class" part of the test id (module + describes), used to group tests in JUnit and testr_results.html. */
export function classIdFor(runnable: Mocha.Runnable, rootDir: string = process.cwd()): string {
  const file = runnable.file ?? runnable.parent?.file;
  return [moduleIdOf(file, rootDir), ...suitePathOf(runnable)].join(".");
}

/** Mocha sets `type` to "hook" or "test" at runtime; @types/mocha does not declare it on Runnable. */
export function isHook(runnable: Mocha.Runnable): boolean {
  return (runnable as { type?: unknown }).type === "hook";
}
