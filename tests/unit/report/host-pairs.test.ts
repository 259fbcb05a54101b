// The host-pair vocabulary (stable UUIDs, titles, pair lists) and the matrix rendered from results.json: pair
// states, the host whose every pair failed, summary section and HTML page.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { buildHostPairMatrix, hostPairsMarkdown, layersLine } from "../../../lib/report/host-pairs.js";
import { renderHostPairsHtml, writeHostPairFiles } from "../../../lib/report/host-pairs-html.js";
import type { RunResults, TestResult } from "../../../lib/report/results-model.js";
import { computeTotals } from "../../../lib/report/results-model.js";
import {
  allPairs,
  HOST_PAIR_TAG,
  type HostPair,
  type PairEnd,
  pairTestTitle,
  pairTestUuid,
  parsePairTitle,
  resolvePairs,
} from "../../../lib/spec/host-pairs.js";

const HOSTS = ["compute1", "compute2", "compute3"];

function result(pair: HostPair, end: PairEnd, state: TestResult["state"], message?: string): TestResult {
  const uuid = pairTestUuid(pair, end);
  const title = `${pairTestTitle(pair, end)} [id-${uuid}]`;
  return {
    id: `tests.scenario.host_pairs.${pair.from}.${title}`,
    uuid,
    title,
    fullTitle: title,
    classId: "tests.scenario.host_pairs",
    kind: "test",
    state,
    durationMs: 4200,
    startedAt: "2026-12-01T00:00:00Z",
    finishedAt: "2026-12-01T00:00:04Z",
    ...(message ? { error: { message } } : {}),
    tags: ["scenario", "admin", HOST_PAIR_TAG],
    worker: 0,
  };
}

function run(tests: TestResult[]): RunResults {
  return {
    runId: "r1",
    workers: 1,
    startedAt: "2026-12-01T00:00:00Z",
    finishedAt: "2026-12-01T00:01:00Z",
    durationMs: 60_000,
    totals: computeTotals(tests),
    tests,
    checks: [],
  };
}

describe("host pairs: ids, titles, pair lists", () => {
  it("derives a stable, distinct v5 UUID per pair and end", () => {
    const ids = allPairs(HOSTS).flatMap((p) => [pairTestUuid(p, "confirm"), pairTestUuid(p, "revert")]);
    expect(new Set(ids).size).to.equal(12);
    for (const id of ids) expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pairTestUuid({ from: "a", to: "b" }, "confirm")).to.equal(pairTestUuid({ from: "a", to: "b" }, "confirm"));
    expect(pairTestUuid({ from: "a", to: "b" }, "confirm")).not.to.equal(
      pairTestUuid({ from: "b", to: "a" }, "confirm"),
    );
  });

  it("reads a pair back from its test title", () => {
    const p = { from: "cmp-1.example", to: "cmp-2" };
    expect(parsePairTitle(`${pairTestTitle(p, "revert")} [id-${pairTestUuid(p, "revert")}]`)).to.deep.equal({
      pair: p,
      end: "revert",
    });
    expect(parsePairTitle("migrate and confirm")).to.equal(undefined);
  });

  it("resolves all and explicit lists against the up hosts, rejecting bad ones with one message", () => {
    expect(resolvePairs("all", HOSTS)).to.have.length(6);
    expect(resolvePairs("compute2:compute1, compute1:compute3", HOSTS)).to.deep.equal([
      { from: "compute2", to: "compute1" },
      { from: "compute1", to: "compute3" },
    ]);
    expect(() => resolvePairs("all", ["compute1"])).to.throw(/at least 2 compute hosts up; found compute1/);
    expect(() => resolvePairs("compute1:compute9", HOSTS)).to.throw(/"compute9" is not an up nova-compute host/);
    expect(() => resolvePairs("compute1:compute1", HOSTS)).to.throw(/same host twice/);
    expect(() => resolvePairs("compute1", HOSTS)).to.throw(/is not a pair/);
    expect(() => resolvePairs("compute1:compute2,compute1:compute2", HOSTS)).to.throw(/listed twice/);
  });
});

describe("host-pair matrix", () => {
  const why =
    "POST /servers/x/shares -> 409 Conflict: Feature not supported because either compute or instance are not configured correctly.\n  at stack";
  const broken = run(
    allPairs(HOSTS).flatMap((p) => {
      const bad = p.from === "compute3" || p.to === "compute3";
      return (["confirm", "revert"] as const).map((end) =>
        result(p, end, bad ? "failed" : "passed", bad ? why : undefined),
      );
    }),
  );

  it("is absent when the run had no host-pair test", () => {
    expect(buildHostPairMatrix(run([]))).to.equal(undefined);
    expect(hostPairsMarkdown(undefined)).to.equal("");
  });

  it("marks exactly the broken host's pairs failed, with the first line of the failure, and names the host", () => {
    const m = buildHostPairMatrix(broken);
    expect(m?.result).to.equal("failed");
    expect(m?.pairs.filter((p) => p.state === "failed")).to.have.length(4);
    expect(m?.pairs.find((p) => p.from === "compute1" && p.to === "compute3")?.confirm.reason).to.equal(
      "POST /servers/x/shares -> 409 Conflict: Feature not supported because either compute or instance are not configured correctly.",
    );
    expect(m?.byHost.filter((h) => h.suspect).map((h) => h.host)).to.deep.equal(["compute3"]);
    const md = hostPairsMarkdown(m);
    expect(md).to.match(/^## Host pairs\n\n6 ordered pair\(s\) of 3 host\(s\): 2 passed, 4 failed\./);
    expect(md).to.include("| compute1 | compute2 | passed | pass (4.2 s) | pass (4.2 s) |  |");
    expect(md).to.include("- **compute3**: every pair with compute3 failed, other pairs passed");
  });

  it("blames no host when every pair failed, and a pair with one end missing is not passed", () => {
    const all = run(
      allPairs(["a", "b"]).flatMap((p) => [result(p, "confirm", "failed", "x"), result(p, "revert", "failed", "x")]),
    );
    expect(buildHostPairMatrix(all)?.byHost.filter((h) => h.suspect)).to.deep.equal([]);
    const half = buildHostPairMatrix(run([result({ from: "a", to: "b" }, "confirm", "passed")]));
    expect(half?.pairs[0]?.state).to.equal("not run");
    expect(half?.result).to.equal("incomplete");
  });

  it("says per layer what the pair tests checked, and which layer was not checked and why", () => {
    const pass = result({ from: "a", to: "b" }, "confirm", "passed");
    const r = run([pass, result({ from: "x", to: "y" }, "confirm", "passed")]);
    const rec = (layer: "api" | "host", outcome: "ok" | "failed" | "not-checked", reason?: string) => ({
      testUuid: pass.uuid ?? "",
      layer,
      what: "w",
      ok: outcome === "ok",
      outcome,
      ...(reason ? { reason } : {}),
    });
    r.checks = [rec("api", "ok"), rec("api", "failed"), rec("host", "not-checked", "whitebox disabled")];
    r.checks.push({ ...rec("api", "ok"), testUuid: "not-a-pair-test" });
    const m = buildHostPairMatrix(r);
    expect(m && layersLine(m)).to.equal(
      "api 2 check(s), 1 failed; guest not checked; manila not checked; host not checked (whitebox disabled); notifications not checked",
    );
  });

  it("writes host-pairs.json and an escaped, self-contained host-pairs.html", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-pairs-"));
    try {
      const t = result({ from: "a", to: "b" }, "revert", "failed", "<script>alert(1)</script>");
      const m = writeHostPairFiles(dir, run([result({ from: "a", to: "b" }, "confirm", "passed"), t]));
      expect(JSON.parse(fs.readFileSync(path.join(dir, "host-pairs.json"), "utf8"))).to.deep.equal(m);
      const html = fs.readFileSync(path.join(dir, "host-pairs.html"), "utf8");
      expect(html).to.include("&lt;script&gt;alert(1)&lt;/script&gt;").and.not.include("<script>");
      expect(html).to.equal(renderHostPairsHtml(m!));
      expect(html).to.match(/confirm <span class="passed">pass<\/span> 4\.2 s<br>revert <span class="failed">FAIL/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
