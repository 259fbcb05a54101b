// `vftest init`, `vftest list` and `vftest report` run for real: init writes a config that `--config` loads and
// that passes verify-config against the embedded cloud, and refuses to overwrite; list prints the suite;
// report builds the offline Allure HTML of a run directory.

import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { runVftest, type StandaloneSim, startSim } from "./cli-harness.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("vftest init, list and report", function () {
  this.timeout(120_000);
  let sim: StandaloneSim;
  before(async () => {
    sim = await startSim();
  });
  after(async () => sim?.stop());

  it("init --from-tempest-conf writes a config that loads and passes verify-config; no overwrite without --force", async () => {
    const conf = path.join(sim.dir, "tempest.conf");
    fs.writeFileSync(
      conf,
      [
        "[auth]",
        "use_dynamic_credentials = true",
        "admin_username = admin",
        "admin_password = secretadmin",
        "admin_project_name = admin",
        "admin_domain_name = Default",
        "[identity]",
        `uri_v3 = ${sim.url}/identity/v3`,
        "[compute]",
        `image_ref = ${/image_ref: (\S+)/.exec(sim.configText)?.[1]}`,
        "flavor_ref = 1",
        "flavor_ref_alt = 2",
        "min_compute_nodes = 2",
        "",
      ].join("\n"),
    );
    const out = path.join(sim.dir, "from-tempest.yaml");
    const r = await runVftest(["init", "--from-tempest-conf", conf, "--output", out]);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(fs.statSync(out).mode & 0o077, "a config holding a password is private").to.equal(0);
    const verify = await runVftest(["verify-config", "--config", out]);
    expect(verify.code, verify.out + verify.err).to.equal(0);
    expect(verify.out).to.match(/all prerequisites met/);
    expect(verify.out + verify.err).not.to.include("secretadmin");

    const before = fs.readFileSync(out, "utf8");
    const again = await runVftest(["init", "--from-tempest-conf", conf, "--output", out]);
    expect(again.code).to.equal(2);
    expect(again.err).to.match(/already exists; not overwriting it \(use --force/);
    expect(fs.readFileSync(out, "utf8")).to.equal(before);
  });

  it("init without a tempest.conf writes the commented defaults", async () => {
    const cwd = fs.mkdtempSync(path.join(sim.dir, "init-"));
    const r = await runVftest(["init"], {}, cwd);
    expect(r.code, r.out + r.err).to.equal(0);
    const written = fs.readFileSync(path.join(cwd, "vftest.yaml"), "utf8");
    expect(written).to.equal(fs.readFileSync(path.join(ROOT, "config/vftest.yaml"), "utf8"));
    expect(written).to.match(/^# /m);
  });

  it("list prints one Tempest-shaped test id per suite test, without spaces", async () => {
    const r = await runVftest(["list"]);
    expect(r.code, r.err).to.equal(0);
    const lines = r.out.trim().split("\n");
    expect(lines.length).to.be.greaterThan(20);
    for (const l of lines) {
      expect(l).to.match(/^vftest\.(api|scenario)\.test_\w+\.[A-Z]\w+\.test_\w+\[id-[0-9a-f-]{36}(,[\w-]+)*\]$/);
    }
    const tags = await runVftest(["list", "--tags"]);
    expect(tags.out).to.match(/^scenario \d+$/m);
    const none = await runVftest(["list", "--regex", "no-test-has-this-name"]);
    expect(none.code).to.equal(0);
    expect(none.out).to.equal("");
    expect(none.err).to.match(/no test matches/);
  });

  it("report builds the Allure HTML of a run offline", async () => {
    const run = await sim.vftest([
      "run",
      ...sim.cloudArgs,
      "--regex",
      "test_attach_detach_refused_in_verify_resize",
      "--results-dir",
      sim.dir,
    ]);
    const runDir = /results(?: in|:) (\S+?)(?:;|\s|$)/.exec(run.out + run.err)?.[1];
    expect(runDir, run.out + run.err).to.be.a("string");
    const r = await runVftest(["report", runDir!]);
    expect(r.code, r.out + r.err).to.equal(0);
    const index = path.join(runDir!, "allure-report", "index.html");
    expect(fs.existsSync(index), `${index} exists`).to.equal(true);
    expect(fs.readFileSync(index, "utf8")).not.to.match(/googletagmanager/);
    const notARun = await runVftest(["report", sim.dir]);
    expect(notARun.code).to.equal(2);
    expect(notARun.err).to.match(/is not a vftest run directory/);
  });
});
