// Mocha reporter writing a subunit v2 stream (results.subunit) the way stestr does: per test an `inprogress`
// packet, then attachments (`traceback` on failure, `reason` on skip, the test's step log as `pythonlogging:''`
// like Tempest's logging fixture, which stackviz and subunit2html show), then the final status, each timestamped
// and tagged `worker-<i>` plus the test's own tags. Writes are synchronous so the file is complete when mocha ends.
// Options: output (file path, required), worker (default 0), rootDir (default cwd).
import fs from "node:fs";
import path from "node:path";
import Mocha from "mocha";
import { NO_REASON } from "../run/skips.js";
import { observeOptionsOf, observeRun } from "./collect.js";
import { numberOption, reporterOptionsOf, stringOption } from "./reporter-options.js";
import type { TestResult } from "./results-model.js";
import { encodePacket, fileChunks, type SubunitPacket, type SubunitStatus } from "./subunit.js";

const TEXT_UTF8 = "text/plain;charset=utf8";
/** The attachment name Tempest's logging fixture uses; stackviz and subunit2html show it with the test. */
export const STEP_LOG_ATTACHMENT = "pythonlogging:''";
const STATUS_OF: Record<TestResult["state"], SubunitStatus> = { passed: "success", failed: "fail", skipped: "skip" };

/** The packets stestr would write for one finished test (without the `inprogress` one). */
export function resultPackets(result: TestResult, tags: readonly string[]): SubunitPacket[] {
  const at = new Date(result.finishedAt);
  const base = { testId: result.id, timestamp: at, mimeType: TEXT_UTF8 };
  const packets: SubunitPacket[] = [];
  if (result.state === "failed") {
    const text = result.error?.stack ?? result.error?.message ?? "failed without an error";
    const withMessage = text.includes(result.error?.message ?? "") ? text : `${result.error?.message}\n${text}`;
    packets.push(...fileChunks({ ...base, fileName: "traceback" }, Buffer.from(withMessage, "utf8")));
  }
  if (result.state === "skipped") {
    packets.push(...fileChunks({ ...base, fileName: "reason" }, Buffer.from(result.skipReason ?? NO_REASON, "utf8")));
  }
  if (result.log?.length) {
    const log = Buffer.from(`${result.log.join("\n")}\n`, "utf8");
    packets.push(...fileChunks({ ...base, fileName: STEP_LOG_ATTACHMENT }, log));
  }
  packets.push({ testId: result.id, status: STATUS_OF[result.state], tags, timestamp: at });
  return packets;
}

export class SubunitReporter extends Mocha.reporters.Base {
  private readonly fd: number;

  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const opts = reporterOptionsOf(options);
    const output = stringOption(opts, "output", "SubunitReporter");
    const worker = numberOption(opts, "worker", 0);
    const rootDir = stringOption(opts, "rootDir", "SubunitReporter", null);
    fs.mkdirSync(path.dirname(output), { recursive: true });
    this.fd = fs.openSync(output, "w");
    const workerTag = `worker-${worker}`;
    const started = new Set<string>();
    const write = (p: SubunitPacket) => fs.writeSync(this.fd, encodePacket(p));

    observeRun(
      runner,
      { ...observeOptionsOf(opts), worker, ...(rootDir ? { rootDir } : {}) },
      {
        onTestStart: ({ id, startedAt, tags }) => {
          started.add(id);
          write({ testId: id, status: "inprogress", tags: [workerTag, ...tags], timestamp: startedAt });
        },
        onResult: (result) => {
          const tags = [workerTag, ...result.tags];
          if (!started.has(result.id)) {
            write({ testId: result.id, status: "inprogress", tags, timestamp: new Date(result.startedAt) });
          }
          started.delete(result.id);
          for (const p of resultPackets(result, tags)) write(p);
        },
      },
    );
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => fs.closeSync(this.fd));
  }
}
