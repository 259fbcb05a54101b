// lib/preflight against the embedded cloud: every check ok on a healthy cloud, each broken prerequisite a failure
// with its fix, a login failure turning the dependent checks into "checked as admin" or a skip with the reason.

import { expect } from "chai";
import {
  type CheckResult,
  CLOUD_CHECKS,
  type CloudCheck,
  formatResults,
  runChecks,
} from "../../../lib/preflight/index.js";
import type { Target } from "../../../lib/target/open.js";
import { copyOf, openEmbedded } from "../target/embedded-target.js";

const byName = (results: CheckResult[], name: string): CheckResult => {
  const r = results.find((x) => x.name === name);
  if (!r) throw new Error(`no result named "${name}" in ${results.map((x) => x.name).join(", ")}`);
  return r;
};

describe("lib/preflight against the embedded cloud", function () {
  this.timeout(60_000);
  let target: Target;
  before(async () => {
    target = await openEmbedded();
  });
  after(async () => target?.cloud?.stop());

  it("passes every check, in order, on a healthy cloud", async () => {
    const results = await runChecks(target.config);
    // The service version gate is not observable through Nova's API: reported as not checked, never as ok.
    expect(results.filter((r) => r.state !== "ok").map((r) => `${r.state} ${r.name}`)).to.deep.equal([
      "skip compute service versions",
    ]);
    expect(results.map((r) => r.name)).to.deep.equal([
      "config",
      "Keystone member credentials",
      "Keystone admin credentials",
      "compute API",
      "compute microversion for shares",
      "compute microversion for moves with shares",
      "Manila microversion",
      "share protocol",
      "share type",
      "image",
      "flavor (flavor_ref)",
      "flavor (flavor_ref_alt)",
      "resize flavor",
      "resize flavor fits the computes",
      "compute hosts",
      "compute service versions",
      "placement traits on compute1",
      "placement traits on compute2",
      "SSH network",
      "whitebox host compute1",
      "whitebox host compute2",
    ]);
    expect(byName(results, "compute hosts").detail).to.equal("2 up and enabled (compute1, compute2), need 2");
    expect(formatResults(results, [])).to.match(/all prerequisites met\n$/);
  });

  it("fails an unknown image, flavor and network and too few hosts, each with its fix", async () => {
    const config = copyOf(target.config);
    config.compute.image_ref = "99999999-0000-4000-8000-000000000000";
    config.compute.flavor_ref_alt = "no-such-flavor";
    config.compute.min_compute_nodes = 3;
    config.validation.network = "no-such-net";
    const results = await runChecks(config);
    const failed = results.filter((r) => r.state === "fail");
    expect(failed.map((r) => r.name)).to.deep.equal([
      "image",
      "flavor (flavor_ref_alt)",
      "resize flavor",
      "compute hosts",
      "SSH network",
    ]);
    expect(byName(results, "image").fix).to.match(/compute\.image_ref/);
    expect(byName(results, "flavor (flavor_ref_alt)").fix).to.match(/compute\.flavor_ref_alt/);
    expect(byName(results, "compute hosts").detail).to.match(/2 nova-compute up and enabled .*need 3/);
    expect(byName(results, "SSH network").detail).to.equal('no network named "no-such-net"');
    const text = formatResults(results, ["a warning"]);
    expect(text).to.match(/FAIL {2}image: .*\n {6}fix: set compute\.image_ref/);
    expect(text).to.match(/note {2}a warning\n\n5 problem\(s\) found\n$/);
  });

  it("runs the cloud checks as admin when the member login fails, and says so", async () => {
    const config = copyOf(target.config);
    config.auth.member.password = "wrong-password";
    const results = await runChecks(config);
    const member = byName(results, "Keystone member credentials");
    expect(member.state).to.equal("fail");
    expect(member.fix, member.detail).to.match(/Keystone rejected the credentials/);
    expect(byName(results, "image").detail).to.match(/\(checked as admin: the member login failed\)$/);
  });

  it("skips the cloud checks with the reason when no account can log in", async () => {
    const config = copyOf(target.config);
    config.auth.member.password = "wrong-password";
    config.auth.admin.password = "wrong-password";
    config.whitebox.enabled = false;
    const results = await runChecks(config);
    expect(results.map((r) => `${r.state} ${r.name}`)).to.deep.equal([
      "ok config",
      "fail Keystone member credentials",
      "fail Keystone admin credentials",
      "skip cloud checks",
    ]);
  });

  it("fails a compute min_microversion outside the cloud's range", async () => {
    const config = copyOf(target.config);
    config.compute.min_microversion = "2.999";
    const r = byName(await runChecks(config), "compute microversion for shares");
    expect(r.state).to.equal("fail");
    expect(r.detail).to.match(/compute\.min_microversion 2\.999 is outside the cloud's 2\.1\.\./);
  });

  it("fails whitebox hosts it cannot log in to", async () => {
    const config = copyOf(target.config);
    config.whitebox.ssh_user = "nobody-here";
    const results = await runChecks(config);
    const hosts = results.filter((r) => r.name.startsWith("whitebox host "));
    expect(hosts.map((r) => r.state)).to.deep.equal(["fail", "fail"]);
    expect(hosts[0]?.fix).to.match(/make nobody-here@.* accept whitebox\.ssh_key/);
  });

  it("takes an added check as one more function in the list, with the facts earlier checks learned", async () => {
    const seen: string[] = [];
    const extra: CloudCheck = async ({ facts }) => {
      seen.push(facts.computeRange?.max ?? "none");
      return [{ name: "extra", state: "fail", detail: "made to fail", fix: "none" }];
    };
    const config = copyOf(target.config);
    config.whitebox.enabled = false;
    const results = await runChecks(config, [...CLOUD_CHECKS, extra]);
    expect(seen).to.have.length(1);
    expect(seen[0]).to.match(/^2\.\d+$/);
    expect(results.at(-1)).to.deep.include({ name: "extra", state: "fail" });
  });
});
