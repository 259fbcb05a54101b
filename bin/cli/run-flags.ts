// The flags of `vftest run`, the ones only the embedded cloud takes, and the worker count they ask for.

import { UsageError } from "../../lib/runner/errors.js";
import { parsePositiveInt } from "./embedded.js";
import type { CloudFlags, SelectionFlags } from "./options.js";

export interface RunFlags extends SelectionFlags, CloudFlags {
  concurrency?: string;
  parallel?: string;
  serial?: boolean;
  listTests?: boolean;
  verbose?: boolean;
  release?: string;
  hosts?: string;
  faults?: string;
  guest?: "emulated" | "qemu";
  withoutWhitebox?: boolean;
  allowResizeToSameHost?: boolean;
  shareProtocol?: string;
  resultsDir?: string;
  timeout?: string;
  bail?: boolean;
  hostPairs?: string;
  /** true: --notifications, false: --no-notifications, undefined: on when rabbitmq-server is installed. */
  notifications?: boolean;
}

export const EMBEDDED_ONLY: [keyof RunFlags, string][] = [
  ["faults", "--faults"],
  ["release", "--release"],
  ["hosts", "--hosts"],
  ["guest", "--guest"],
  ["withoutWhitebox", "--without-whitebox"],
  ["allowResizeToSameHost", "--allow-resize-to-same-host"],
  ["notifications", "--notifications/--no-notifications"],
];

/** Worker count from -w/--concurrency, --parallel (alias) and --serial, refusing contradictions. */
export function workerCount(flags: RunFlags): number {
  if (flags.concurrency !== undefined && flags.parallel !== undefined && flags.concurrency !== flags.parallel) {
    throw new UsageError("--concurrency and --parallel are the same option; give one of them");
  }
  const given = flags.concurrency ?? flags.parallel;
  if (flags.serial && given !== undefined && given !== "1") {
    throw new UsageError(`--serial runs in one process; drop it or --concurrency ${given}`);
  }
  return parsePositiveInt(flags.concurrency !== undefined ? "--concurrency" : "--parallel", given ?? "1");
}
