// Stable identities of suite tests (suite contract): the UUID from the ` [id-<uuid>]` title suffix, the tags
// vfTest() attaches to the mocha test it registers, and the subunit/JUnit test id. A test declared with a class
// and method name (vfClass/vfTest) gets Tempest's shape, without spaces, so stestr-style id lists re-run it:
//   vftest.scenario.test_cold_migration.ColdMigrationWithShare.test_migrate_confirm[id-be1b…,scenario,admin]
// Anything else (mocha tests of vftest itself) keeps `<file path>.<describe titles>.<test title>`.
import path from "node:path";
import type Mocha from "mocha";

export const UUID_PATTERN = /\[id-([0-9a-f-]{36})\]$/;

/** Tags travel on the mocha test object itself (no registry), so every reporter that receives the test sees them. */
type Tagged = { vftestTags?: string[]; vftestMethod?: string };
type NamedSuite = { vftestClass?: string };

/** Called by vfTest(): the Tempest-style method name (`test_migrate_confirm`) of the mocha test. */
export function nameTest(test: Mocha.Runnable, method: string): void {
  (test as unknown as Tagged).vftestMethod = method;
}

/** Called by vfClass(): the Tempest-style class name (`ColdMigrationWithShare`) of the describe block. */
export function nameSuite(suite: Mocha.Suite, className: string): void {
  (suite as unknown as NamedSuite).vftestClass = className;
}

function classNameOf(runnable: Mocha.Runnable): string | undefined {
  for (let s: Mocha.Suite | undefined = runnable.parent; s && !s.root; s = s.parent) {
    const name = (s as unknown as NamedSuite).vftestClass;
    if (name) return name;
  }
  return undefined;
}

/** `tests/scenario/cold_migration.test.ts` -> `vftest.scenario.test_cold_migration` (Tempest's module shape). */
export function tempestModuleOf(file: string | undefined, rootDir: string): string {
  const parts = moduleIdOf(file, rootDir).split(".");
  if (parts[0] === "tests") parts.shift();
  const last = parts.length - 1;
  if (last >= 0 && !parts[last]!.startsWith("test_")) parts[last] = `test_${parts[last]}`;
  return ["vftest", ...parts].join(".");
}

/** The Tempest-style id of a named suite test, or undefined for a test declared without names. */
function tempestIdOf(runnable: Mocha.Runnable, rootDir: string): string | undefined {
  const method = (runnable as unknown as Tagged).vftestMethod;
  const cls = classNameOf(runnable);
  const uuid = uuidOf(runnable.title);
  if (!method || !cls || !uuid) return undefined;
  const attrs = [`id-${uuid}`, ...tagsFor(runnable)].join(",");
  return `${tempestModuleOf(runnable.file ?? runnable.parent?.file, rootDir)}.${cls}.${method}[${attrs}]`;
}

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

/** The contract's test id, e.g. `vftest.scenario.test_cold_migration.ColdMigrationWithShare.test_migrate_confirm[id-…]`. */
export function testIdFor(runnable: Mocha.Runnable, rootDir: string = process.cwd()): string {
  const named = tempestIdOf(runnable, rootDir);
  if (named) return named;
  const file = runnable.file ?? runnable.parent?.file;
  return [moduleIdOf(file, rootDir), ...suitePathOf(runnable), runnable.title].join(".");
}

/** The "class" part of the test id (module + describes), used to group tests in JUnit and testr_results.html. */
export function classIdFor(runnable: Mocha.Runnable, rootDir: string = process.cwd()): string {
  const cls = classNameOf(runnable);
  if (cls && (runnable as unknown as Tagged).vftestMethod) {
    return `${tempestModuleOf(runnable.file ?? runnable.parent?.file, rootDir)}.${cls}`;
  }
  const file = runnable.file ?? runnable.parent?.file;
  return [moduleIdOf(file, rootDir), ...suitePathOf(runnable)].join(".");
}

/** Mocha sets `type` to "hook" or "test" at runtime; @types/mocha does not declare it on Runnable. */
export function isHook(runnable: Mocha.Runnable): boolean {
  return (runnable as { type?: unknown }).type === "hook";
}
