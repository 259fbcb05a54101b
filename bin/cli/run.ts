// `vftest run`: open the target (lib/target: a real cloud named by --config/--os-cloud/VFTEST_CONFIG/OS_CLOUD/
// OS_AUTH_URL, or the embedded cloud started here), create the run's results directory, run the selected tests
// in-process or in -w/--concurrency workers, write the summary, print the totals (run-end.ts). Exit 0/1/2
// (130/143 on a signal). Selection and concurrency flags are Tempest's and stestr's.

import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { teeConsole } from "../../lib/runner/console-tee.js";
import type { RunContext } from "../../lib/runner/context.js";
import { UsageError } from "../../lib/runner/errors.js";
import { exitAfterStop } from "../../lib/runner/interrupt.js";
import { runParallel } from "../../lib/runner/parallel.js";
import { createRunDir, newRunId, RESULT_FILES, updateLatestLink } from "../../lib/runner/results-dir.js";
import { type RunOutcome, runInProcess } from "../../lib/runner/run.js";
import { DEFAULT_SUITE_DIRS, findSuiteFiles } from "../../lib/runner/select.js";
import { type GuestKind, parseShareProtocol } from "../../lib/target/embedded.js";
import { diffResources, simControl } from "../../lib/target/leaks.js";
import { checkWorkerCredentials, describeTarget, openTarget, realCloudSource } from "../../lib/target/open.js";
import { brokerForRun, type RunBroker } from "./broker.js";
import { printLeftovers, speakingIo } from "./closing.js";
import {
  checkGuestKind,
  faultsHelp,
  parseFaults,
  parsePositiveInt,
  parseRelease,
  startEmbeddedCloud,
} from "./embedded.js";
import { hostPairSelection, hostPairsFor } from "./host-pairs.js";
import type { CliContext } from "./io.js";
import { teardownLeaks, writeLeaks } from "./leaks.js";
import { existingDefaults, listTests, SUITE_ROOT, userPaths } from "./list.js";
import { addCloudOptions, addSelectionOptions, selectionFrom } from "./options.js";
import { parentConsole } from "./parent-console.js";
import { printRunEnd } from "./run-end.js";
import { EMBEDDED_ONLY, type RunFlags, workerCount } from "./run-flags.js";
import { writeRunSummary } from "./summary.js";

export function runCommand(ctx: CliContext): Command {
  const cmd = new Command("run").description("run the suite (default target: the embedded simulated cloud)");
  addCloudOptions(addSelectionOptions(cmd))
    .option("-w, --concurrency <N>", "run in N worker processes, each with its own credentials (default 1)")
    .option("-p, --parallel <N>", "alias of --concurrency")
    .option("--serial", "run in one process (the same as --concurrency 1)")
    .option("-l, --list-tests", "print the ids of the tests this run would run and stop (like `vftest list`)")
    .option("-v, --verbose", "print every test's step log as it runs (it is always in console.log and the reports)")
    .option("--results-dir <dir>", "base directory for results (default: reporting.results_dir)")
    .option("--timeout <seconds>", "per-test timeout", "1800")
    .option("--bail", "stop at the first failure")
    .option(
      "--host-pairs <pairs>",
      "host-pair certificate: migrate+confirm and migrate+revert for every ordered pair of up compute hosts (all) or the listed SOURCE:DEST pairs; runs those tests only and writes host-pairs.json/.html",
    )
    .option("--release <release>", "embedded cloud: Nova release profile, 2026.1 or 2026.2 (default 2026.2)")
    .option("--hosts <N>", "embedded cloud: number of compute hosts (default 2)")
    .option("--faults <names>", "embedded cloud: comma-separated fault profiles to switch on for the whole run")
    .addOption(new Option("--guest <kind>", "embedded cloud: guest implementation").choices(["emulated", "qemu"]))
    .option(
      "--allow-resize-to-same-host",
      "embedded cloud: let a resize land on its own host (Nova's allow_resize_to_same_host) for the same-host test",
    )
    .option(
      "--notifications",
      "embedded cloud: check Nova's versioned notifications through a private RabbitMQ (default when rabbitmq-server is installed)",
    )
    .option("--no-notifications", "embedded cloud: no broker; the notification layer is reported as not checked")
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
  vftest run -r 'revert' --faults dest-not-cleaned-on-revert     # watch the suite catch a bug
  vftest run --config vftest.yaml --concurrency 4 --shard 1/2
  vftest last --failing --list > failed.txt && vftest run --load-list failed.txt
  vftest run --host-pairs all --hosts 3                          # the host-pair certificate
  vftest run --share-protocol cephfs                             # the embedded cloud serving CephFS shares
  vftest run --os-cloud devstack --os-cloud-admin devstack-admin tests/scenario`,
    );
  return cmd.action(async (paths: string[], flags: RunFlags) => {
    ctx.setExitCode(await runTests(ctx, paths, flags));
  });
}

export async function runTests(ctx: CliContext, paths: string[], flags: RunFlags): Promise<number> {
  const { io } = ctx;
  if (flags.listTests) return listTests(ctx, paths, flags);
  // Everything the user can get wrong is checked before a cloud starts or a directory is created.
  const selection = flags.hostPairs !== undefined ? hostPairSelection(selectionFrom(flags)) : selectionFrom(flags);
  const workers = workerCount(flags);
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
  // The broker starts before the cloud (the cloud connects to it at start) and stops after it, also on an
  // interrupt or when the cloud fails to start.
  const broker: RunBroker | undefined = real
    ? undefined
    : await brokerForRun(flags.notifications, io.env, (l) => simLog.push(l));
  try {
    return await runOnTarget(ctx, { files, selection, workers, timeoutMs, runId, simLog, broker, rootDir }, flags, {
      real,
      release,
      hosts,
      faults,
      guest,
      shareProtocol,
    });
  } finally {
    await broker?.stop();
  }
}

interface Prepared {
  files: string[];
  selection: ReturnType<typeof selectionFrom>;
  workers: number;
  timeoutMs: number;
  runId: string;
  simLog: string[];
  broker?: RunBroker;
  rootDir: string;
}

async function runOnTarget(
  ctx: CliContext,
  p: Prepared,
  flags: RunFlags,
  e: {
    real?: string;
    release: ReturnType<typeof parseRelease>;
    hosts: number;
    faults: string[];
    guest: GuestKind;
    shareProtocol?: ReturnType<typeof parseShareProtocol>;
  },
): Promise<number> {
  const { io } = ctx;
  const { files, selection, workers, timeoutMs, runId, simLog, broker, rootDir } = p;
  const { real, release, hosts, faults, guest, shareProtocol } = e;
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
      notificationsUrl: broker?.url,
      log: (l) => simLog.push(l),
      start: startEmbeddedCloud,
    },
  });
  let stopTee: (() => void) | undefined;
  let stoppedNow: number | undefined;
  try {
    const hostPairs = flags.hostPairs !== undefined ? await hostPairsFor(flags.hostPairs, target.config) : undefined;
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
      target: {
        kind: target.kind,
        simControlUrl: target.cloud ? `${target.cloud.url}/sim/v1` : undefined,
        ...(broker?.notChecked ? { notificationsNotChecked: broker.notChecked } : {}),
      },
      verbose: flags.verbose === true,
      consoleLogPath: path.join(runDir, RESULT_FILES.console),
      ...(hostPairs ? { hostPairs } : {}),
    };
    const via = broker ? `; ${broker.describe}` : "";
    io.out(
      `vftest: run ${runId} against ${describeTarget(target, { release, hosts, faults, guest })}${via}; results in ${runDir}\n`,
    );
    const control = context.target.simControlUrl ? simControl(context.target.simControlUrl, target.config) : undefined;
    const baseline = await control?.resources();
    const request = { context, files, rootDir, selection, timeoutMs, bail: flags.bail };
    let outcome: RunOutcome;
    if (workers > 1) {
      const parent = parentConsole(flags.verbose === true);
      try {
        outcome = await runParallel({ ...request, workers, write: parent.write, onSelected: parent.onSelected });
      } finally {
        parent.stop();
      }
    } else {
      outcome = await runInProcess({ ...request, console: true });
    }
    // After "stopping now" the console is muted for everyone but these closing lines.
    const say = outcome.stoppedNow ? speakingIo(io) : io;
    await writeRunSummary(runDir, say, { junit: target.config.reporting.junit });
    // Leaks: what the tests' teardowns had to remove (any cloud) and what the embedded cloud still holds.
    const leaks = [
      ...teardownLeaks(runDir),
      ...(control && baseline ? diffResources(baseline, await control.resources()) : []),
    ];
    writeLeaks(leaks, runDir);
    const code = printRunEnd(say, {
      outcome,
      runDir,
      sharded: Boolean(selection.shard),
      leaks,
      embedded: Boolean(control),
    });
    if (outcome.interrupted) {
      printLeftovers(say, outcome, runDir, { flags, embedded: Boolean(target.cloud), runId, cwd: io.cwd });
    }
    if (outcome.stoppedNow) stoppedNow = code;
    return code;
  } finally {
    stopTee?.();
    await target.cloud?.stop();
    // The cut test still runs in the background; the run is over.
    if (stoppedNow !== undefined) exitAfterStop(stoppedNow);
  }
}
