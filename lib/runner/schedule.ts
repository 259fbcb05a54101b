// How `--parallel N` deals the selected tests to its workers. Slices are fixed before the workers start, so the
// run lasts as long as its most loaded worker: tests are dealt longest first onto the least loaded slice (LPT), by
// their duration in the previous run in the same results directory (`<results_dir>/latest/results.json`, as stestr
// partitions by its timing data); a test without a duration weighs the mean of the known ones, and with no
// history at all every test weighs the same (an even split by count). A class (file + top-level describe) is
// dealt whole only when it has class-level hooks (before/after), which run once per worker that runs any of its
// tests; other classes are split test by test, so one long class no longer leaves a worker idle at the end.

import fs from "node:fs";
import path from "node:path";
import type Mocha from "mocha";
import type { RunResults } from "../report/results-model.js";
import type { SuiteTest } from "./select.js";

/** Durations (ms) of the tests that ran in the previous run under `baseDir` (empty when there is none). */
export function previousDurations(baseDir: string): Map<string, number> {
  const out = new Map<string, number>();
  let doc: RunResults;
  try {
    doc = JSON.parse(fs.readFileSync(path.join(baseDir, "latest", "results.json"), "utf8")) as RunResults;
  } catch {
    return out;
  }
  for (const t of Array.isArray(doc.tests) ? doc.tests : []) {
    const ran = t.kind === "test" && (t.state === "passed" || t.state === "failed") && !t.notRun;
    if (ran && typeof t.durationMs === "number" && t.durationMs > 0) out.set(t.id, t.durationMs);
  }
  return out;
}

/** Deals `tests` to at most `n` slices (see the header); empty slices are dropped. */
export function splitForWorkers(
  tests: readonly SuiteTest[],
  n: number,
  durations: ReadonlyMap<string, number> = new Map(),
): SuiteTest[][] {
  const known = tests.map((t) => durations.get(t.id)).filter((d): d is number => d !== undefined);
  const fallback = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const weight = (t: SuiteTest) => durations.get(t.id) ?? fallback;
  const units = new Map<string, SuiteTest[]>();
  for (const t of tests) {
    const cls = classSuite(t);
    const key = cls && hasClassHooks(cls) ? `${t.file ?? ""}::${cls.title}` : `test::${t.id}`;
    units.set(key, [...(units.get(key) ?? []), t]);
  }
  const ordered = [...units.entries()]
    .map(([key, group]) => ({ key, group, w: group.reduce((a, t) => a + weight(t), 0) }))
    .sort((a, b) => b.w - a.w || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const slices: SuiteTest[][] = Array.from({ length: n }, () => []);
  const load: number[] = Array.from({ length: n }, () => 0);
  for (const u of ordered) {
    const i = load.reduce((best, l, j) => (l < (load[best] ?? 0) ? j : best), 0);
    slices[i]?.push(...u.group);
    load[i] = (load[i] ?? 0) + u.w;
  }
  return slices.filter((s) => s.length > 0);
}

/** The test's class: its top-level describe (the suite under the file's root). */
function classSuite(t: SuiteTest): Mocha.Suite | undefined {
  let s = t.test.parent;
  while (s?.parent && !s.parent.root) s = s.parent;
  return s && !s.root ? s : undefined;
}

type WithHooks = { _beforeAll?: unknown; _afterAll?: unknown; suites?: Mocha.Suite[] };

/** True when the suite or one nested in it has before/after (all) hooks; an unknown shape counts as hooks. */
function hasClassHooks(suite: Mocha.Suite): boolean {
  const s = suite as unknown as WithHooks;
  if (!Array.isArray(s._beforeAll) || !Array.isArray(s._afterAll)) return true;
  if (s._beforeAll.length > 0 || s._afterAll.length > 0) return true;
  return (s.suites ?? []).some(hasClassHooks);
}
