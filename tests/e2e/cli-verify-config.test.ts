// `vftest verify-config` run for real against a standalone embedded cloud: all green on a healthy cloud, each
// problem with a fix on a broken one, exit 2 with one clear message on a bad config file, and no secret printed.

import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { type StandaloneSim, startSim } from "./cli-harness.js";

const WRONG_PASSWORD = "wrong-Pa55word-h12";

describe("vftest verify-config against the embedded cloud", function () {
  this.timeout(120_000);
  let sim: StandaloneSim;
  before(async () => {
    sim = await startSim();
  });
  after(async () => sim?.stop());

  it("passes every check on a healthy cloud (exit 0)", async () => {
    const r = await sim.vftest(["verify-config", ...sim.cloudArgs]);
    expect(r.code, r.out + r.err).to.equal(0);
    for (const check of [
      /ok {4}Keystone member credentials/,
      /ok {4}Keystone admin credentials/,
      /ok {4}compute microversion for shares: 2\.97 within/,
      /ok {4}compute microversion for moves with shares: 2\.105 within/,
      /ok {4}Manila microversion: 2\.82 within/,
      /ok {4}image: \S+ active/,
      /ok {4}flavor \(flavor_ref\)/,
      /ok {4}flavor \(flavor_ref_alt\)/,
      /ok {4}compute hosts: 2 up and enabled \(compute1, compute2\)/,
      /ok {4}SSH network: vftest-net exists/,
      /ok {4}whitebox host compute1: ssh /,
      /ok {4}whitebox host compute2: ssh /,
    ]) {
      expect(r.out, `expected a line matching ${check}`).to.match(check);
    }
    expect(r.out).to.match(/all prerequisites met/);
    expect(r.out).not.to.match(/FAIL/);
  });

  it("names each problem with a fix: wrong member password, unknown image, unknown flavor_ref_alt (exit 1)", async () => {
    const clouds = fs
      .readFileSync(sim.cloudsYaml, "utf8")
      .replace("password: secretdemo", `password: ${WRONG_PASSWORD}`);
    const badClouds = path.join(sim.dir, "clouds-bad.yaml");
    fs.writeFileSync(badClouds, clouds);
    const config = sim.configText
      .replace(/image_ref: .*/, "image_ref: 99999999-0000-4000-8000-000000000000")
      .replace(/flavor_ref_alt: .*/, 'flavor_ref_alt: "no-such-flavor"');
    const badConfig = path.join(sim.dir, "bad.yaml");
    fs.writeFileSync(badConfig, config);
    const args = [
      "verify-config",
      "--config",
      badConfig,
      "--os-cloud",
      "vftest-sim",
      "--os-cloud-admin",
      "vftest-sim-admin",
    ];
    const r = await sim.vftest(args, { OS_CLIENT_CONFIG_FILE: badClouds });
    expect(r.code, r.out + r.err).to.equal(1);
    expect(r.out).to.match(/FAIL {2}Keystone member credentials: .*401/);
    expect(r.out).to.match(/fix: Keystone rejected the credentials: .*clouds\.yaml entry "vftest-sim"/);
    expect(r.out).to.match(/FAIL {2}image: .*404.*\n {6}fix: set compute\.image_ref/);
    expect(r.out).to.match(
      /FAIL {2}flavor \(flavor_ref_alt\): .*no-such-flavor.*\n {6}fix: set compute\.flavor_ref_alt/,
    );
    expect(r.out, "checks still ran with the admin account").to.match(/checked as admin: the member login failed/);
    expect(r.out, "the resize flavor check names the missing flavor too").to.match(
      /FAIL {2}resize flavor: .*no-such-flavor/,
    );
    expect(r.out).to.match(/4 problem\(s\) found/);
    expect(r.out + r.err, "the wrong password is never printed").not.to.include(WRONG_PASSWORD);
    expect(r.out + r.err, "no password is printed").not.to.match(/secretdemo|secretadmin/);
  });

  it("exits 2 with one clear message and no stack trace for a bad config file", async () => {
    const broken = path.join(sim.dir, "broken.yaml");
    fs.writeFileSync(broken, `auth:\n  member:\n    password: ${WRONG_PASSWORD}\n  bogus: [1\n`);
    const r = await sim.vftest(["verify-config", "--config", broken]);
    expect(r.code, r.out + r.err).to.equal(2);
    expect(r.err).to.match(/^vftest: vftest configuration has \d+ problems?:/);
    expect(r.err).to.match(/is not valid YAML/);
    expect(r.err).not.to.match(/\n\s+at .*\.(ts|js):\d+/);
    expect(r.out + r.err).not.to.include(WRONG_PASSWORD);
  });
});

describe("vftest verify-config against a 2026.1 cloud with cold_migration_with_shares on", function () {
  this.timeout(120_000);
  let sim: StandaloneSim;
  before(async () => {
    sim = await startSim(["--release", "2026.1"]);
  });
  after(async () => sim?.stop());

  it("fails the moves-with-shares microversion check with both ways out (exit 1)", async () => {
    const r = await sim.vftest(["verify-config", ...sim.cloudArgs]);
    expect(r.code, r.out + r.err).to.equal(1);
    expect(r.out).to.match(
      /FAIL {2}compute microversion for moves with shares: .*maximum is 2\.104, below cold_migration_with_shares_microversion 2\.105/,
    );
    expect(r.out).to.match(/fix: .*2026\.2.*cold_migration_with_shares: false/);
    expect(r.out).to.match(/ok {4}compute microversion for shares: 2\.97 within/);
    expect(r.out).to.match(/1 problem\(s\) found/);
  });
});
