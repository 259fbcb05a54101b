// The parent's merge of a parallel run: a selected test that no worker reported (its worker was stopped before it,
// or its phase never started) is written as not run in results.json, JUnit and subunit, never left out.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { readResultsJson, writeResultsJson } from "../../../lib/report/results.js";
import { computeTotals, type RunResults, type TestResult } from "../../../lib/report/results-model.js";
import { type ExpectedTest, mergeWorkerResults } from "../../../lib/runner/merge.js";

const expected = (n: number): ExpectedTest => ({
  id: `vftest.scenario.test_x.X.test_${n}[id-0000000${n}-0000-4000-8000-000000000000,scenario]`,
  uuid: `0000000${n}-0000-4000-8000-000000000000`,
  title: `test ${n}`,
  fullTitle: `X test ${n}`,
  classId: "vftest.scenario.test_x.X",
  tags: ["scenario"],
});

function workerDir(root: string, i: number, t: ExpectedTest): string {
  const dir = path.join(root, "workers", String(i));
  const at = new Date().toISOString();
  const result: TestResult = {
    ...t,
    kind: "test",
    state: "failed",
    durationMs: 5,
    startedAt: at,
    finishedAt: at,
    error: { message: "interrupted: the run was stopped at once (SIGINT again) while this test ran" },
    worker: i,
  };
  const doc: RunResults = {
    runId: "r",
    workers: 1,
    startedAt: at,
    finishedAt: at,
    durationMs: 0,
    totals: computeTotals([result]),
    tests: [result],
    checks: [],
  };
  writeResultsJson(path.join(dir, "results.json"), doc);
  fs.writeFileSync(
    path.join(dir, "junit.xml"),
    '<testsuite name="w" tests="1" failures="1" errors="0" skipped="0"></testsuite>',
  );
  fs.writeFileSync(path.join(dir, "results.subunit"), Buffer.alloc(0));
  return dir;
}

describe("parallel merge: tests nobody reported", () => {
  it("adds them as not run to results.json, JUnit and subunit, and returns them", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-pmerge-"));
    const tests = [expected(1), expected(2), expected(3)];
    const dirs = [workerDir(root, 0, tests[0]!), workerDir(root, 1, tests[1]!)];
    const notRun = await mergeWorkerResults({
      outDir: root,
      workerDirs: dirs,
      crashes: [],
      runId: "r",
      expected: { tests, reason: "the run was interrupted (SIGINT)" },
    });
    expect(notRun.map((t) => t.id)).to.deep.equal([tests[2]!.id]);
    const merged = readResultsJson(path.join(root, "results.json"));
    expect(merged.totals).to.include({ total: 3, failed: 2, skipped: 0, notRun: 1 });
    const third = merged.tests.find((t) => t.id === tests[2]!.id);
    expect(third).to.include({
      state: "skipped",
      notRun: true,
      skipReason: "not run: the run was interrupted (SIGINT)",
    });
    const junit = fs.readFileSync(path.join(root, "junit.xml"), "utf8");
    expect(junit).to.match(/<testsuites name="vftest" tests="3" failures="2" errors="0" skipped="1">/);
    expect(junit).to.include('<skipped message="not run: the run was interrupted (SIGINT)"/>');
    const subunit = fs.readFileSync(path.join(root, "results.subunit"));
    expect(subunit.includes(Buffer.from(tests[2]!.id))).to.equal(true);
    expect(subunit.includes(Buffer.from("not run: the run was interrupted (SIGINT)"))).to.equal(true);
  });

  it("adds nothing when every selected test was reported", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-pmerge-"));
    const tests = [expected(1), expected(2)];
    const dirs = [workerDir(root, 0, tests[0]!), workerDir(root, 1, tests[1]!)];
    const notRun = await mergeWorkerResults({
      outDir: root,
      workerDirs: dirs,
      crashes: [],
      runId: "r",
      expected: { tests, reason: "x" },
    });
    expect(notRun).to.deep.equal([]);
    expect(readResultsJson(path.join(root, "results.json")).totals).to.include({ total: 2, notRun: 0 });
  });
});
