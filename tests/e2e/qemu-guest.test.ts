// One scenario (cold migrate + confirm) run by the real `vftest` command against the embedded cloud with real
// guests: a Linux kernel under QEMU mounts the share over virtiofs before and after the move. Needs the artifacts of
// scripts/qemu-guest/build.sh and root: `.ci/run` builds them first, so under CI=true their absence FAILS the test;
// elsewhere it is skipped and says why.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { RunResults } from "../../lib/report/results-model.js";
import { findQemuArtifacts } from "../../sim/guests-qemu/artifacts.js";
import { inCi } from "../helpers/debian-tools.js";
import { readJson, vftest } from "./helpers.js";

const MIGRATE_CONFIRM = "be1b48b9-b402-45f1-a6df-330a234b5753";
const found = findQemuArtifacts();

describe("the suite against the embedded cloud with QEMU guests (--guest qemu)", function () {
  this.timeout(900_000);
  let resultsDir: string;
  before(() => {
    resultsDir = mkdtempSync(join(tmpdir(), "vftest-e2e-qemu-"));
  });
  after(() => rmSync(resultsDir, { recursive: true, force: true }));

  if (!found.ok) {
    const why = `QEMU guest artifacts missing: ${found.missing.join("; ")}`;
    it(`migrate+confirm with a real guest (${inCi() ? "CI=true: must run" : "skipped"}: ${why})`, function () {
      if (inCi()) throw new Error(`CI=true but ${why}; .ci/run builds them with scripts/qemu-guest/build.sh`);
      console.log(`    skipped: ${why}`);
      this.skip();
    });
    return;
  }

  it("passes migrate+confirm with a real guest and leaves nothing behind", async () => {
    const r = await vftest(["run", "--guest", "qemu", "--grep", MIGRATE_CONFIRM], { resultsDir });
    expect(r.code, r.out.slice(-3000)).to.equal(0);
    expect(r.out, "the run names its QEMU guests").to.include("QEMU guests");
    const results = readJson<RunResults>(r.runDir!, "results.json");
    const t = results.tests.find((x) => x.uuid === MIGRATE_CONFIRM);
    expect(t?.state, `state of ${MIGRATE_CONFIRM} in ${r.runDir}/results.json`).to.equal("passed");
    expect(results.totals.total).to.equal(1);
    expect(readJson<unknown[]>(r.runDir!, "leaks.json")).to.deep.equal([]);
  });
});
