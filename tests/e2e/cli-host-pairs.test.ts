// The vendor's certificate, run for real: `vftest run --host-pairs all --hosts 3` writes a 6-pair matrix, all
// passing; with the host-without-virtiofs fault exactly the last host's 4 pairs fail and the matrix names it and
// why; `vftest verify-config` on that cloud flags the same host's placement traits with a fix; bad pair lists are
// one usage error. The runs share one RabbitMQ broker.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { HostPairMatrix } from "../../lib/report/host-pairs.js";
import { pairTestUuid } from "../../lib/spec/host-pairs.js";
import { type StandaloneSim, startSim } from "./cli-harness.js";
import { readJson, sharedBroker, vftest } from "./helpers.js";

const failedPairs = (m: HostPairMatrix) => m.pairs.filter((p) => p.state === "failed").map((p) => `${p.from}:${p.to}`);

describe("vftest run --host-pairs on the embedded cloud", function () {
  this.timeout(600_000);
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-host-pairs-"));
  after(() => fs.rmSync(resultsDir, { recursive: true, force: true }));
  const broker = sharedBroker();

  it("3 hosts: 6 ordered pairs, migrate+confirm and migrate+revert each, all passing, with stable ids", async () => {
    const r = await vftest(["run", "--host-pairs", "all", "--hosts", "3"], { resultsDir, env: broker.env() });
    expect(r.code, r.out.slice(-3000)).to.equal(0);
    expect(r.out).to.match(/12 tests: 12 passed, 0 failed/);
    const m = readJson<HostPairMatrix>(r.runDir ?? "", "host-pairs.json");
    expect(m.result).to.equal("passed");
    expect(m.hosts).to.deep.equal(["compute1", "compute2", "compute3"]);
    expect(m.pairs.map((p) => `${p.from}:${p.to}:${p.state}`)).to.have.members([
      "compute1:compute2:passed",
      "compute1:compute3:passed",
      "compute2:compute1:passed",
      "compute2:compute3:passed",
      "compute3:compute1:passed",
      "compute3:compute2:passed",
    ]);
    const p = m.pairs.find((x) => x.from === "compute2" && x.to === "compute3");
    expect(p?.confirm.uuid).to.equal(pairTestUuid({ from: "compute2", to: "compute3" }, "confirm"));
    expect(p?.revert.durationMs).to.be.greaterThan(0);
    const summary = fs.readFileSync(path.join(r.runDir ?? "", "summary.md"), "utf8");
    expect(summary).to.match(/## Host pairs\n\n6 ordered pair\(s\) of 3 host\(s\): 6 passed, 0 failed/);
    const html = fs.readFileSync(path.join(r.runDir ?? "", "host-pairs.html"), "utf8");
    expect(html).to.include("host-pair certificate").and.include("PASSED").and.not.include("FAIL<");
  });

  it("host-without-virtiofs: exactly compute3's 4 pairs fail, and the matrix says why", async () => {
    const r = await vftest(["run", "--host-pairs", "all", "--hosts", "3", "--faults", "host-without-virtiofs"], {
      resultsDir,
      env: broker.env(),
    });
    expect(r.code, r.out.slice(-3000)).to.equal(1);
    const m = readJson<HostPairMatrix>(r.runDir ?? "", "host-pairs.json");
    expect(m.result).to.equal("failed");
    expect(failedPairs(m)).to.have.members([
      "compute1:compute3",
      "compute2:compute3",
      "compute3:compute1",
      "compute3:compute2",
    ]);
    for (const p of m.pairs.filter((x) => x.state === "failed")) {
      expect(`${p.confirm.reason} ${p.revert.reason}`).to.match(/virtiofs|not configured correctly/);
    }
    expect(m.byHost.filter((h) => h.suspect).map((h) => h.host)).to.deep.equal(["compute3"]);
    const summary = fs.readFileSync(path.join(r.runDir ?? "", "summary.md"), "utf8");
    expect(summary).to.match(/\*\*compute3\*\*: every pair with compute3 failed, other pairs passed/);
  });

  it("a pair naming an unknown host, or the same host twice, is one usage error (exit 2)", async () => {
    for (const [pairs, msg] of [
      ["compute1:compute9", /"compute9" is not an up nova-compute host \(up: compute1, compute2\)/],
      ["compute1:compute1", /names the same host twice/],
      ["compute1-compute2", /is not a pair/],
    ] as const) {
      const r = await vftest(["run", "--host-pairs", pairs], { resultsDir, env: broker.env() });
      expect(r.code, r.out).to.equal(2);
      expect(r.out).to.match(msg);
      expect(r.out).not.to.match(/\n\s+at /);
    }
  });
});

describe("vftest verify-config: placement traits, share type, resize flavor, service versions", function () {
  this.timeout(120_000);
  let sim: StandaloneSim;
  before(async () => {
    sim = await startSim(["--hosts", "3", "--faults", "host-without-virtiofs"]);
  });
  after(async () => sim?.stop());

  it("flags the compute without COMPUTE_STORAGE_VIRTIO_FS with a fix; the rest is green or honestly not checked", async () => {
    const r = await sim.vftest(["verify-config", ...sim.cloudArgs]);
    expect(r.code, r.out + r.err).to.equal(1);
    expect(r.out).to.match(/ok {4}placement traits on compute1: COMPUTE_STORAGE_VIRTIO_FS, COMPUTE_MEM_BACKING_FILE/);
    expect(r.out).to.match(/ok {4}placement traits on compute2: /);
    expect(r.out).to.match(
      /FAIL {2}placement traits on compute3: resource provider \S+ lacks COMPUTE_STORAGE_VIRTIO_FS.*\n {6}fix: install virtiofsd on compute3/,
    );
    expect(r.out).to.match(/ok {4}share protocol: NFS/);
    expect(r.out).to.match(/ok {4}share type: .*driver_handles_share_servers=False/);
    expect(r.out).to.match(/ok {4}resize flavor: .* -> /);
    expect(r.out).to.match(/ok {4}resize flavor fits the computes: .*compute1, compute2, compute3/);
    expect(r.out).to.match(/skip {2}compute service versions: not checked: Nova's API does not report/);
    expect(r.out).to.match(/1 problem\(s\) found/);
  });
});
