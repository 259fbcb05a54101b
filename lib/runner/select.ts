// Which tests run: load the suite files with programmatic mocha, walk the suite tree, and filter the way stestr's
// construct_list does (a test is kept when any include regex — `-r/--regex`, `--include-list` lines — searches its
// id, then dropped when any `--exclude-regex`/`--exclude-list` regex does; `--load-list` keeps only the ids it
// names), then by --tag and --shard. `vftest list` and `vftest run` (in-process and each parallel worker) share this code, so a test id
// printed by `list --shard 2/3` is exactly what `run --shard 2/3` runs.
//
// Sharding is stable and a partition: tests are sorted by test id (file, describes, title — not by load order) and
// shard I of N takes those whose index % N == I - 1. Every selected test lands in exactly one shard; adding a test
// moves at most the tests sorted after it.

import fs from "node:fs";
import path from "node:path";
import type Mocha from "mocha";
import { tagsFor, testIdFor, uuidOf } from "../report/test-identity.js";
import { suiteFileUrl } from "./compiled.js";
import { UsageError } from "./errors.js";
import { compileRegex } from "./list-files.js";

/** The default suite: API and scenario tests. */
export const DEFAULT_SUITE_DIRS = ["tests/api", "tests/scenario"];
const SUITE_FILE = /\.test\.ts$/;

export interface SuiteTest {
  /** Stable test id (lib/report/test-identity.ts, per the suite contract). */
  id: string;
  uuid?: string;
  title: string;
  fullTitle: string;
  file?: string;
  tags: readonly string[];
  test: Mocha.Test;
}

/** A test as `vftest list` and the selection see it, without its mocha object (see suite-index.ts). */
export type ListedTest = Omit<SuiteTest, "test">;

export interface Shard {
  index: number; // 1-based
  count: number;
}

export interface Selection {
  /** Include regexes (`-r/--regex`, `--grep`, `--include-list` lines): a test is kept if any searches its id. */
  regexes?: readonly string[];
  /** Exclude regexes (`--exclude-regex`, `--exclude-list` lines): a test is dropped if any searches its id. */
  excludes?: readonly string[];
  /** `--load-list`: only these ids (intersected with the rest of the selection, like stestr). */
  loadIds?: readonly string[];
  /** Each entry is a comma-separated list of alternatives; every entry must match. `!tag` excludes. */
  tags?: string[];
  shard?: Shard;
  /** Explicit test ids (parallel workers get theirs from the parent). */
  ids?: readonly string[];
}

/** "I/N" with 1 <= I <= N. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new UsageError(`--shard expects I/N (e.g. 2/4), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) {
    throw new UsageError(
      `--shard ${text}: shard index must be between 1 and ${Math.max(count, 1)} (I/N with 1 <= I <= N)`,
    );
  }
  return { index, count };
}

/** Expands files and directories (walked for `*.test.ts`) into a sorted list of absolute suite files. */
export function findSuiteFiles(paths: readonly string[], rootDir: string): string[] {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SUITE_FILE.test(entry.name)) out.add(full);
    }
  };
  for (const p of paths) {
    const abs = path.resolve(rootDir, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new UsageError(`suite path not found: ${p} (looked at ${abs}); pass a suite file or directory`);
    }
    if (st.isDirectory()) walk(abs);
    else out.add(abs);
  }
  return [...out].sort();
}

export interface LoadedSuite {
  mocha: Mocha;
  tests: SuiteTest[];
}

/**
 * Loads suite files into a new Mocha instance. Files are loaded with import(), not mocha's loadFilesAsync: mocha
 * tries require() first, and under tsx a require()d suite file gets its own copies of the lib modules it imports
 * (a CJS instance beside the runner's ESM one), so module-level state such as skip reasons and test tags would
 * be recorded where the reporters never look. `cacheBust` re-evaluates files already imported in this process
 * (ESM caches modules, so a second load would otherwise register nothing) — only needed when loading twice.
 */
export async function loadSuite(opts: {
  files: readonly string[];
  rootDir: string;
  mochaOptions?: Mocha.MochaOptions;
  cacheBust?: boolean;
  /** Called before any file loads (hands the run to the root suite, so files can generate tests from it). */
  beforeLoad?: (root: Mocha.Suite) => void;
}): Promise<LoadedSuite> {
  // mocha is loaded on first use: `vftest list` from the suite index never needs it.
  const { default: MochaClass } = await import("mocha");
  const mocha = new MochaClass({ ...opts.mochaOptions });
  opts.beforeLoad?.(mocha.suite);
  // Files are loaded here, so mocha.run() must not load them again (mocha 12 API; its typings lag behind).
  (mocha as unknown as { lazyLoadFiles(on: boolean): void }).lazyLoadFiles(true);
  const bust = opts.cacheBust ? `?load=${Date.now()}-${Math.random().toString(16).slice(2)}` : "";
  const { EVENT_FILE_PRE_REQUIRE, EVENT_FILE_REQUIRE, EVENT_FILE_POST_REQUIRE } = MochaClass.Suite.constants;
  for (const file of opts.files) {
    const abs = path.resolve(opts.rootDir, file);
    mocha.addFile(abs);
    mocha.suite.emit(EVENT_FILE_PRE_REQUIRE, globalThis, abs, mocha);
    const mod: unknown = await import(`${await suiteFileUrl(abs, opts.rootDir)}${bust}`);
    mocha.suite.emit(EVENT_FILE_REQUIRE, mod, abs, mocha);
    mocha.suite.emit(EVENT_FILE_POST_REQUIRE, globalThis, abs, mocha);
  }
  return { mocha, tests: collectTests(mocha.suite, opts.rootDir) };
}

export function collectTests(root: Mocha.Suite, rootDir: string): SuiteTest[] {
  const out: SuiteTest[] = [];
  const walk = (suite: Mocha.Suite): void => {
    for (const test of suite.tests) {
      out.push({
        id: testIdFor(test, rootDir),
        uuid: uuidOf(test.title),
        title: test.title,
        fullTitle: test.fullTitle(),
        file: test.file,
        tags: tagsFor(test),
        test,
      });
    }
    for (const child of suite.suites) walk(child);
  };
  walk(root);
  return out;
}

function matchesTags(tags: readonly string[], filters: readonly string[]): boolean {
  return filters.every((filter) => {
    const alternatives = filter
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const include = alternatives.filter((a) => !a.startsWith("!"));
    const exclude = alternatives.filter((a) => a.startsWith("!")).map((a) => a.slice(1));
    if (exclude.some((t) => tags.includes(t))) return false;
    return include.length === 0 || include.some((t) => tags.includes(t));
  });
}

/** Applies the regexes, excludes, load list, tags and explicit ids, then the shard; sorted by test id. */
export function selectTests<T extends ListedTest>(all: readonly T[], sel: Selection): T[] {
  const include = (sel.regexes ?? []).map((r) => compileRegex(r, "--regex"));
  const exclude = (sel.excludes ?? []).map((r) => compileRegex(r, "--exclude-regex"));
  const loaded = sel.loadIds ? new Set(sel.loadIds) : undefined;
  const ids = sel.ids ? new Set(sel.ids) : undefined;
  const filtered = all
    .filter((t) => include.length === 0 || include.some((r) => r.test(t.id)))
    .filter((t) => !exclude.some((r) => r.test(t.id)))
    .filter((t) => !loaded || loaded.has(t.id))
    .filter((t) => !sel.tags?.length || matchesTags(t.tags, sel.tags))
    .filter((t) => !ids || ids.has(t.id));
  const sorted = sortById(filtered);
  return sel.shard ? shardOf(sorted, sel.shard) : sorted;
}

export function sortById<T extends ListedTest>(tests: readonly T[]): T[] {
  return [...tests].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Shard I of N of an id-sorted list: index % N == I - 1. */
export function shardOf<T>(sorted: readonly T[], shard: Shard): T[] {
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}

/** Removes every unselected test from the suite tree (suites left empty do not run their hooks). */
export function pruneTo(root: Mocha.Suite, selected: readonly SuiteTest[]): void {
  const keep = new Set<Mocha.Test>(selected.map((t) => t.test));
  const walk = (suite: Mocha.Suite): void => {
    suite.tests = suite.tests.filter((t) => keep.has(t));
    for (const child of suite.suites) walk(child);
  };
  walk(root);
}

/** Duplicate UUIDs break traceability and result merging: report them as a usage problem of the suite. */
export function duplicateUuids(tests: readonly ListedTest[]): string[] {
  const seen = new Map<string, string>();
  const dups: string[] = [];
  for (const t of tests) {
    if (!t.uuid) continue;
    const prev = seen.get(t.uuid);
    if (prev) dups.push(`${t.uuid}: "${prev}" and "${t.id}"`);
    else seen.set(t.uuid, t.id);
  }
  return dups;
}
