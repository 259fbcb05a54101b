// `vftest selftest`: measures what the suite catches. The whole suite runs against the embedded cloud once per fault
// profile (plus once healthy and once with transient faults), each run a real `vftest run` child process; the
// outcome is compared with the table in lib/spec/detection.ts and printed as a detection matrix.

import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import {
  judgeProfile,
  type ProfileExpectation,
  type ProfileJudgement,
  type ProfileRun,
  renderDetectionMatrix,
} from "../../lib/report/detection.js";
import { readResultsJson } from "../../lib/report/results.js";
import { repoFile } from "../../lib/runner/compiled.js";
import { UsageError } from "../../lib/runner/errors.js";
import { newRunId } from "../../lib/runner/results-dir.js";
import { findSuiteFiles, loadSuite, selectTests } from "../../lib/runner/select.js";
import { DETECTION_EXPECTATIONS } from "../../lib/spec/detection.js";
import { brokerForRun, SHARED_BROKER_ENV } from "./broker.js";
import { checkGuestKind, GUEST_KINDS, type GuestKind, parsePositiveInt } from "./embedded.js";
import { type CliContext, EXIT } from "./io.js";
import { existingDefaults } from "./list.js";
import { longestFirst, runTimingEnv, timingNote } from "./selftest-plan.js";

interface SelftestFlags {
  profiles?: string;
  jobs?: string;
  resultsDir?: string;
  stepMs?: string;
  guest?: GuestKind;
  grep?: string;
}

const VFTEST = repoFile(import.meta.url, "bin/vftest.js");

export function selftestCommand(ctx: CliContext): Command {
  return new Command("selftest")
    .description("run the suite against the embedded cloud once per fault profile and print the detection matrix")
    .option("--profiles <names>", "only these profiles (comma-separated; default: all in lib/spec/detection.ts)")
    .option("--jobs <n>", "profiles run at the same time (default 4)")
    .option("--results-dir <dir>", "where the selftest writes its runs and the matrix (default results/)")
    .option("--step-ms <ms>", "embedded cloud latency per simulated step for bug profiles (default 5)")
    .addOption(
      new Option("--guest <kind>", "guest implementation of each run's embedded cloud (default emulated)").choices([
        ...GUEST_KINDS,
      ]),
    )
    .option(
      "--grep <regex>",
      "only the tests this selects (as `vftest run --grep`); each profile then expects only its failures among them",
    )
    .addHelpText(
      "after",
      `
A profile passes when every test it declares fails with its phrase and no other test fails; the healthy and
transient profiles pass when nothing fails. Ends with "N passed, N failed" (one case per profile).
Exit codes: 0 every profile as declared, 1 otherwise, 2 bad usage.

Examples:
  vftest selftest
  vftest selftest --profiles healthy,dest-not-mounted --jobs 2
  vftest selftest --guest qemu --jobs 1 --profiles dest-not-mounted-guest-only --grep 'be1b48b9|669f7d7e'`,
    )
    .action(async (flags: SelftestFlags) => ctx.setExitCode(await selftest(ctx, flags)));
}

function chosenProfiles(flags: SelftestFlags): ProfileExpectation[] {
  if (!flags.profiles) return DETECTION_EXPECTATIONS;
  const names = flags.profiles.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !DETECTION_EXPECTATIONS.some((e) => e.profile === n));
  if (unknown.length) {
    throw new UsageError(
      `--profiles: unknown profile ${unknown.join(", ")}; known: ${DETECTION_EXPECTATIONS.map((e) => e.profile).join(", ")}`,
    );
  }
  return DETECTION_EXPECTATIONS.filter((e) => names.includes(e.profile));
}

/** UUIDs of the tests `--grep` selects (the same selection `vftest run --grep` makes); none is a usage error. */
async function selectedUuids(cwd: string, grep: string): Promise<Set<string>> {
  const files = findSuiteFiles(existingDefaults(cwd), cwd);
  const { tests } = await loadSuite({ files, rootDir: cwd });
  const uuids = selectTests(tests, { regexes: [grep] }).flatMap((t) => (t.uuid ? [t.uuid] : []));
  if (uuids.length === 0) throw new UsageError(`--grep ${grep}: selects no test (see \`vftest list --grep\`)`);
  return new Set(uuids);
}

/**
 * A profile restricted to the selected tests: its failures among them are still all required (and nothing else may
 * fail), but a bug profile none of whose failures is selected would prove nothing, so that is a usage error.
 */
function narrowed(exp: ProfileExpectation, grep: string | undefined, selected: Set<string> | undefined) {
  if (!selected) return exp;
  const mustFail = exp.mustFail.filter((m) => selected.has(m.test));
  if (exp.kind === "bug" && mustFail.length === 0) {
    throw new UsageError(`--grep ${grep}: selects none of the tests profile ${exp.profile} must fail`);
  }
  return { ...exp, mustFail };
}

/** One `vftest run` against a fresh embedded cloud with the profile's faults. */
function runProfile(
  exp: ProfileExpectation,
  dir: string,
  o: { stepMs: string; cwd: string; guest?: GuestKind; grep?: string; selected?: Set<string>; brokerUrl?: string },
): Promise<ProfileRun> {
  const { stepMs, cwd, brokerUrl } = o;
  const started = Date.now();
  const args = [
    VFTEST,
    "run",
    "--results-dir",
    dir,
    ...(exp.faults.length ? ["--faults", exp.faults.join(",")] : []),
    ...(exp.args ?? []),
    ...(o.guest ? ["--guest", o.guest] : []),
    ...(o.grep ? ["--grep", o.grep] : []),
  ];
  // Fast steps for every profile: "slow-steps" and "jitter" scale them, so the transient run stays slow relative
  // to the healthy one while the whole selftest fits in CI; cleanup bounded by the simulator's slowest cleanup.
  const env: NodeJS.ProcessEnv = { ...process.env, OS_CLOUD: "", OS_AUTH_URL: "", VFTEST_CONFIG: "" };
  Object.assign(env, runTimingEnv(stepMs, o.guest));
  // Every run publishes to and listens on the selftest's one broker (servers are told apart by their ids).
  if (brokerUrl) env[SHARED_BROKER_ENV] = brokerUrl;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const log = fs.createWriteStream(path.join(dir, "selftest-run.log"));
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.on("close", (code) => {
      const durationMs = Date.now() - started;
      const file = path.join(dir, "latest", "results.json");
      if (!fs.existsSync(file)) {
        resolve({ profile: exp.profile, durationMs, crash: `vftest run exited ${code} without results` });
        return;
      }
      const results = readResultsJson(file);
      const leaksFile = path.join(dir, "latest", "leaks.json");
      // Leftovers a teardown removed fail their test (judged below); what the cloud still holds is a crash.
      const leaks = (
        fs.existsSync(leaksFile) ? (JSON.parse(fs.readFileSync(leaksFile, "utf8")) as { kind?: string }[]) : []
      ).filter((l) => l.kind !== "teardown");
      if (leaks.length > 0) {
        resolve({
          profile: exp.profile,
          durationMs,
          results,
          crash: `${leaks.length} resource(s) leaked (leaks.json)`,
        });
        return;
      }
      const ran = new Set(results.tests.map((t) => t.uuid));
      const notRun = [...(o.selected ?? [])].filter((u) => !ran.has(u));
      if (notRun.length > 0) {
        resolve({
          profile: exp.profile,
          durationMs,
          results,
          crash: `selected tests did not run: ${notRun.join(", ")}`,
        });
        return;
      }
      if (code !== 0 && code !== 1) {
        resolve({ profile: exp.profile, durationMs, results, crash: `vftest run exited ${code}` });
        return;
      }
      resolve({ profile: exp.profile, durationMs, results });
    });
  });
}

/** fn over `items`, `jobs` at a time, started in `order` (indexes); results in the items' order. */
async function pool<T, R>(items: T[], order: number[], jobs: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const i = order[next++]!;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return out;
}

export async function selftest(ctx: CliContext, flags: SelftestFlags): Promise<number> {
  const { io } = ctx;
  const selected = flags.grep === undefined ? undefined : await selectedUuids(io.cwd, flags.grep);
  const profiles = chosenProfiles(flags).map((exp) => narrowed(exp, flags.grep, selected));
  const jobs = parsePositiveInt("--jobs", flags.jobs ?? "4", 16);
  if (flags.guest) checkGuestKind(flags.guest, io.env, jobs);
  const stepMs = flags.stepMs ?? "5";
  const root = path.resolve(io.cwd, flags.resultsDir ?? "results", `selftest-${newRunId()}`);
  fs.mkdirSync(root, { recursive: true });
  io.err(`vftest selftest: ${profiles.length} profile(s), ${jobs} at a time, longest first; results in ${root}\n`);
  io.err(`vftest selftest: ${timingNote(stepMs, flags.guest)}\n`);
  const broker = await brokerForRun(undefined, io.env, (l) => io.err(`vftest selftest: ${l}\n`));
  io.err(`vftest selftest: ${broker.url ? broker.describe : `notification layer ${broker.notChecked}`}\n`);
  try {
    return await runAll(ctx, profiles, {
      jobs,
      stepMs,
      root,
      brokerUrl: broker.url,
      guest: flags.guest,
      grep: flags.grep,
      selected,
    });
  } finally {
    await broker.stop();
  }
}

async function runAll(
  ctx: CliContext,
  profiles: ProfileExpectation[],
  o: {
    jobs: number;
    stepMs: string;
    root: string;
    brokerUrl?: string;
    guest?: GuestKind;
    grep?: string;
    selected?: Set<string>;
  },
): Promise<number> {
  const { io } = ctx;
  const { jobs, stepMs, root } = o;
  const started = Date.now();
  const judgements: ProfileJudgement[] = await pool(profiles, longestFirst(profiles), jobs, async (exp) => {
    const dir = path.join(root, exp.profile);
    fs.mkdirSync(dir, { recursive: true });
    const run = await runProfile(exp, dir, {
      stepMs,
      cwd: io.cwd,
      guest: o.guest,
      grep: o.grep,
      selected: o.selected,
      brokerUrl: o.brokerUrl,
    });
    const j = judgeProfile(exp, run);
    const t = j.totals;
    io.err(
      `  ${j.verdict === "passed" ? "ok  " : "FAIL"} ${exp.profile.padEnd(34)} ${(run.durationMs / 1000).toFixed(0).padStart(4)}s ` +
        `${t ? `${t.failed} failed, ${t.passed} passed, ${t.skipped} skipped` : (j.crash ?? "")}\n`,
    );
    return j;
  });
  // The matrix says under which bounds it was measured (they are not a real cloud's).
  const timing = timingNote(stepMs, o.guest);
  const markdown = renderDetectionMatrix(judgements).replace(/\n\n/, `\n\nMeasured on ${timing}.\n\n`);
  fs.writeFileSync(path.join(root, "detection-matrix.md"), markdown);
  fs.writeFileSync(
    path.join(root, "detection-matrix.json"),
    `${JSON.stringify({ durationMs: Date.now() - started, timing, profiles: judgements }, null, 2)}\n`,
  );
  io.out(markdown);
  io.err(`vftest selftest: ${((Date.now() - started) / 1000).toFixed(0)} s; matrix in ${root}/detection-matrix.md\n`);
  return judgements.every((j) => j.verdict === "passed") ? EXIT.ok : EXIT.failed;
}
