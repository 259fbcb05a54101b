// The closing lines of an interrupted run: the exact cleanup command (the run's own cloud flags, paths absolute,
// shell-quoted) and the leftovers list.

import { expect } from "chai";
import { cleanupCommand, interruptedLine, printLeftovers } from "../../../bin/cli/closing.js";
import type { Io } from "../../../bin/cli/io.js";
import type { RunOutcome } from "../../../lib/runner/run.js";

const outcome: RunOutcome = {
  totals: { total: 4, passed: 1, failed: 1, skipped: 1, notRun: 1, durationMs: 12_000 },
  selected: [],
  matched: 4,
  interrupted: "SIGINT",
  stoppedNow: true,
  leftovers: [
    { type: "server", name: "vftest-a-server-1", id: "srv-1" },
    { type: "keypair", name: "vftest-w0-key", id: "vftest-w0-key" },
  ],
  reporters: [],
};

describe("closing lines of an interrupted run", () => {
  it("the cleanup command carries the run's cloud flags, absolute and quoted", () => {
    expect(
      cleanupCommand("/r/run 1", { config: "cfg.yaml", osCloud: "dev", osCloudAdmin: "dev-admin" }, "/home/u"),
    ).to.equal("vftest cleanup --from '/r/run 1' --config /home/u/cfg.yaml --os-cloud dev --os-cloud-admin dev-admin");
    expect(cleanupCommand("/r/x", {}, "/home/u")).to.equal("vftest cleanup --from /r/x");
  });

  it("prints the interrupted totals, each leftover and the command; on the embedded cloud no command", () => {
    expect(interruptedLine(outcome, "/r/x")).to.equal(
      "vftest: interrupted: 1 passed, 1 failed, 1 skipped, 1 not run in 12s; results: /r/x\n",
    );
    let err = "";
    const io: Io = { out: (t) => (err += t), err: (t) => (err += t), env: {}, cwd: "/home/u" };
    const dir = "/nonexistent-run-dir-for-embedded";
    printLeftovers(io, outcome, dir, { flags: {}, embedded: true, runId: "r", cwd: "/home/u" });
    expect(err).to.match(/the embedded cloud stops with it, so nothing stays behind/);
    expect(err).not.to.match(/vftest cleanup/);
  });
});
