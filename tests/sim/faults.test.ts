import { expect } from "chai";
import { checkFaultNames, FAULT_PROFILES, Faults } from "../../sim/faults.js";

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
});
