// The end-of-run reports are written piece by piece to keep the run's peak memory down (issue 13): the streamed
// testr_results.html must be the very page renderTestrHtml builds in one string, and the request log, read in
// chunks and slimmed, must give the same timeline as the whole parsed lines.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { writeJsonFile } from "../../../lib/report/json-file.js";
import { computeTotals, type RunResults, type TestResult } from "../../../lib/report/results-model.js";
import { renderTestrHtml, writeTestrHtml } from "../../../lib/report/testr-html.js";
import { requestsByTest, timelineData } from "../../../lib/report/timeline-data.js";

const UUID_A = "be1b48b9-b402-45f1-a6df-330a234b5753";
const UUID_B = "0c3a5c1e-7d1f-4c55-9f3e-2a8e5e0d9b11";
const SERVER = "11111111-2222-4333-8444-555555555555";

const test = (uuid: string, classId: string, over: Partial<TestResult> = {}): TestResult => ({
  id: `${classId}.test_x[id-${uuid},scenario]`,
  uuid,
  title: `test_x[id-${uuid}]`,
  fullTitle: `x test_x[id-${uuid}]`,
  classId,
  kind: "test",
  state: "passed",
  durationMs: 1500,
  startedAt: "2026-11-25T12:00:00.000Z",
  finishedAt: "2026-11-25T12:00:01.500Z",
  tags: ["scenario"],
  worker: 0,
  ...over,
});

const results = (tests: TestResult[]): RunResults => ({
  runId: "run-1",
  workers: 1,
  startedAt: "2026-11-25T12:00:00.000Z",
  finishedAt: "2026-11-25T12:00:09.000Z",
  durationMs: 9000,
  totals: computeTotals(tests),
  tests,
  checks: [],
});

describe("reports written piece by piece", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-streamed-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("testr_results.html streamed row by row is the page rendered in one string, SVGs asked for one at a time", () => {
    const r = results([
      test(UUID_A, "vftest.scenario.b.B", { log: ["step 1 ✓", "step <2>"] }),
      test(UUID_B, "vftest.scenario.a.A", {
        state: "failed",
        error: { message: "boom", stack: "Error: boom\n    at x", requestId: "req-1" },
      }),
      test("", "vftest.scenario.a.A", { uuid: undefined, state: "skipped", skipReason: "needs 2 hosts — found 1" }),
    ]);
    const svgs = new Map([[UUID_A, '<svg xmlns="http://www.w3.org/2000/svg"><text>é</text></svg>']]);
    const asked: string[] = [];
    const file = path.join(dir, "sub", "testr_results.html");
    writeTestrHtml(file, r, (uuid) => {
      asked.push(uuid);
      return svgs.get(uuid);
    });
    const page = fs.readFileSync(file, "utf8");
    expect(page).to.equal(renderTestrHtml(r, svgs));
    expect(page).to.include("<text>é</text>");
    expect(asked, "each test's SVG asked for once").to.deep.equal([UUID_B, UUID_A]);
  });

  it("an empty run's page is the one-string page too", () => {
    const r = results([]);
    const file = path.join(dir, "testr_results.html");
    writeTestrHtml(file, r);
    expect(fs.readFileSync(file, "utf8")).to.equal(renderTestrHtml(r));
  });

  it("requests.jsonl read in chunks and slimmed gives the timeline of the whole lines", () => {
    const big = "ü".repeat(50_000); // multi-byte characters across the 64 KiB chunk boundaries
    const line = (ts: string, over: Record<string, unknown>) => ({
      ts,
      caller: `x [id-${UUID_A}]`,
      method: "GET",
      status: 200,
      url: `http://127.0.0.1/compute/v2.1/servers/${SERVER}`,
      request_id: `req-${ts}`,
      ...over,
    });
    const lines = [
      line("2026-11-25T12:00:00.000Z", {
        response_body: { server: { status: "ACTIVE", "OS-EXT-SRV-ATTR:host": "compute1", big } },
      }),
      { ts: "2026-11-25T12:00:00.500Z", caller: "setup", method: "GET", url: "http://127.0.0.1/x" },
      line("2026-11-25T12:00:01.000Z", {
        method: "POST",
        status: 202,
        url: `http://127.0.0.1/compute/v2.1/servers/${SERVER}/action`,
        request_body: { migrate: { host: big } },
      }),
      line("2026-11-25T12:00:02.000Z", { response_body: { server: { status: "VERIFY_RESIZE", big } } }),
      line("2026-11-25T12:00:03.000Z", { caller: `y [id-${UUID_B}]`, response_body: { server: { status: "ACTIVE" } } }),
      line("2026-11-25T12:00:04.000Z", {
        response_body: { server: { status: "ACTIVE", "OS-EXT-SRV-ATTR:host": "c2" } },
      }),
    ];
    const file = path.join(dir, "requests.jsonl");
    // The last line has no newline, as a log cut short by a killed run.
    fs.writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n{"ts":"broken [id-${UUID_A}]`);
    const byTest = requestsByTest([file]);
    expect([...byTest.keys()]).to.deep.equal([UUID_A, UUID_B]);
    const whole = lines.filter((l) => l.caller.includes(UUID_A));
    const mine = byTest.get(UUID_A) ?? [];
    expect(mine).to.have.length(whole.length);
    expect(timelineData(mine, [])).to.deep.equal(timelineData(whole, []));
    expect(JSON.stringify(mine), "response bodies are not kept").not.to.include("ü");
  });
});

describe("writeJsonFile", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-json-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const values: [string, unknown][] = [
    ["scalars", 42],
    ["a string", 'é "q" \n ✓'],
    ["null", null],
    ["empty object", {}],
    ["empty array", []],
    [
      "results-like",
      {
        runId: "r",
        none: undefined,
        fn: () => 1,
        at: new Date(Date.UTC(2026, 10, 25)),
        tests: [
          { id: "a", log: ["x", "y ✓"], nested: { deep: [1, { z: [] }], empty: {} }, skip: undefined },
          { id: "b", error: { message: "line 1\nline 2" } },
          [],
          {},
          undefined,
          null,
          "s",
        ],
        checks: [],
        totals: { total: 2 },
        sparse: new Array(3).fill(1, 0, 1), // a hole: JSON.stringify writes null for it
      },
    ],
  ];
  for (const [name, value] of values) {
    for (const levels of [0, 1, 2, 3, 5]) {
      it(`${name}, ${levels} level(s) split: the bytes of JSON.stringify(value, null, 2)`, () => {
        const file = path.join(dir, "x.json");
        writeJsonFile(file, value, levels);
        expect(fs.readFileSync(file, "utf8")).to.equal(`${JSON.stringify(value, null, 2)}\n`);
      });
    }
  }
});
