// The closing lines of an interrupted `vftest run`: the interrupted totals, and — when the run stopped before its
// cleanup finished — what it created and did not delete (from its own cleanup stacks, also in leftovers.json) with
// the exact `vftest cleanup --from` command that deletes them. After "stopping now" these are the only lines the
// console shows (lib/runner/console-gate.ts), so they print through speak().

import path from "node:path";
import { formatElapsed } from "../../lib/clients/duration.js";
import { quote } from "../../lib/clients/ssh-quote.js";
import { describeResource, LEFTOVERS_FILE, writeLeftoversFile } from "../../lib/common/leftovers-file.js";
import { speak } from "../../lib/runner/console-gate.js";
import type { RunOutcome } from "../../lib/runner/run.js";
import type { Io } from "./io.js";
import type { CloudFlags } from "./options.js";

/** `vftest cleanup --from <runDir>` with the run's own cloud flags (paths made absolute). */
export function cleanupCommand(runDir: string, flags: CloudFlags, cwd: string): string {
  const argv = ["vftest", "cleanup", "--from", runDir];
  if (flags.config) argv.push("--config", path.resolve(cwd, flags.config));
  if (flags.osCloud) argv.push("--os-cloud", flags.osCloud);
  if (flags.osCloudAdmin) argv.push("--os-cloud-admin", flags.osCloudAdmin);
  return argv.map(quote).join(" ");
}

export function interruptedLine(o: RunOutcome, runDir: string): string {
  const t = o.totals;
  return (
    `vftest: interrupted: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped, ${t.notRun} not run ` +
    `in ${formatElapsed(t.durationMs)}; results: ${runDir}\n`
  );
}

/** Prints the leftovers and the command (rewriting leftovers.json with the command in it). */
export function printLeftovers(
  io: Io,
  o: RunOutcome,
  runDir: string,
  opts: { flags: CloudFlags; embedded: boolean; runId: string; cwd: string },
): void {
  const left = o.leftovers ?? [];
  if (left.length === 0) return;
  if (opts.embedded) {
    io.out(
      `vftest: the run stopped before deleting ${left.length} resource(s); the embedded cloud stops with it, so ` +
        `nothing stays behind (list: ${path.join(runDir, LEFTOVERS_FILE)})\n`,
    );
    return;
  }
  const command = cleanupCommand(runDir, opts.flags, opts.cwd);
  writeLeftoversFile(runDir, { runId: opts.runId, command, resources: left });
  io.out(`vftest: the run stopped before its cleanup finished; it left ${left.length} resource(s) on the cloud:\n`);
  for (const r of left) io.out(`  ${describeResource(r)}\n`);
  io.out(`vftest: delete them with:\n  ${command}\n`);
}

/** The CLI's io, able to print through a console muted after "stopping now". */
export function speakingIo(io: Io): Io {
  return { ...io, out: (t) => speak(() => io.out(t)), err: (t) => speak(() => io.err(t)) };
}
