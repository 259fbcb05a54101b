// The step log: every line a test narrates (STEP, waiter transitions, SSH commands, cleanup). It always goes to the
// run's console.log file and is kept per test, so reporters attach it to the test's subunit result and JUnit
// system-out; it reaches the terminal only with -v/--verbose. The steps each test has open are tracked (a step
// closes when it succeeds), so a failure can say which step it failed in: the innermost one still open.

import fs from "node:fs";

export interface StepLogOptions {
  /** Also print every line on stderr (-v/--verbose). */
  verbose?: boolean;
  /** The run's console.log; lines are appended here when they are not printed (printed ones reach it by the tee). */
  file?: string;
  /** Where verbose lines go (default: process.stderr). */
  print?: (line: string) => void;
}

/** At most this many lines are kept per test in memory (a runaway loop must not eat the worker's heap). */
const MAX_LINES_PER_TEST = 5000;

export class StepLog {
  readonly #byTest = new Map<string, string[]>();
  readonly #steps = new Map<string, string[]>();
  #current: string | undefined;

  constructor(private readonly options: StepLogOptions = {}) {}

  get verbose(): boolean {
    return this.options.verbose === true;
  }

  /** From now on, lines without a test belong to this test (its UUID); undefined ends it. */
  setCurrent(uuid: string | undefined): void {
    this.#current = uuid;
  }

  write(line: string, uuid: string | undefined = this.#current): void {
    if (uuid !== undefined) {
      const lines = this.#byTest.get(uuid) ?? [];
      if (lines.length < MAX_LINES_PER_TEST) lines.push(line);
      else if (lines.length === MAX_LINES_PER_TEST) lines.push("(step log truncated)");
      this.#byTest.set(uuid, lines);
    }
    if (this.options.verbose) {
      (this.options.print ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
    } else if (this.options.file) {
      try {
        fs.appendFileSync(this.options.file, `${line}\n`);
      } catch {
        // console.log is a copy; a full disk must not fail the test that is logging
      }
    }
  }

  /** Records that a test entered a step (and logs it). */
  step(uuid: string, name: string, line: string): void {
    this.#steps.set(uuid, [...(this.#steps.get(uuid) ?? []), name]);
    this.write(line, uuid);
  }

  /** The step succeeded: it is no longer where a failure could be. */
  stepDone(uuid: string, name: string): void {
    const open = this.#steps.get(uuid) ?? [];
    const i = open.lastIndexOf(name);
    if (i >= 0) this.#steps.set(uuid, open.slice(0, i));
  }

  linesFor(uuid: string | undefined): string[] {
    return uuid === undefined ? [] : [...(this.#byTest.get(uuid) ?? [])];
  }

  /** The innermost step the test entered and did not finish (where it failed), if any. */
  lastStep(uuid: string | undefined): string | undefined {
    return uuid === undefined ? undefined : this.#steps.get(uuid)?.at(-1);
  }
}
