import { expect } from "chai";
import { formatElapsed } from "../../../lib/report/format.js";
import { progressLine, stestrLine } from "../../../lib/report/progress.js";
import { redactSecrets } from "../../../lib/report/redact.js";
import type { TestResult } from "../../../lib/report/results-model.js";
import { moduleIdOf, uuidOf } from "../../../lib/report/test-identity.js";
import { skipWithReason } from "../../../lib/run/skips.js";

const result = (over: Partial<TestResult>): TestResult => ({
  id: "tests.scenario.cold_migration.ColdMigrationWithShare.test x [id-11111111-1111-4111-8111-111111111111]",
  title: "test x",
  fullTitle: "ColdMigrationWithShare test x",
  classId: "tests.scenario.cold_migration.ColdMigrationWithShare",
  kind: "test",
  state: "passed",
  durationMs: 1234,
  startedAt: "2026-11-25T12:00:00.000Z",
  finishedAt: "2026-11-25T12:00:01.234Z",
  tags: [],
  worker: 3,
  ...over,
});

describe("report helpers", () => {
  it("formats the progress line and elapsed times", () => {
    expect(progressLine({ done: 12, total: 40, passed: 11, failed: 1, skipped: 0 }, 182_000)).to.equal(
      "[12/40] 11 passed, 1 failed, 0 skipped — 3m02s, ETA 7m05s",
    );
    expect(progressLine({ done: 40, total: 40, passed: 39, failed: 1, skipped: 0 }, 600_000)).to.equal(
      "[40/40] 39 passed, 1 failed, 0 skipped — 10m00s",
    );
    expect([formatElapsed(0), formatElapsed(59_400), formatElapsed(3_845_000)]).to.deep.equal([
      "0s",
      "59s",
      "1h04m05s",
    ]);
  });

  it("prints stestr lines", () => {
    expect(stestrLine(result({}))).to.match(/^\{3\} tests\.scenario\..* \[1\.234s\] \.\.\. ok$/);
    expect(stestrLine(result({ state: "skipped", skipReason: "no resize" }))).to.match(/\.\.\. SKIPPED: no resize$/);
    expect(stestrLine(result({ state: "failed" }))).to.match(/\{3\} (.*?) \[[\d.]+s\] \.\.\. FAILED/);
  });

  it("derives module ids and UUIDs per the contract", () => {
    expect(moduleIdOf("/w/tests/scenario/cold_migration.ts", "/w")).to.equal("tests.scenario.cold_migration");
    expect(moduleIdOf("/w/tests/api/shares.test.ts", "/w")).to.equal("tests.api.shares");
    expect(uuidOf("test x [id-11111111-1111-4111-8111-111111111111]")).to.equal("11111111-1111-4111-8111-111111111111");
    expect(uuidOf("test x [id-1111]")).to.equal(undefined);
  });

  it("masks secrets in messages", () => {
    const text = redactSecrets(
      'X-Auth-Token: gAAAAB123 {"password": "hunter2"} application_credential_secret=s3cr3t Bearer abc.def',
    );
    for (const secret of ["gAAAAB123", "hunter2", "s3cr3t", "abc.def"]) expect(text).not.to.include(secret);
    expect(text).to.include("X-Auth-Token: ***");
  });

  it("refuses an empty skip reason", function () {
    expect(() => skipWithReason(this, "  ")).to.throw(/reason is empty/);
  });
});
