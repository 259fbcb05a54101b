// Console reporter: one subunit-trace / stestr line per test and nothing of the step log (that is in console.log,
// the subunit attachments and JUnit system-out; -v/--verbose prints it as it happens). Failures add the message,
// the step the test failed in and where its diagnostics are, in the format Zuul's failure-output regex
// `\{\d+\} (.*?) \[[\d\.]+s\] \.\.\. FAILED` picks up:
//   {0} vftest.scenario.test_cold_migration.ColdMigrationWithShare.test_migrate_revert[id-…] [12.345s] ... FAILED
// Progress: a refreshing status line on a terminal, a plain progress line now and then elsewhere (status-line.ts).
// The closing summary is the CLI's (it reads results.json, the same for in-process and parallel runs).
// Options: worker (default 0), rootDir, stepLog, outDir, status (draw the status line; false in parallel workers),
// write (a function, programmatic use only; default process.stdout).
import Mocha from "mocha";
import { NO_REASON } from "../run/skips.js";
import { observeOptionsOf, observeRun } from "./collect.js";
import { type Colour, colourer } from "./colour.js";
import { seconds } from "./format.js";
import { numberOption, reporterOptionsOf, stringOption } from "./reporter-options.js";
import type { TestResult } from "./results-model.js";
import { StatusLine } from "./status-line.js";

export { type ProgressCounts, progressLine } from "./status-line.js";

const { EVENT_RUN_BEGIN, EVENT_RUN_END } = Mocha.Runner.constants;

/** Lines of a failure message printed on the console (the whole message is in the reports). */
const MESSAGE_LINES = 8;

type Paint = (colour: Colour, text: string) => string;
const plain: Paint = (_c, t) => t;

/** The subunit-trace / stestr line for one result. */
export function stestrLine(result: TestResult, paint: Paint = plain): string {
  const head = `{${result.worker}} ${result.id} [${seconds(result.durationMs)}s] ...`;
  if (result.state === "passed") return `${head} ${paint("green", "ok")}`;
  if (result.state === "failed") return `${head} ${paint("red", "FAILED")}`;
  return `${head} ${paint("yellow", "SKIPPED")}: ${result.skipReason ?? NO_REASON}`;
}

/** The state a stestr line reports, or undefined for any other line (the parallel parent counts with it). */
export function stateOfStestrLine(line: string): TestResult["state"] | undefined {
  const m = /^\{\d+\} \S+ \[[\d.]+s\] \.\.\. (?:\S*?)(ok|FAILED|SKIPPED)\b/.exec(line);
  if (!m) return undefined;
  return m[1] === "ok" ? "passed" : m[1] === "FAILED" ? "failed" : "skipped";
}

/** What follows a FAILED line: the message, the step it failed in, the request id, the diagnostics. */
export function failureDetail(result: TestResult): string[] {
  const message = (result.error?.message ?? "(no error message)").split(/\r?\n/).filter((l) => l.trim() !== "");
  const lines = message.slice(0, MESSAGE_LINES).map((l) => `    ${l}`);
  if (message.length > MESSAGE_LINES) lines.push(`    … (${message.length - MESSAGE_LINES} more lines in the reports)`);
  if (result.step) lines.push(`    failed in step: ${result.step}`);
  if (result.error?.requestId && !result.error.message.includes(result.error.requestId)) {
    lines.push(`    request id: ${result.error.requestId}`);
  }
  if (result.diagnostics) lines.push(`    diagnostics: ${result.diagnostics}`);
  return lines;
}

export class ProgressReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const opts = reporterOptionsOf(options);
    const custom = opts.write;
    const stream = process.stdout;
    const write =
      typeof custom === "function"
        ? (s: string) => (custom as (s: string) => void)(s)
        : (s: string) => void stream.write(s);
    const worker = numberOption(opts, "worker", 0);
    const rootDir = stringOption(opts, "rootDir", "ProgressReporter", null);
    const observe = observeOptionsOf(opts);
    const drawStatus = opts.status !== false;
    const live = typeof custom !== "function" && stream.isTTY === true && !observe.stepLog?.verbose;
    const status = new StatusLine(typeof custom === "function" ? { write } : stream, { live });
    const paint = typeof custom === "function" ? plain : colourer(stream);
    const print = (text: string) => (drawStatus ? status.print(text) : write(`${text}\n`));

    runner.once(EVENT_RUN_BEGIN, () => {
      if (!drawStatus) return;
      print(`vftest: running ${runner.total} test(s)`);
      status.start(runner.total);
    });
    observeRun(
      runner,
      { ...observe, worker, ...(rootDir ? { rootDir } : {}) },
      {
        onResult: (result) => {
          const lines = [stestrLine(result, paint)];
          if (result.state === "failed") {
            lines.push(...failureDetail(result));
            if (observe.stepLog?.verbose && result.error?.stack) lines.push(indent(result.error.stack, "    "));
          }
          if (result.state === "skipped" && result.skipReason === undefined) {
            lines.push(`WARNING: ${result.id} was ${NO_REASON}; use skipWithReason(this, "...")`);
          }
          print(lines.join("\n"));
          if (drawStatus && result.kind === "test") status.result(result.state);
        },
      },
    );
    runner.once(EVENT_RUN_END, () => {
      if (drawStatus) status.stop();
    });
  }
}

function indent(text: string, pad: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => `${pad}${l}`)
    .join("\n");
}
