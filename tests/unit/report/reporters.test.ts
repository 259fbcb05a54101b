import fs from "node:fs";
import { expect } from "chai";
import { readResultsJson } from "../../../lib/report/results.js";
import { UUIDS } from "./fixtures/uuids.js";
import { runFixture } from "./run-fixture.js";

const CLASS = "tests.unit.report.fixtures.mixed.ColdMigrationWithShare";

describe("reporters over a real mocha run", () => {
  it("results.json has one entry per test with state, uuid, id, skip reason and error", async () => {
    const run = await runFixture();
    expect(run.failures, "the fixture has a failing test and a failing before-all hook").to.equal(2);
    const results = readResultsJson(run.resultsPath);
    const byUuid = new Map(results.tests.map((t) => [t.uuid, t]));
    expect(results.totals).to.deep.equal({
      total: 6,
      passed: 1,
      failed: 2,
      skipped: 3,
      notRun: 0,
      skippedWithoutReason: 1,
    });
    expect(byUuid.get(UUIDS.pass)?.id).to.equal(`${CLASS}.test migrate and confirm [id-${UUIDS.pass}]`);
    expect(byUuid.get(UUIDS.pass)?.tags).to.deep.equal(["smoke", "cold-migration"]);
    expect(byUuid.get(UUIDS.fail)?.error?.requestId).to.equal("req-0123abcd-0000-4000-8000-000000000001");
    expect(byUuid.get(UUIDS.skipReason)?.skipReason).to.equal("needs 2 compute hosts, found 1");
    expect(byUuid.get(UUIDS.skipBare)?.skipReason).to.equal(undefined);
    expect(byUuid.get(UUIDS.inherited)?.skipReason).to.equal("compute_feature_enabled.resize is false");
    expect(byUuid.get(UUIDS.brokenSetup)?.error?.message).to.match(
      /^not run: "before all" hook.* failed: cannot create share/,
    );
    expect(results.checks.map((c) => c.host)).to.deep.equal(["compute-2", undefined]);
  });

  it("console output has stestr lines Zuul's failure regex matches, skip reasons and a progress line", async () => {
    const { console } = await runFixture();
    const zuul = /\{\d+\} (.*?) \[[\d.]+s\] \.\.\. FAILED/g;
    const failed = [...console.matchAll(zuul)].map((m) => m[1]);
    expect(failed).to.deep.equal([
      `${CLASS}.test revert [id-${UUIDS.fail}]`,
      `tests.unit.report.fixtures.mixed.BrokenSetup.test never runs [id-${UUIDS.brokenSetup}]`,
    ]);
    expect(console).to.match(/\{0\} \S.* \[[\d.]+s\] \.\.\. ok/);
    expect(console).to.include("... SKIPPED: needs 2 compute hosts, found 1");
    expect(console).to.include("... SKIPPED: skipped without a reason");
    expect(console).to.match(/WARNING: \S.* was skipped without a reason; use skipWithReason/);
    expect(console).to.match(/\[6\/6\] 1 passed, 2 failed, 3 skipped — \d+s/);
    expect(console, "the request id, in the message or on its own line").to.include(
      "req-0123abcd-0000-4000-8000-000000000001",
    );
  });

  it("writes a non-empty subunit stream", async () => {
    const { subunitPath } = await runFixture();
    const bytes = fs.readFileSync(subunitPath);
    expect(bytes[0], "a subunit v2 stream starts with the 0xB3 signature").to.equal(0xb3);
  });
});
