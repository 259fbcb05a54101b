import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { mergeJunit, renderJunit } from "../../../lib/report/junit.js";
import { mergeWorkerDirs } from "../../../lib/report/merge.js";
import { readResultsJson, writeResultsJson } from "../../../lib/report/results.js";
import type { RunResults } from "../../../lib/report/results-model.js";
import { runFixture } from "./run-fixture.js";

function asWorker(r: RunResults, worker: number, shiftMs: number): RunResults {
  const shift = (iso: string) => new Date(Date.parse(iso) + shiftMs).toISOString();
  return {
    ...r,
    startedAt: shift(r.startedAt),
    finishedAt: shift(r.finishedAt),
    tests: r.tests.map((t) => ({ ...t, worker })),
  };
}

describe("merging worker outputs", () => {
  it("concatenates results (recomputing totals), subunit streams and JUnit suites", async () => {
    const run = await runFixture();
    const base = readResultsJson(run.resultsPath);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-merge-"));
    const workers = [0, 1].map((i) => {
      const d = path.join(root, `worker-${i}`);
      const r = asWorker(base, i, i * 60_000);
      writeResultsJson(path.join(d, "results.json"), r);
      fs.copyFileSync(run.subunitPath, path.join(d, "results.subunit"));
      fs.writeFileSync(path.join(d, "junit.xml"), renderJunit(r, `worker-${i}`));
      return d;
    });
    const out = mergeWorkerDirs(workers, path.join(root, "run"), "run-merged");
    expect(out.merged).to.deep.equal(["results.json", "results.subunit", "junit.xml"]);
    expect(out.missing).to.deep.equal([]);
    const merged = readResultsJson(path.join(root, "run", "results.json"));
    expect(merged.runId).to.equal("run-merged");
    expect(merged.workers).to.equal(2);
    expect(merged.totals).to.deep.equal({
      total: 12,
      passed: 2,
      failed: 4,
      skipped: 6,
      notRun: 0,
      skippedWithoutReason: 2,
    });
    expect(Date.parse(merged.finishedAt) - Date.parse(merged.startedAt)).to.be.at.least(60_000);
    expect(fs.statSync(path.join(root, "run", "results.subunit")).size).to.equal(2 * fs.statSync(run.subunitPath).size);
    const xml = fs.readFileSync(path.join(root, "run", "junit.xml"), "utf8");
    expect(xml).to.match(/<testsuites name="vftest" tests="12" failures="4" errors="0" skipped="6"/);
    expect(xml.match(/<testsuite /g)).to.have.length(2);
  });

  it("mergeJunit accepts mocha xunit documents (self-closing and nested)", () => {
    const xml = mergeJunit([
      '<testsuite name="a" tests="1" failures="0" errors="0" skipped="0" time="1.5"><testcase name="x"/></testsuite>',
      '<?xml version="1.0"?>\n<testsuite name="b" tests="0" failures="0" errors="0" skipped="0" time="0"/>',
    ]);
    expect(xml).to.include('<testsuites name="vftest" tests="1" failures="0" errors="0" skipped="0" time="1.500">');
    expect(xml.match(/<testsuite /g)).to.have.length(2);
  });

  it("says which worker output is missing", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-merge-"));
    expect(() => mergeWorkerDirs([path.join(root, "w0")], path.join(root, "run"))).to.throw(
      /no worker results to merge/,
    );
  });
});
