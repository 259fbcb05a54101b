// Console reporter: describe headings, one subunit-trace style line per test, a progress line, and failures in
// the stestr format Zuul's failure-output regex `\{\d+\} (.*?) \[[\d\.]+s\] \.\.\. FAILED` picks up:
//   {0} tests.scenario.cold_migration.ColdMigrationWithShare.test migrate [id-…] [12.345s] ... FAILED
// followed by the indented traceback. Skips always print their reason; a skip without one prints a warning.
// Options: worker (default 0), rootDir, write (a function, programmatic use only; default process.stdout).
import Mocha from "mocha";
import { NO_REASON } from "../run/skips.js";
import { observeRun } from "./collect.js";
import { firstLine, formatElapsed, seconds } from "./format.js";
import { numberOption, reporterOptionsOf, stringOption } from "./reporter-options.js";
import type { TestResult } from "./results-model.js";

const { EVENT_RUN_BEGIN, EVENT_RUN_END, EVENT_SUITE_BEGIN } = Mocha.Runner.constants;

export interface ProgressCounts {
  done: number;
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

export function progressLine(c: ProgressCounts, elapsedMs: number): string {
  return `[${c.done}/${c.total}] ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped — ${formatElapsed(elapsedMs)}`;
}

/** The subunit-trace / stestr line for one result. */
export function stestrLine(result: TestResult): string {
  const head = `{${result.worker}} ${result.id} [${seconds(result.durationMs)}s] ...`;
  if (result.state === "passed") return `${head} ok`;
  if (result.state === "failed") return `${head} FAILED`;
  return `${head} SKIPPED: ${result.skipReason ?? NO_REASON}`;
}

function indent(text: string, pad: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => `${pad}${l}`)
    .join("\n");
}

export class ProgressReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const opts = reporterOptionsOf(options);
    const custom = opts.write;
    const write =
      typeof custom === "function"
        ? (s: string) => (custom as (s: string) => void)(s)
        : (s: string) => void process.stdout.write(s);
    const worker = numberOption(opts, "worker", 0);
    const rootDir = stringOption(opts, "rootDir", "ProgressReporter", null);
    const counts: ProgressCounts = { done: 0, total: 0, passed: 0, failed: 0, skipped: 0 };
    const unexplained: TestResult[] = [];
    const failures: TestResult[] = [];
    let startedAt = Date.now();

    runner.once(EVENT_RUN_BEGIN, () => {
      startedAt = Date.now();
      counts.total = runner.total;
      write(`vftest: running ${counts.total} test(s) on worker ${worker}\n`);
    });
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (!suite.root && suite.title !== "") write(`\n${"  ".repeat(depth(suite))}${suite.title}\n`);
    });
    observeRun(
      runner,
      { worker, ...(rootDir ? { rootDir } : {}) },
      {
        onResult: (result) => {
          if (result.kind === "test") counts.done += 1;
          counts[result.state] += 1;
          write(`${stestrLine(result)}\n`);
          if (result.state === "failed") {
            failures.push(result);
            const text = result.error?.stack ?? result.error?.message ?? "(no error message)";
            write(`${indent(text, "    ")}\n`);
            if (result.error?.requestId) write(`    request id: ${result.error.requestId}\n`);
          }
          if (result.state === "skipped" && result.skipReason === undefined) {
            unexplained.push(result);
            write(`WARNING: ${result.id} was ${NO_REASON}; use skipWithReason(this, "...")\n`);
          }
          write(`${progressLine(counts, Date.now() - startedAt)}\n`);
        },
      },
    );
    runner.once(EVENT_RUN_END, () => {
      write(`\n======\nTotals\n======\n${progressLine(counts, Date.now() - startedAt)}\n`);
      if (failures.length > 0) {
        write("\nFailed tests:\n");
        for (const f of failures) {
          const line = firstLine(f.error?.message ?? "");
          const rid =
            f.error?.requestId && !line.includes(f.error.requestId) ? ` (request-id ${f.error.requestId})` : "";
          write(`  ${f.id}: ${line}${rid}\n`);
        }
      }
      if (unexplained.length > 0) {
        write(`\nWARNING: ${unexplained.length} test(s) ${NO_REASON} (a reporting failure):\n`);
        for (const u of unexplained) write(`  ${u.id}\n`);
      }
    });
  }
}

function depth(suite: Mocha.Suite): number {
  let d = 0;
  for (let s = suite.parent; s && !s.root; s = s.parent) d += 1;
  return d;
}
