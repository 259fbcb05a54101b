import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import Mocha from "mocha";
import { WORKER_HEAP_FLAGS, workerEntry } from "../../../lib/runner/compiled.js";
import { previousDurations, splitForWorkers } from "../../../lib/runner/schedule.js";
import type { SuiteTest } from "../../../lib/runner/select.js";

/** A class suite (top-level describe of a file) with `n` tests, and before/after hooks when `hooks`. */
function cls(name: string, n: number, hooks = false): SuiteTest[] {
  const root = new Mocha.Suite("", new Mocha.Context());
  root.root = true;
  const suite = Mocha.Suite.create(root, name);
  if (hooks) suite.beforeAll(() => undefined);
  return Array.from({ length: n }, (_, i) => {
    const test = new Mocha.Test(`t${i}`, () => undefined);
    suite.addTest(test);
    const id = `tests.scenario.x.${name}.t${i}`;
    return { id, title: `t${i}`, fullTitle: `${name} t${i}`, file: `/x/${name}.test.ts`, tags: [], test };
  });
}

const ids = (slices: SuiteTest[][]) => slices.map((s) => s.map((t) => t.id.split(".").slice(-2).join(".")).sort());

describe("runner schedule (--parallel)", () => {
  it("splits a class without class-level hooks: 3 + 2 tests on 2 workers is 3/2 by count, not 3 | 2 by class", () => {
    const slices = splitForWorkers([...cls("A", 3), ...cls("B", 2)], 2);
    expect(slices.map((s) => s.length).sort()).to.deep.equal([2, 3]);
    expect(
      ids(slices).every((s) => s.some((id) => id.startsWith("A."))),
      "class A in both workers",
    ).to.equal(true);
  });

  it("keeps a class with before/after hooks in one worker", () => {
    const slices = splitForWorkers([...cls("A", 3, true), ...cls("B", 1), ...cls("C", 1)], 2);
    expect(ids(slices)).to.deep.include.members([["A.t0", "A.t1", "A.t2"]]);
  });

  it("deals longest first onto the least loaded worker, by the previous run's durations", () => {
    const tests = [...cls("A", 3), ...cls("B", 2)];
    const d = new Map([
      ["tests.scenario.x.A.t0", 18],
      ["tests.scenario.x.A.t1", 14],
      ["tests.scenario.x.A.t2", 11],
      ["tests.scenario.x.B.t0", 11.5],
      ["tests.scenario.x.B.t1", 11.7],
    ]);
    const slices = splitForWorkers(tests, 2, d);
    const loads = slices.map((s) => s.reduce((a, t) => a + (d.get(t.id) ?? 0), 0)).sort((a, b) => a - b);
    expect(loads).to.deep.equal([29.5, 36.7]);
  });

  it("gives an unknown test the mean of the known durations", () => {
    const tests = [...cls("A", 3)];
    const slices = splitForWorkers(tests, 2, new Map([["tests.scenario.x.A.t0", 10]]));
    expect(slices.map((s) => s.length).sort()).to.deep.equal([1, 2]);
  });

  it("reads durations of tests that ran from <base>/latest/results.json, nothing without one", () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-schedule-"));
    try {
      expect(previousDurations(base).size).to.equal(0);
      fs.mkdirSync(path.join(base, "r1"));
      const t = (id: string, state: string, durationMs: number, extra = {}) => ({
        id,
        kind: "test",
        state,
        durationMs,
        ...extra,
      });
      const tests = [
        t("a", "passed", 5),
        t("b", "failed", 7),
        t("c", "skipped", 0),
        t("d", "skipped", 0, { notRun: true }),
      ];
      fs.writeFileSync(path.join(base, "r1", "results.json"), JSON.stringify({ tests }));
      fs.symlinkSync("r1", path.join(base, "latest"));
      expect([...previousDurations(base)]).to.deep.equal([
        ["a", 5],
        ["b", 7],
      ]);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it("starts workers with the heap flags, or with the user's own heap flags when given", () => {
    expect(workerEntry("/x", []).execArgv).to.include.members(WORKER_HEAP_FLAGS);
    const own = workerEntry("/x", ["--max-semi-space-size=8"]).execArgv;
    expect(own).to.include("--max-semi-space-size=8");
    expect(own).to.not.include.members(WORKER_HEAP_FLAGS);
  });
});
