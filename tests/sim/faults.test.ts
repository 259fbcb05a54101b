import { expect } from "chai";
import { checkFaultNames, FAULT_PROFILES, Faults } from "../../sim/faults.js";
import { LATE_CLEANUP_MS, stepLatency } from "../../sim/timing.js";

describe("sim fault registry", () => {
  it("rejects unknown profile names and lists the known ones", () => {
    expect(() => checkFaultNames(["dest-not-mounted", "no-such-fault"])).to.throw(
      /no-such-fault.*known: dest-not-mounted/,
    );
  });

  it("has unique names, each with a description", () => {
    const names = FAULT_PROFILES.map((f) => f.name);
    expect(new Set(names).size).to.equal(names.length);
    for (const f of FAULT_PROFILES) expect(f.description, f.name).to.have.length.greaterThan(10);
  });

  it("combines run-level and per-test faults, and counts fireOnce per key", () => {
    const faults = new Faults(["slow-steps"]);
    faults.setPerTest(["ssh-refused"]);
    expect(faults.list()).to.deep.equal(["slow-steps", "ssh-refused"]);
    expect([1, 2, 3].map(() => faults.fireOnce("ssh-refused", "guest-a", 2))).to.deep.equal([true, true, false]);
    expect(faults.fireOnce("ssh-refused", "guest-b", 2)).to.equal(true);
    expect(faults.fireOnce("dest-not-mounted", "x", 1)).to.equal(false);
    faults.setPerTest([]);
    expect(faults.active("ssh-refused")).to.equal(false);
    expect(faults.active("slow-steps")).to.equal(true);
  });

  it("late-cleanup is a transient timing profile: seconds for the late cleanup and each Manila deny step", () => {
    expect(FAULT_PROFILES.find((f) => f.name === "late-cleanup")?.kind).to.equal("transient");
    const faults = new Faults();
    const opts = { baseMs: 4, faults };
    expect(stepLatency(opts, "manila.rule-deny")).to.equal(4);
    faults.setPerTest(["late-cleanup"]);
    expect(stepLatency(opts, "migrate.late-cleanup")).to.equal(LATE_CLEANUP_MS["migrate.late-cleanup"]);
    expect(stepLatency(opts, "manila.rule-deny")).to.be.at.least(1000);
    expect(stepLatency(opts, "manila.rule-denying")).to.be.at.least(1000);
    expect(stepLatency(opts, "boot")).to.equal(4);
    expect(stepLatency({ ...opts, perStep: { "migrate.late-cleanup": 50 } }, "migrate.late-cleanup")).to.equal(50);
  });

  it("every new bug profile of issue 10/11 is registered as a bug", () => {
    const bugs = [
      "same-host-double-mount",
      "no-microversion-gate",
      "service-gate-ignored",
      "attach-in-verify-resize",
      "blocked-action-accepted",
      "finish-fail-keeps-grant",
      "cephx-revoked-in-use",
      "confirm-over-revoke",
      "host-without-virtiofs",
      // the records and grants a move can get wrong while it still works (lib/spec/detection-records.ts)
      "dest-rule-names-network",
      "move-records-share-actions",
      "revert-event-on-move-action",
      "confirm-restores-old-flavor",
      "revert-keeps-new-flavor",
      "migration-owner-from-server",
      "resize-recorded-as-migration",
      "stopped-server-powered-on",
      "share-lock-not-placed",
      "resize-microversion-gate-missing",
      "dest-filesystem-not-virtiofs",
    ];
    for (const b of bugs) expect(FAULT_PROFILES.find((f) => f.name === b)?.kind, b).to.equal("bug");
  });
});
