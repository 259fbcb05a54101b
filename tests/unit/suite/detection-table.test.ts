// The detection table (lib/spec/detection.ts) stays complete: every fault profile of the embedded cloud
// has a row, every bug profile must make at least one test fail, and every test it names exists in the suite.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { DETECTION_EXPECTATIONS } from "../../../lib/spec/detection.js";
import { FAULT_PROFILES } from "../../../sim/faults.js";

function declaredUuids(): Set<string> {
  const files = ["tests/api", "tests/scenario"].flatMap((d) =>
    readdirSync(d, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => join(d, f)),
  );
  return new Set(
    files.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/"([0-9a-f-]{36})",\s*\n?\s*"/g)].map((m) => m[1]!)),
  );
}

describe("detection table", () => {
  it("has one row per bug profile, plus healthy and transient", () => {
    const rows = DETECTION_EXPECTATIONS.map((e) => e.profile);
    expect(new Set(rows).size, "profiles listed twice").to.equal(rows.length);
    for (const f of FAULT_PROFILES.filter((x) => x.kind === "bug"))
      expect(rows, `row for ${f.name}`).to.include(f.name);
    expect(rows).to.include.members(["healthy", "transient"]);
    // Every transient fault runs in some transient row (late-cleanup in its own: slow-steps would stretch it).
    const transient = DETECTION_EXPECTATIONS.filter((e) => e.kind === "transient").flatMap((e) => e.faults);
    for (const f of FAULT_PROFILES.filter((x) => x.kind === "transient")) expect(transient).to.include(f.name);
  });

  it("expects every bug profile to be caught, with a phrase, by tests that exist", () => {
    const uuids = declaredUuids();
    expect(uuids.size).to.be.greaterThan(20);
    for (const e of DETECTION_EXPECTATIONS) {
      if (e.kind === "bug") expect(e.mustFail.length, `${e.profile} must be caught by some test`).to.be.greaterThan(0);
      else expect(e.mustFail, `${e.profile} must fail nothing`).to.deep.equal([]);
      for (const m of e.mustFail) {
        expect(uuids.has(m.test), `${e.profile}: test ${m.test} is not declared by any vfTest`).to.equal(true);
        expect(m.phrase.trim(), `${e.profile}: empty phrase for ${m.test}`).to.not.equal("");
      }
    }
  });
});
