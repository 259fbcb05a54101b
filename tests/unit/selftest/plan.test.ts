// bin/cli/selftest-plan.ts: the cleanup bound the selftest gives its embedded clouds follows the simulator's own
// slowest cleanup (so the healthy late-cleanup profile still fits), and the profiles start longest first.

import { expect } from "chai";
import {
  CLEANUP_MARGIN_S,
  longestFirst,
  runTimingEnv,
  SELFTEST_CLEANUP_TIMEOUT_S,
  SIM_SLOWEST_CLEANUP_S,
  timingNote,
} from "../../../bin/cli/selftest-plan.js";
import type { ProfileExpectation } from "../../../lib/report/detection.js";
import { DETECTION_EXPECTATIONS } from "../../../lib/spec/detection.js";
import { LATE_CLEANUP_MS } from "../../../sim/timing.js";

const exp = (profile: string, kind: ProfileExpectation["kind"], fails: number): ProfileExpectation => ({
  profile,
  faults: kind === "healthy" ? [] : [profile],
  kind,
  mustFail: Array.from({ length: fails }, (_, i) => ({ test: `t${i}`, phrase: "x" })),
});

describe("selftest plan", () => {
  it("bounds cleanup by the simulator's late-cleanup delay plus its deny steps, with a margin", () => {
    const sum = Object.values(LATE_CLEANUP_MS).reduce((a, b) => a + b, 0) / 1000;
    expect(SIM_SLOWEST_CLEANUP_S).to.equal(sum);
    expect(SELFTEST_CLEANUP_TIMEOUT_S).to.be.at.least(sum + CLEANUP_MARGIN_S);
    expect(CLEANUP_MARGIN_S, "room for a loaded machine").to.be.at.least(3);
    expect(SELFTEST_CLEANUP_TIMEOUT_S, "shorter than the fast-step default it replaces").to.be.below(12);
  });

  it("passes the bound only where withStepTimeout applies it and the emulated guests run, and says so", () => {
    expect(runTimingEnv("5", undefined)).to.deep.equal({
      VFTEST_SIM_STEP_MS: "5",
      VFTEST_SIM_CLEANUP_TIMEOUT: String(SELFTEST_CLEANUP_TIMEOUT_S),
    });
    expect(runTimingEnv("5", "qemu")).to.deep.equal({ VFTEST_SIM_STEP_MS: "5" });
    expect(runTimingEnv("20", undefined)).to.deep.equal({ VFTEST_SIM_STEP_MS: "20" });
    expect(timingNote("5", undefined)).to.include(`compute.cleanup_timeout ${SELFTEST_CLEANUP_TIMEOUT_S} s`);
    expect(timingNote("5", "qemu")).to.include("compute.cleanup_timeout 12 s");
    expect(timingNote("20", undefined)).to.include("default bounds");
  });

  it("starts the transient profiles first, then the bug profiles with the most declared failures", () => {
    const profiles = [
      exp("healthy", "healthy", 0),
      exp("a", "bug", 2),
      exp("b", "bug", 9),
      exp("late", "transient", 0),
    ];
    expect(longestFirst(profiles).map((i) => profiles[i]!.profile)).to.deep.equal(["late", "b", "a", "healthy"]);
  });

  it("orders every profile of the detection table exactly once", () => {
    const order = longestFirst(DETECTION_EXPECTATIONS);
    expect([...order].sort((a, b) => a - b)).to.deep.equal(DETECTION_EXPECTATIONS.map((_, i) => i));
  });
});
