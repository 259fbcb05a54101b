// The run object and what the fixtures derive from it without a cloud: compute.max_microversion caps the
// microversion vftest may send and turns into a skip naming the cap; the check recorder keeps real outcomes and
// "not checked" with its reason; runOf() finds the run mocha's root context carries, and fails clearly without one.

import { expect } from "chai";
import Mocha from "mocha";
import { defaultConfig } from "../../../lib/config/defaults.js";
import type { VftestConfig } from "../../../lib/config/types.js";
import type { WorkerEnv } from "../../../lib/fixtures/env.js";
import { unmetRequirement } from "../../../lib/fixtures/requirements.js";
import { attachRun, createRun, type Run, runOf } from "../../../lib/run/run.js";

function config(over: Partial<VftestConfig["compute"]> = {}): VftestConfig {
  const d = defaultConfig();
  return {
    ...d,
    sources: [],
    compute: { ...d.compute, ...over },
    compute_feature_enabled: { ...d.compute_feature_enabled, shares: true, cold_migration_with_shares: true },
  };
}

function run(cfg: VftestConfig): Run {
  return createRun({
    config: cfg,
    resultsDir: "/nonexistent",
    runId: "r",
    worker: { index: 0, count: 1 },
    requestLogPath: "/nonexistent/requests.jsonl",
    target: { kind: "cloud" },
  });
}

function env(cfg: VftestConfig, max: string, cloudMax: string, cappedBy?: string): WorkerEnv {
  return {
    config: cfg,
    caps: {
      computeMicroversions: { min: "2.1", max, cloudMax, ...(cappedBy ? { cappedBy } : {}) },
      shareMicroversions: { min: "2.0", max: "2.90" },
      network: true,
      upComputeHosts: ["a", "b"],
    },
  } as unknown as WorkerEnv;
}

describe("run object", () => {
  it("max_microversion below what a test needs skips it, naming the cap and the cloud's maximum", () => {
    const cfg = config({ max_microversion: "2.100" });
    const reason = unmetRequirement(run(cfg), env(cfg, "2.100", "2.105", "compute.max_microversion 2.100"), {
      coldMigrationWithShares: true,
    });
    expect(reason).to.equal(
      "cold migration with shares needs compute microversion 2.105 (compute_feature_enabled.cold_migration_with_shares_microversion); " +
        "compute.max_microversion 2.100 caps requests at 2.100 (the cloud's maximum is 2.105)",
    );
  });

  it("without a cap the reason names the cloud's maximum, as before", () => {
    const cfg = config();
    const reason = unmetRequirement(run(cfg), env(cfg, "2.98", "2.98"), { microversion: "2.99" });
    expect(reason).to.equal("compute API microversion 2.99 is required; the cloud's maximum is 2.98");
  });

  it("the embedded-only requirement reads the run's target", () => {
    const cfg = config();
    expect(unmetRequirement(run(cfg), env(cfg, "2.105", "2.105"), { embedded: true })).to.match(/embedded cloud/);
  });

  it("records real outcomes and not-checked layers with their reason", () => {
    const r = run(config());
    r.checks.record({ testUuid: "u", layer: "api", what: "status", ok: true });
    r.checks.record({
      testUuid: "u",
      layer: "host",
      what: "mount",
      ok: false,
      outcome: "not-checked",
      reason: "no SSH",
    });
    r.checks.record({ testUuid: "u", layer: "manila", what: "rule gone", ok: false });
    expect(r.checks.list().map((c) => [c.layer, c.outcome, c.reason])).to.deep.equal([
      ["api", "ok", undefined],
      ["host", "not-checked", "no SSH"],
      ["manila", "failed", undefined],
    ]);
  });

  it("builds a worker resource once per run", async () => {
    const r = run(config());
    let built = 0;
    const make = async () => ++built;
    expect(await r.once("x", make)).to.equal(1);
    expect(await r.once("x", make)).to.equal(1);
    expect(await run(config()).once("x", make)).to.equal(2);
  });

  it("runOf finds the run on mocha's root context from any nested suite, and fails clearly without one", () => {
    const root = new Mocha.Suite("", new Mocha.Context());
    const child = Mocha.Suite.create(Mocha.Suite.create(root, "outer"), "inner");
    expect(() => runOf(child.ctx)).to.throw(/no run object.*vftest run/);
    const r = run(config());
    attachRun(root, r);
    expect(runOf(child.ctx)).to.equal(r);
  });
});
