import { expect } from "chai";
import { judgeProfile, type ProfileExpectation, renderDetectionMatrix } from "../../../lib/report/detection.js";
import type { RunResults, TestResult } from "../../../lib/report/results-model.js";

function test(uuid: string, state: TestResult["state"], message?: string): TestResult {
  return {
    id: `t.${uuid}`,
    uuid,
    title: `test ${uuid}`,
    fullTitle: `test ${uuid}`,
    classId: "t",
    kind: "test",
    state,
    durationMs: 1,
    startedAt: "",
    finishedAt: "",
    tags: [],
    worker: 0,
    ...(message ? { error: { message } } : {}),
  };
}

function run(tests: TestResult[]): RunResults {
  const count = (s: string) => tests.filter((t) => t.state === s).length;
  return {
    runId: "r",
    workers: 1,
    startedAt: "",
    finishedAt: "",
    durationMs: 1,
    totals: {
      total: tests.length,
      passed: count("passed"),
      failed: count("failed"),
      skipped: count("skipped"),
      skippedWithoutReason: 0,
    },
    tests,
    checks: [],
  };
}

const bug: ProfileExpectation = {
  profile: "dest-not-mounted",
  faults: ["dest-not-mounted"],
  kind: "bug",
  mustFail: [{ test: "a", phrase: "not mounted" }],
};

describe("detection matrix", () => {
  it("passes a profile detected with its phrase and nothing else failing", () => {
    const j = judgeProfile(bug, {
      profile: "dest-not-mounted",
      durationMs: 5,
      results: run([test("a", "failed", "share tag x not mounted in guest: ..."), test("b", "passed")]),
    });
    expect(j.verdict).to.equal("passed");
    expect(j.detected).to.have.length(1);
  });

  it("fails a profile when the expected test passed, failed with another phrase, or another test failed", () => {
    expect(judgeProfile(bug, { profile: "p", durationMs: 1, results: run([test("a", "passed")]) }).verdict).to.equal(
      "failed",
    );
    const wrongPhrase = judgeProfile(bug, {
      profile: "p",
      durationMs: 1,
      results: run([test("a", "failed", "timeout")]),
    });
    expect(wrongPhrase.missed[0]?.why).to.match(/without "not mounted"/);
    const extra = judgeProfile(bug, {
      profile: "p",
      durationMs: 1,
      results: run([test("a", "failed", "not mounted"), test("b", "failed", "boom")]),
    });
    expect(extra.verdict).to.equal("failed");
    expect(extra.unexpected.map((u) => u.test)).to.deep.equal(["b"]);
  });

  it("fails a crashed run and renders the matrix with the N passed, N failed line", () => {
    const crashed = judgeProfile(bug, { profile: "p", durationMs: 1, crash: "exit 2" });
    const healthy = judgeProfile(
      { profile: "healthy", faults: [], kind: "healthy", mustFail: [] },
      { profile: "healthy", durationMs: 1, results: run([test("a", "passed")]) },
    );
    expect(crashed.verdict).to.equal("failed");
    const md = renderDetectionMatrix([healthy, crashed]);
    expect(md).to.include("| healthy | healthy |");
    expect(md.trim().split("\n").at(-1)).to.equal("1 passed, 1 failed");
  });
});
