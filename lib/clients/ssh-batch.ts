// Several commands in ONE SSH exec, each with its own exit code, stdout and stderr. Every exec costs a channel open
// and a few round trips (plus process start-up on the far side); a check group that needs /proc/mounts, a mount and
// a checksum pays that once. After each step the script prints a marker line carrying a per-call random nonce, the
// step's name and its exit status `$?` on stdout, and the same marker (without status) on stderr, so the two streams
// split back into per-step parts. The steps are Commands (ssh-quote.ts): nothing untrusted is concatenated. Only
// lists, `;`, `$?` and `>&2` are used, which any POSIX sh (and the embedded cloud's shell) understands.

import { randomBytes } from "node:crypto";
import { SshError } from "./errors.js";
import { type Command, sh } from "./ssh-quote.js";
import type { ExecResult } from "./ssh-types.js";

export interface BatchStep {
  /** Lower-case letters, digits and dashes: `mounts`, `sum-0`. */
  name: string;
  command: Command;
}

export interface StepResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Batch {
  command: Command;
  /** The result of every step, by name; throws SshError when the output lacks a step's markers. */
  parse(r: ExecResult, where: string): Map<string, StepResult>;
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Builds the one command for `steps`; `nonce` is fixed only by tests. */
export function batch(steps: readonly BatchStep[], nonce = randomBytes(8).toString("hex")): Batch {
  if (steps.length === 0) throw new SshError("batch() needs at least one step");
  const names = new Set<string>();
  for (const s of steps) {
    if (!NAME.test(s.name) || names.has(s.name))
      throw new SshError(`batch step name "${s.name}" is invalid or repeated`);
    names.add(s.name);
  }
  const mark = `vftest-${nonce}`;
  const parts = steps.map(
    (s) =>
      sh`${s.command}; printf ${"\\n%s %s %s\\n"} ${mark} ${s.name} $?; printf ${"\\n%s %s\\n"} ${mark} ${s.name} >&2`,
  );
  return {
    command: parts.slice(1).reduce((acc, p) => sh`${acc}; ${p}`, parts[0]!),
    parse(r, where) {
      const out = split(r.stdout, new RegExp(`\\n${escapeRe(mark)} ([a-z0-9-]+) (\\d+)\\n`, "g"));
      const err = split(r.stderr, new RegExp(`\\n${escapeRe(mark)} ([a-z0-9-]+)\\n`, "g"));
      const results = new Map<string, StepResult>();
      for (const s of steps) {
        const o = out.get(s.name);
        if (!o) {
          throw new SshError(
            `${where}: the batched command stopped before step ${s.name} (exit ${r.exitCode ?? "by signal"})${r.stderr.trim() ? `; stderr: ${r.stderr.trim().slice(0, 2000)}` : ""}`,
          );
        }
        results.set(s.name, { exitCode: Number(o.status), stdout: o.text, stderr: err.get(s.name)?.text ?? "" });
      }
      return results;
    },
  };
}

/** Text before each marker, by step name (and the status the marker carries). */
function split(text: string, re: RegExp): Map<string, { text: string; status?: string }> {
  const got = new Map<string, { text: string; status?: string }>();
  let from = 0;
  for (const m of text.matchAll(re)) {
    got.set(m[1]!, { text: text.slice(from, m.index), status: m[2] });
    from = m.index! + m[0].length;
  }
  return got;
}
