import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { finalizeRun } from "../../../lib/report/finalize.js";
import { readResultsJson } from "../../../lib/report/results.js";
import { renderTraceability, type SpecBehaviour } from "../../../lib/report/traceability.js";
import { UUIDS } from "./fixtures/uuids.js";
import { runFixture } from "./run-fixture.js";

const BEHAVIOURS: SpecBehaviour[] = [
  {
    id: "dest-grant-mount",
    statement: "destination grants access and mounts",
    specRef: "Proposed change §2",
    testIds: [UUIDS.pass],
  },
  {
    id: "revert-cleans-dest",
    statement: "revert cleans the destination",
    specRef: "§4",
    testIds: [UUIDS.fail, UUIDS.pass],
  },
  { id: "resize-two-hosts", statement: "resize to another host", specRef: "§3", testIds: [UUIDS.skipReason] },
  {
    id: "live-migration",
    statement: "live migration is refused",
    specRef: "§6",
    testIds: ["99999999-9999-4999-8999-999999999999"],
  },
];

describe("traceability verdicts", () => {
  it("maps results to verified / failed / skipped with reason / not run", () => {
    const results = new Map([
      [UUIDS.pass, "passed" as const],
      [UUIDS.fail, "failed" as const],
      [UUIDS.skipReason, "skipped" as const],
    ]);
    const { rows, markdown } = renderTraceability(BEHAVIOURS, results, new Map([[UUIDS.skipReason, "needs 2 hosts"]]));
    expect(rows.map((r) => [r.behaviour.id, r.verdict])).to.deep.equal([
      ["dest-grant-mount", "verified"],
      ["revert-cleans-dest", "failed"],
      ["resize-two-hosts", "skipped"],
      ["live-migration", "not run"],
    ]);
    expect(rows[2]?.reason).to.equal("needs 2 hosts");
    expect(rows[1]?.reason).to.include(UUIDS.fail);
    expect(markdown).to.include("| **resize-two-hosts**: resize to another host | §3 | ⏭️ skipped | needs 2 hosts |");
  });

  it("a behaviour whose test was skipped without a reason says so", () => {
    const { rows } = renderTraceability(
      BEHAVIOURS.slice(2, 3),
      new Map([[UUIDS.skipReason, "skipped" as const]]),
      new Map(),
    );
    expect(rows[0]?.reason).to.equal("skipped without a reason");
  });
});

describe("run summary, testr_results.html and junit.xml from results.json", () => {
  let dir: string;
  before(async () => {
    const run = await runFixture();
    dir = path.join(run.dir, "final");
    finalizeRun({ runDir: dir, results: readResultsJson(run.resultsPath), behaviours: BEHAVIOURS, junit: true });
  });

  it("summary.json carries totals, verdicts, checks by host, failures with request ids and skip reasons", () => {
    const s = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8"));
    expect(s.result).to.equal("failed");
    expect(s.totals.skippedWithoutReason).to.equal(1);
    expect(s.behaviours.map((b: { verdict: string }) => b.verdict)).to.deep.equal([
      "verified",
      "failed",
      "skipped",
      "not run",
    ]);
    expect(s.hosts.map((h: { host: string }) => h.host)).to.deep.equal(["compute-2", "(API and Manila, no host)"]);
    expect(s.failures[0].requestId).to.equal("req-0123abcd-0000-4000-8000-000000000001");
    expect(s.failures[0].message, "first line only").not.to.include("second line");
    expect(s.skipped.map((k: { reason: string }) => k.reason)).to.include("needs 2 compute hosts, found 1");
    expect(s.warnings.join("\n")).to.include("skipped without a reason");
  });

  it("summary.md is the readable page", () => {
    const md = fs.readFileSync(path.join(dir, "summary.md"), "utf8");
    expect(md).to.match(/^# vftest run run-1: FAILED/);
    expect(md).to.include("1 verified, 1 failed, 1 skipped, 1 not run.");
    expect(md.indexOf("## Failures"), "failures come right after the verdict").to.be.lessThan(
      md.indexOf("## Environment"),
    );
    expect(md).to.include("## Environment");
    expect(md).to.include("| Layer | Phase | Fact | compute-2 | (no host) |");
    expect(md).to.match(/\| guest \| \(no phase\) \| share mounted at ‹path› \| ✓ 1 \| {2}\|/);
    expect(md).to.include("needs 2 compute hosts, found 1");
  });

  it("testr_results.html lists every test with its status, tracebacks and skip reasons", () => {
    const html = fs.readFileSync(path.join(dir, "testr_results.html"), "utf8");
    for (const uuid of Object.values(UUIDS))
      expect(html, `test ${uuid} in testr_results.html`).to.include(`[id-${uuid}]`);
    expect(html).to.include("tests.unit.report.fixtures.mixed.ColdMigrationWithShare");
    expect(html).to.include("<details><summary>Error: POST");
    expect(html).to.include("Cannot revert &lt;shares&gt;");
    expect(html).to.include("compute_feature_enabled.resize is false");
    expect(html).not.to.match(/<script|https?:\/\/(?!127\.0\.0\.1)/);
  });

  it("junit.xml counts and escapes", () => {
    const xml = fs.readFileSync(path.join(dir, "junit.xml"), "utf8");
    expect(xml).to.match(/<testsuite name="vftest" tests="6" failures="2" errors="0" skipped="3"/);
    expect(xml).to.include('<skipped message="needs 2 compute hosts, found 1"/>');
    expect(xml).to.include("Cannot revert &lt;shares&gt;");
  });
});
