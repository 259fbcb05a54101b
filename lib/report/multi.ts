// Fans one mocha run out to several reporters (for runs without allure-mocha's extraReporters, and for tests).
// Options: reporters: [ReporterClass, reporterOptions][]. Waits for every reporter's done() before mocha exits.
import Mocha from "mocha";
import { reporterOptionsOf } from "./reporter-options.js";

export type ReporterClass = new (runner: Mocha.Runner, options?: Mocha.MochaOptions) => Mocha.reporters.Base;
export type ReporterEntry = [ReporterClass, Record<string, unknown>];

interface WithDone {
  done?: (failures: number, fn?: (failures: number) => void) => void;
}

export class MultiReporter extends Mocha.reporters.Base {
  private readonly children: Mocha.reporters.Base[];

  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const entries = reporterOptionsOf(options).reporters;
    if (!Array.isArray(entries)) {
      throw new Error("MultiReporter: reporter option `reporters` must be an array of [ReporterClass, options] pairs");
    }
    this.children = entries.map((entry: unknown, i) => {
      if (!Array.isArray(entry) || typeof entry[0] !== "function") {
        throw new Error(`MultiReporter: reporters[${i}] must be [ReporterClass, options], got ${typeof entry}`);
      }
      const [Ctor, opts] = entry as ReporterEntry;
      return new Ctor(runner, { ...options, reporterOptions: opts ?? {} } as Mocha.MochaOptions);
    });
  }

  override done(failures: number, fn?: (failures: number) => void): void {
    const pending = this.children.filter((c): c is Mocha.reporters.Base & Required<WithDone> => {
      return typeof (c as WithDone).done === "function";
    });
    let left = pending.length + 1;
    const one = () => {
      left -= 1;
      if (left === 0) fn?.(failures);
    };
    for (const c of pending) c.done(failures, one);
    one();
  }
}
