import { expect } from "chai";
import { workerCount } from "../../../bin/cli/run-flags.js";
import { UsageError } from "../../../lib/runner/errors.js";

describe("vftest run: -w/--concurrency, --parallel, --serial (Tempest's flags)", () => {
  it("counts workers from --concurrency or its alias --parallel; one by default or with --serial", () => {
    expect(workerCount({})).to.equal(1);
    expect(workerCount({ concurrency: "4" })).to.equal(4);
    expect(workerCount({ parallel: "3" })).to.equal(3);
    expect(workerCount({ serial: true })).to.equal(1);
    expect(workerCount({ serial: true, concurrency: "1" })).to.equal(1);
  });
  it("refuses contradictions with one clear usage error", () => {
    expect(() => workerCount({ serial: true, concurrency: "2" })).to.throw(UsageError, /--serial runs in one process/);
    expect(() => workerCount({ concurrency: "2", parallel: "3" })).to.throw(UsageError, /same option/);
    expect(() => workerCount({ concurrency: "0" })).to.throw(UsageError, /--concurrency/);
  });
});
