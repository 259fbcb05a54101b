import { expect } from "chai";
import { XMLParser } from "fast-xml-parser";
import { renderJunit } from "../../../lib/report/junit.js";
import { failureDetail, stateOfStestrLine, stestrLine } from "../../../lib/report/progress.js";
import type { RunResults, TestResult } from "../../../lib/report/results-model.js";
import { StatusLine } from "../../../lib/report/status-line.js";
import { stestrSummary, timedelta } from "../../../lib/report/stestr-summary.js";
import { checkMatrixLines, factOf } from "../../../lib/report/summary-sections.js";
import { timelineData } from "../../../lib/report/timeline-data.js";
import { renderTimelineSvg } from "../../../lib/report/timeline-svg.js";
import type { CheckRecord } from "../../../lib/run/checks.js";
import { StepLog } from "../../../lib/run/step-log.js";

const UUID = "be1b48b9-b402-45f1-a6df-330a234b5753";
const ID = `vftest.scenario.test_cold_migration.ColdMigrationWithShare.test_migrate_confirm[id-${UUID},scenario]`;

const result = (over: Partial<TestResult> = {}): TestResult => ({
  id: ID,
  uuid: UUID,
  title: "migrate and confirm",
  fullTitle: "Cold migration migrate and confirm",
  classId: "vftest.scenario.test_cold_migration.ColdMigrationWithShare",
  kind: "test",
  state: "passed",
  durationMs: 1500,
  startedAt: "2026-11-25T12:00:00.000Z",
  finishedAt: "2026-11-25T12:00:01.500Z",
  tags: ["scenario"],
  worker: 0,
  ...over,
});

describe("console and closing summary", () => {
  it("stestr lines say their state, and the parallel parent reads it back", () => {
    for (const [state, word] of [
      ["passed", "ok"],
      ["failed", "FAILED"],
      ["skipped", "SKIPPED"],
    ] as const) {
      const line = stestrLine(result({ state, skipReason: "no second host" }));
      expect(line).to.include(`... ${word}`);
      expect(stateOfStestrLine(line)).to.equal(state);
    }
    expect(stateOfStestrLine("    [be1b48b9] STEP cold migrate")).to.equal(undefined);
  });

  it("a failure shows its message, the step it failed in and its diagnostics", () => {
    const lines = failureDetail(
      result({
        state: "failed",
        error: { message: "share s1 not mounted on compute2\nsecond line", requestId: "req-1" },
        step: "check the VERIFY_RESIZE window on compute2",
        diagnostics: "/r/diagnostics/be1b48b9",
      }),
    );
    expect(lines).to.deep.equal([
      "    share s1 not mounted on compute2",
      "    second line",
      "    failed in step: check the VERIFY_RESIZE window on compute2",
      "    request id: req-1",
      "    diagnostics: /r/diagnostics/be1b48b9",
    ]);
  });

  it("the summary is stestr's: Totals and Worker Balance", () => {
    const results: RunResults = {
      runId: "r",
      workers: 2,
      startedAt: "2026-11-25T12:00:00.000Z",
      finishedAt: "2026-11-25T12:01:02.500Z",
      durationMs: 62_500,
      totals: { total: 3, passed: 2, failed: 1, skipped: 0, skippedWithoutReason: 0 },
      tests: [
        result(),
        result({ worker: 1, state: "failed", startedAt: "2026-11-25T12:00:00.000Z" }),
        result({ worker: 1, finishedAt: "2026-11-25T12:01:02.000Z" }),
      ],
      checks: [],
    };
    const text = stestrSummary(results).join("\n");
    expect(text).to.include("Ran: 3 tests in 62.5000 sec.\n - Passed: 2\n - Skipped: 0\n - Failed: 1");
    expect(text).to.include("Sum of execute time for each test: 4.5000 sec.");
    expect(text).to.include(" - Worker 0 (1 tests) => 0:00:01.500000");
    expect(text).to.include(" - Worker 1 (2 tests) => 0:01:02");
    expect(timedelta(3_723_004)).to.equal("1:02:03.004000");
  });

  it("off a terminal the status is a plain line every few tests and at the end", () => {
    let out = "";
    const status = new StatusLine({ write: (t: string) => (out += t) }, { live: false });
    status.start(7);
    for (const s of ["passed", "passed", "skipped", "passed", "failed", "passed", "passed"] as const) status.result(s);
    const lines = out.trim().split("\n");
    expect(lines[0]).to.match(/^\[5\/7\] 3 passed, 1 failed, 1 skipped — \d+s, ETA \d+s$/);
    expect(lines[1]).to.match(/^\[7\/7\] 5 passed, 1 failed, 1 skipped — \d+s$/);
    expect(out, "no cursor movement off a terminal").not.to.include("\x1b");
  });

  it("the step log keeps each test's lines and names the innermost step that did not finish", () => {
    const log = new StepLog();
    log.setCurrent(UUID);
    log.step(UUID, "migrate and confirm", "STEP migrate and confirm");
    log.step(UUID, "cold migrate", "STEP cold migrate");
    log.stepDone(UUID, "cold migrate");
    log.step(UUID, "check the window", "STEP check the window");
    log.write("waiting for ACTIVE");
    expect(log.lastStep(UUID)).to.equal("check the window");
    log.stepDone(UUID, "check the window");
    expect(log.lastStep(UUID)).to.equal("migrate and confirm");
    expect(log.linesFor(UUID)).to.have.length(4);
  });
});

describe("JUnit and the check matrix", () => {
  it("JUnit carries the step log in system-out and Tempest's class and method", () => {
    const xml = renderJunit({
      runId: "r",
      workers: 1,
      startedAt: "2026-11-25T12:00:00.000Z",
      finishedAt: "2026-11-25T12:00:02.000Z",
      durationMs: 2000,
      totals: { total: 1, passed: 0, failed: 1, skipped: 0, skippedWithoutReason: 0 },
      tests: [result({ state: "failed", error: { message: "a <b> & c" }, log: ["STEP one", "x\u0001y"] })],
      checks: [],
    });
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const tc = doc.testsuite.testcase;
    expect(tc["@_classname"]).to.equal("vftest.scenario.test_cold_migration.ColdMigrationWithShare");
    expect(tc["@_name"]).to.equal(`test_migrate_confirm[id-${UUID},scenario]`);
    expect(tc["system-out"]).to.equal("STEP one\nxy");
    expect(tc.failure["@_message"]).to.equal("a <b> & c");
  });

  it("facts collapse across tests; cells count per host and phase (✓ ok, ✗ failed, – not checked)", () => {
    const c = (over: Partial<CheckRecord>): CheckRecord => ({
      testUuid: UUID,
      layer: "host",
      what: "share mounted at /var/lib/nova/mnt/abc",
      ok: true,
      outcome: "ok",
      phase: "VERIFY_RESIZE window",
      host: "compute1",
      ...over,
    });
    expect(factOf(c({ what: "<filesystem> vftest-tag-1 present in instance-0000abcd" }), ["compute1"])).to.equal(
      "<filesystem> ‹tag› present in ‹instance›",
    );
    const lines = checkMatrixLines([
      c({}),
      c({ testUuid: "other", what: "share mounted at /var/lib/nova/mnt/def" }),
      c({ host: "compute2", outcome: "failed", ok: false }),
      c({ phase: "after confirm", outcome: "not-checked", ok: false, reason: "whitebox off" }),
    ]);
    expect(lines).to.include("| host | VERIFY_RESIZE window | share mounted at ‹path› | ✓ 2 | ✗ 1 / 1 |");
    expect(lines).to.include("| host | after confirm | share mounted at ‹path› | – 1 |  |");
  });
});

describe("timeline", () => {
  const req = (ts: string, over: Record<string, unknown>) => ({
    ts,
    caller: `x [id-${UUID}]`,
    method: "GET",
    status: 200,
    url: "http://127.0.0.1/compute/v2.1/servers/11111111-2222-4333-8444-555555555555",
    ...over,
  });
  const server = (status: string, host?: string) => ({
    response_body: { server: { status, ...(host ? { "OS-EXT-SRV-ATTR:host": host } : {}) } },
  });
  const requests = [
    req("2026-11-25T12:00:00.000Z", server("ACTIVE", "compute1")),
    req("2026-11-25T12:00:01.000Z", {
      method: "POST",
      status: 202,
      url: "http://127.0.0.1/compute/v2.1/servers/11111111-2222-4333-8444-555555555555/action",
      request_body: { migrate: null },
      request_id: "req-m",
    }),
    req("2026-11-25T12:00:02.000Z", server("VERIFY_RESIZE", "compute2")),
    req("2026-11-25T12:00:03.000Z", {
      method: "POST",
      status: 204,
      url: "http://127.0.0.1/compute/v2.1/servers/11111111-2222-4333-8444-555555555555/action",
      request_body: { confirmResize: null },
    }),
    req("2026-11-25T12:00:04.000Z", server("ACTIVE", "compute2")),
  ];
  const checks: CheckRecord[] = [
    { testUuid: UUID, layer: "guest", what: "data intact", ok: true, outcome: "ok", at: "2026-11-25T12:00:02.500Z" },
    { testUuid: UUID, layer: "host", what: "gone", ok: false, outcome: "failed", at: "2026-11-25T12:00:03.500Z" },
    { testUuid: UUID, layer: "host", what: "xml", ok: false, outcome: "not-checked", at: "2026-11-25T12:00:03.600Z" },
  ];

  it("reads status, host and move requests from requests.jsonl", () => {
    const d = timelineData(requests, checks);
    expect(d.points.map((p) => `${p.status}@${p.host}`)).to.deep.equal([
      "ACTIVE@compute1",
      "VERIFY_RESIZE@compute2",
      "ACTIVE@compute2",
    ]);
    expect(d.moves.map((m) => m.action)).to.deep.equal(["migrate", "confirmResize"]);
    expect(d.end - d.start).to.equal(4000);
  });

  it("draws a well-formed SVG with the window, the requests and one marker per check", () => {
    const svg = renderTimelineSvg("t", timelineData(requests, checks), {
      at: Date.parse("2026-11-25T12:00:04.000Z"),
      message: "boom <x>",
    });
    expect(() => new XMLParser().parse(svg)).not.to.throw();
    expect(svg).to.include("VERIFY_RESIZE window");
    expect(svg).to.include(">migrate</text>");
    expect(svg).to.include(">compute2</text>");
    expect(svg.match(/<circle /g)).to.have.length(1);
    expect(svg).to.include('stroke="#c62828" stroke-width="3"');
    expect(svg).to.include("test failed: boom &lt;x&gt;");
  });
});
