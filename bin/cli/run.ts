// `vftest run`: open the target (lib/target: a real cloud named by --config/--os-cloud/VFTEST_CONFIG/OS_CLOUD/
// OS_AUTH_URL, or the embedded cloud started here), create the run's results directory, run the selected tests
// in-process or in --parallel workers, write the summary, print the totals. Exit 0/1/2 (130/143 on a signal).

import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { formatElapsed } from "../../lib/clients/duration.js";
import { teeConsole } from "../../lib/runner/console-tee.js";
import type { RunContext } from "../../lib/runner/context.js";
import { UsageError } from "../../lib/runner/errors.js";
import { SIGNAL_EXIT } from "../../lib/runner/interrupt.js";
import { runParallel } from "../../lib/runner/parallel.js";
import { createRunDir, newRunId, RESULT_FILES, updateLatestLink } from "../../lib/runner/results-dir.js";
import { type RunOutcome, runInProcess } from "../../lib/runner/run.js";
import { DEFAULT_SUITE_DIRS, findSuiteFiles } from "../../lib/runner/select.js";
import { type GuestKind, parseShareProtocol } from "../../lib/target/embedded.js";
import { diffResources, simControl } from "../../lib/target/leaks.js";
import { checkWorkerCredentials, describeTarget, openTarget, realCloudSource } from "../../lib/target/open.js";
import {
  checkGuestKind,
  faultsHelp,
  parseFaults,
  parsePositiveInt,
  parseRelease,
  startEmbeddedCloud,
} from "./embedded.js";
import { type CliContext, EXIT } from "./io.js";
import { reportLeaks, teardownLeaks } from "./leaks.js";
import { existingDefaults, SUITE_ROOT, userPaths } from "./list.js";
import {
  addCloudOptions,
  addSelectionOptions,
  type CloudFlags,
  type SelectionFlags,
  selectionFrom,
} from "./options.js";
import { writeRunSummary } from "./summary.js";

export interface RunFlags extends SelectionFlags, CloudFlags {
  parallel?: string;
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
}

export function runCommand(ctx: CliContext): Command {
  const cmd = new Command("run").description("run the suite (default target: the embedded simulated cloud)");
  addCloudOptions(addSelectionOptions(cmd))
    .option("-p, --parallel <N>", "run in N worker processes, each with its own credentials", "1")
    .option("--results-dir <dir>", "base directory for results (default: reporting.results_dir)")
    .option("--timeout <seconds>", "per-test timeout", "1800")
    .option("--bail", "stop at the first failure")
    .option("--release <release>", "embedded cloud: Nova release profile, 2026.1 or 2026.2 (default 2026.2)")
    .option("--hosts <N>", "embedded cloud: number of compute hosts (default 2)")
    .option("--faults <names>", "embedded cloud: comma-separated fault profiles to switch on for the whole run")
    .addOption(new Option("--guest <kind>", "embedded cloud: guest implementation").choices(["emulated", "qemu"]))
    .option(
      "--allow-resize-to-same-host",
      "embedded cloud: let a resize land on its own host (Nova's allow_resize_to_same_host) for the same-host test",
    )
    .option(
      "--share-protocol <protocol>",
      "protocol of the shares the suite creates: nfs or cephfs (default: share.protocol; the embedded cloud is started for it)",
    )
    .option(
      "--without-whitebox",
      "embedded cloud: do not look at the compute hosts (API, guest and Manila layers only, as on a cloud without host SSH)",
    )
    .addHelpText(
      "after",
      `
Target: the embedded cloud unless --config, --os-cloud, VFTEST_CONFIG, OS_CLOUD or OS_AUTH_URL names a real one.
Results: <results_dir>/<run id>/ (junit.xml, results.subunit, allure-results/, results.json, summary.md,
requests.jsonl, console.log); <results_dir>/latest points at the newest run.
Exit codes: 0 all passed, 1 a test failed, 2 bad usage or configuration, 130/143 interrupted.

Fault profiles (--faults):
${faultsHelp()}

Examples:
  vftest run
  vftest run --grep 'revert' --faults dest-not-cleaned-on-revert     # watch the suite catch a bug
  vftest run --share-protocol cephfs                                 # the embedded cloud serving CephFS shares
  vftest run --config vftest.yaml --parallel 4 --shard 1/2
  vftest run --os-cloud devstack --os-cloud-admin devstack-admin tests/scenario`,
    );
  return cmd.action(async (paths: string[], flags: RunFlags) => {
    ctx.setExitCode(await runTests(ctx, paths, flags));
  });
}

const EMBEDDED_ONLY: [keyof RunFlags, string][] = [
  ["faults", "--faults"],
  ["release", "--release"],
  ["hosts", "--hosts"],
  ["guest", "--guest"],
  ["withoutWhitebox", "--without-whitebox"],
  ["allowResizeToSameHost", "--allow-resize-to-same-host"],
];

export async function runTests(ctx: CliContext, paths: string[], flags: RunFlags): Promise<number> {
  const { io } = ctx;
  // Everything the user can get wrong is checked before a cloud starts or a directory is created.
  const selection = selectionFrom(flags);
  const workers = parsePositiveInt("--parallel", flags.parallel ?? "1");
  const timeoutMs = parsePositiveInt("--timeout", flags.timeout ?? "1800", 86_400) * 1000;
  const real = realCloudSource(flags, io.env);
  const embeddedOnly = EMBEDDED_ONLY.filter(([k]) => flags[k] !== undefined).map(([, f]) => f);
  if (real && embeddedOnly.length) {
    throw new UsageError(
      `${embeddedOnly.join(", ")} only apply to the embedded cloud, which is not started because ${real} names a ` +
        `real cloud; drop ${embeddedOnly.join(", ")} or ${real}`,
    );
  }
  const release = parseRelease(flags.release ?? "2026.2");
  const hosts = parsePositiveInt("--hosts", flags.hosts ?? "2", 16);
  const faults = flags.faults ? parseFaults(flags.faults) : [];
  const guest: GuestKind = flags.guest ?? "emulated";
  const shareProtocol = flags.shareProtocol === undefined ? undefined : parseShareProtocol(flags.shareProtocol);
  if (!real) checkGuestKind(guest, io.env, workers);
  const rootDir = SUITE_ROOT;
  const files = findSuiteFiles(paths.length ? userPaths(io.cwd, paths) : existingDefaults(rootDir), rootDir);
  if (files.length === 0) {
    throw new UsageError(`no suite files (*.test.ts) found under ${paths.join(", ") || DEFAULT_SUITE_DIRS.join(", ")}`);
  }

  const runId = newRunId();
  const simLog: string[] = [];
  const target = await openTarget({
    real,
    cloud: flags,
    env: io.env,
    cwd: io.cwd,
    shareProtocol,
    embedded: {
      release,
      hosts,
      faults,
      guest,
      workers,
      allowResizeToSameHost: flags.allowResizeToSameHost === true,
      withoutWhitebox: flags.withoutWhitebox === true,
      log: (l) => simLog.push(l),
      start: startEmbeddedCloud,
    },
  });
  let stopTee: (() => void) | undefined;
  try {
    if (workers > 1) checkWorkerCredentials(target.config, workers);
    const base = path.resolve(io.cwd, flags.resultsDir ?? target.config.reporting.results_dir);
    const runDir = createRunDir(base, runId);
    updateLatestLink(base, runId);
    stopTee = teeConsole(path.join(runDir, RESULT_FILES.console));
    if (target.cloud) {
      const file = path.join(runDir, "sim.log");
      fs.writeFileSync(file, simLog.map((l) => `${l}\n`).join(""));
      simLog.push = (...lines: string[]) => {
        fs.appendFileSync(file, lines.map((l) => `${l}\n`).join(""));
        return 0;
      };
    }
    const context: RunContext = {
      config: target.config,
      resultsDir: runDir,
      runId,
      worker: { index: 0, count: workers },
      requestLogPath: path.join(runDir, RESULT_FILES.requests),
      target: { kind: target.kind, simControlUrl: target.cloud ? `${target.cloud.url}/sim/v1` : undefined },
    };
    io.err(
      `vftest: run ${runId} against ${describeTarget(target, { release, hosts, faults, guest })}; results in ${runDir}\n`,
    );
    const control = context.target.simControlUrl ? simControl(context.target.simControlUrl, target.config) : undefined;
    const baseline = await control?.resources();
    const request = { context, files, rootDir, selection, timeoutMs, bail: flags.bail };
    const outcome: RunOutcome =
      workers > 1 ? await runParallel({ ...request, workers }) : await runInProcess({ ...request, console: true });
    await writeRunSummary(runDir, io, { junit: target.config.reporting.junit });
    const code = finish(ctx, outcome, runDir, Boolean(selection.shard));
    const leaks = [
      ...teardownLeaks(runDir),
      ...(control && baseline ? diffResources(baseline, await control.resources()) : []),
    ];
    reportLeaks(leaks, runDir, (s) => io.err(s));
    if (leaks.length > 0 && code === EXIT.ok) return EXIT.failed;
    return code;
  } finally {
    stopTee?.();
    await target.cloud?.stop();
  }
}

function finish(ctx: CliContext, o: RunOutcome, runDir: string, sharded: boolean): number {
  const { io } = ctx;
  if (o.matched === 0) {
    io.err("vftest: no test matches the given paths/--grep/--tag; see `vftest list` with the same filters\n");
    return EXIT.usage;
  }
  if (o.selected.length === 0 && sharded) {
    io.err("vftest: this shard is empty (fewer matching tests than shards); nothing to run\n");
    return EXIT.ok;
  }
  const t = o.totals;
  io.err(
    `vftest: ${t.total} tests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped in ` +
      `${formatElapsed(t.durationMs)}; results: ${runDir}\n`,
  );
  if (o.interrupted) return SIGNAL_EXIT[o.interrupted];
  return t.failed > 0 ? EXIT.failed : EXIT.ok;
}
