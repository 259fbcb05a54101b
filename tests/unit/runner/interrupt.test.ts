// The interrupt watcher over a real programmatic mocha run, with results.json written by the ResultsReporter: one
// signal lets the running test finish and marks the tests that never started "not run"; a second one stops at
// once and marks the running test as cut (failed), the rest not run. Signals are emitted on `process` directly.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import Mocha from "mocha";
import { ResultsReporter } from "../../../lib/report/results.js";
import type { RunResults } from "../../../lib/report/results-model.js";
import { watchInterrupts } from "../../../lib/runner/interrupt.js";

/** Three tests; the second calls `during(release)` and finishes when `release` is called (or never). */
async function runThree(
  during: (release: () => void) => void,
  opts: { laterSuite?: boolean } = {},
): Promise<{ results: RunResults; log: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-interrupt-"));
  const output = path.join(dir, "results.json");
  const mocha = new Mocha({ timeout: 0 });
  mocha.reporter(ResultsReporter, { output });
  const suite = Mocha.Suite.create(mocha.suite, "Interrupted");
  suite.addTest(new Mocha.Test("first passes", () => undefined));
  suite.addTest(new Mocha.Test("second runs when the signal comes", () => new Promise<void>((r) => during(r))));
  suite.addTest(new Mocha.Test("third never starts", () => undefined));
  if (opts.laterSuite) {
    Mocha.Suite.create(mocha.suite, "Later").addTest(new Mocha.Test("in a later suite never starts", () => undefined));
  }
  const log: string[] = [];
  await new Promise<void>((resolve) => {
    let watch: ReturnType<typeof watchInterrupts> | undefined;
    const runner = mocha.run(() => {
      watch?.dispose();
      resolve();
    });
    watch = watchInterrupts(runner, {
      log: (l) => log.push(l),
      onStopNow: () => {
        runner.emit(Mocha.Runner.constants.EVENT_RUN_END);
        watch?.dispose();
        resolve();
      },
    });
  });
  const results = JSON.parse(fs.readFileSync(output, "utf8")) as RunResults;
  fs.rmSync(dir, { recursive: true });
  return { results, log };
}

const states = (r: RunResults) => r.tests.map((t) => [t.title, t.state, t.notRun ?? false]);

describe("interrupting a run", () => {
  it("one SIGINT: the running test finishes, the rest is marked not run", async () => {
    const { results, log } = await runThree((release) => {
      process.emit("SIGINT");
      release();
    });
    expect(log[0]).to.match(/SIGINT received: no new tests will start/);
    expect(states(results)).to.deep.equal([
      ["first passes", "passed", false],
      ["second runs when the signal comes", "passed", false],
      ["third never starts", "skipped", true],
    ]);
    expect(results.tests[2]?.skipReason).to.equal("not run: the run was interrupted (SIGINT)");
    expect(results.totals).to.include({ total: 3, passed: 2, skipped: 0, notRun: 1 });
  });

  it("a second SIGINT stops at once: the running test is cut (failed), the rest not run", async () => {
    const { results, log } = await runThree((release) => {
      process.emit("SIGINT");
      process.emit("SIGINT");
      setImmediate(release); // the cut test ends later; only the inner run waits for it
    });
    expect(log[1]).to.equal("vftest: SIGINT again: stopping now; partial results are being written");
    expect(states(results)).to.deep.equal([
      ["first passes", "passed", false],
      ["second runs when the signal comes", "failed", false],
      ["third never starts", "skipped", true],
    ]);
    expect(results.tests[1]?.error?.message).to.match(
      /^interrupted: the run was stopped at once \(SIGINT again\) while this test ran; its cleanup did not finish/,
    );
    expect(results.totals).to.include({ total: 3, passed: 1, failed: 1, skipped: 0, notRun: 1 });
  });

  it("a second SIGINT also marks the tests of suites not reached yet as not run", async () => {
    const { results } = await runThree(
      (release) => {
        process.emit("SIGINT");
        process.emit("SIGINT");
        setImmediate(release);
      },
      { laterSuite: true },
    );
    expect(states(results)).to.deep.equal([
      ["first passes", "passed", false],
      ["second runs when the signal comes", "failed", false],
      ["third never starts", "skipped", true],
      ["in a later suite never starts", "skipped", true],
    ]);
    expect(results.totals).to.include({ total: 4, passed: 1, failed: 1, notRun: 2 });
  });

  it("SIGTERM stops at once when its grace is over", async () => {
    let stoppedAfter = 0;
    const started = Date.now();
    const dir = await runThreeWithGrace(() => {
      stoppedAfter = Date.now() - started;
    });
    expect(dir.log[1]).to.match(/SIGTERM grace of 0s over: stopping now/);
    expect(stoppedAfter).to.be.below(5_000);
    expect(states(dir.results)[1]).to.deep.equal(["second runs when the signal comes", "failed", false]);
  });
});

/** runThree with SIGTERM and a 50 ms grace, the second test finishing only after the stop. */
async function runThreeWithGrace(onStop: () => void): Promise<{ results: RunResults; log: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-interrupt-"));
  const output = path.join(dir, "results.json");
  const mocha = new Mocha({ timeout: 0 });
  mocha.reporter(ResultsReporter, { output });
  const suite = Mocha.Suite.create(mocha.suite, "Interrupted");
  suite.addTest(new Mocha.Test("first passes", () => undefined));
  let release: () => void = () => undefined;
  suite.addTest(
    new Mocha.Test("second runs when the signal comes", () => {
      process.emit("SIGTERM");
      return new Promise<void>((r) => (release = r));
    }),
  );
  suite.addTest(new Mocha.Test("third never starts", () => undefined));
  const log: string[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    const watch = watchInterrupts(runner, {
      log: (l) => log.push(l),
      termGraceMs: 50,
      onStopNow: () => {
        onStop();
        setImmediate(release);
        runner.emit(Mocha.Runner.constants.EVENT_RUN_END);
        watch.dispose();
        resolve();
      },
    });
  });
  const results = JSON.parse(fs.readFileSync(output, "utf8")) as RunResults;
  fs.rmSync(dir, { recursive: true });
  return { results, log };
}
