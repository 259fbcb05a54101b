// Configuration problems are collected, never thrown one at a time: a user fixing a config file wants the whole
// list in one go. Each problem names the key, where the value came from, what is wrong and how to fix it; none
// carries a value of a secret key (callers only put values of non-secret keys into `problem`).

import { VftestError } from "../clients/errors.js";

export interface ConfigProblem {
  /** Dotted key path, e.g. "compute.build_timeout" (or the source's own key, e.g. "OS_INSECURE"). */
  key: string;
  /** Where the value came from: "config file /x/vftest.yaml", "environment variable OS_CACERT", ... */
  source: string;
  /** What is wrong, e.g. "expected a number, found a string". */
  problem: string;
  /** How to fix it, as an instruction. */
  fix: string;
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.key} (${p.source}): ${p.problem}. Fix: ${p.fix}`;
}

/** Thrown by loadConfig with every problem found; the message lists them, one per line, without a stack. */
export class ConfigError extends VftestError {
  override name = "ConfigError";
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const n = problems.length;
    const lines = problems.map((p, i) => `  ${i + 1}. ${formatProblem(p)}`);
    super(`vftest configuration has ${n} problem${n === 1 ? "" : "s"}:\n${lines.join("\n")}`);
    this.problems = problems;
  }
}

/** "a string", "a number", "a list", ... — the YAML-level kind of a value, for "found ..." messages. */
export function kindOf(value: unknown): string {
  if (value === null) return "null (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return `a ${typeof value}`;
}

/** A short, safe rendering of a non-secret value for messages. */
export function show(value: unknown): string {
  const s = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
