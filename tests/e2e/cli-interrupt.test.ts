// `vftest run` stopped before its cleanup finished, against a standalone embedded cloud, the way a user (Ctrl-C
// twice) or a CI job timing out (SIGTERM) stops it. The cloud runs with `stuck-verify-resize`, so the first test
// (two shares, migrate and confirm) waits for the confirm to finish until build_timeout: the signals go out once the
// log shows that wait, and nothing is created or deleted while the run stops — no guessed sleeps. Checked: only the
// closing lines print after "stopping now"; the tests are marked (cut = failed, never started = not run) in
// results.json, JUnit, subunit and summary.md; leftovers.json lists exactly the vftest- resources the cloud's admin
// listing shows; and the printed `vftest cleanup --from` command deletes them all.

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { createClients } from "../../lib/clients/index.js";
import { SimControlClient, type SimResources } from "../../lib/clients/sim-control-client.js";
import type { CleanupResource } from "../../lib/common/cleanup.js";
import type { RunResults } from "../../lib/report/results-model.js";
import { runVftest, type StandaloneSim, startSim } from "./cli-harness.js";

const CONFIRM = "a33246da-c5e2-4999-b3e6-1d84667dee3b"; // two shares survive migrate and confirm: cut
const REVERT = "7ae50d6b-e1e3-465b-9c0b-84243d73ebc1"; // two shares survive migrate and revert
const RESIZE_CONFIRM = "2034eef1-6f40-475d-8334-8596e518ed60"; // resize and confirm
const MIGRATE_CONFIRM = "be1b48b9-b402-45f1-a6df-330a234b5753"; // migrate and confirm
const BIN = path.resolve(import.meta.dirname, "../../bin/vftest.js");

interface Stopped {
  code: number | null;
  lines: string[];
  /** ms from the stopping signal to the closing summary line. */
  closingAfterMs: number;
  runDir: string;
}

/** Sends `signal` once `when` says so, line by line. */
type SignalStep = { when: (line: string) => boolean; signal: NodeJS.Signals };

/** True once every test (by UUID) has printed its wait for the confirm to finish, which never comes. */
function allWaitingForConfirm(...uuids: string[]): (line: string) => boolean {
  const confirming = new Set<string>();
  const waiting = new Set<string>();
  return (line) => {
    const uuid = uuids.find((u) => line.includes(`[${u.slice(0, 8)}]`));
    if (uuid && /STEP confirm the move of server/.test(line)) confirming.add(uuid);
    if (uuid && confirming.has(uuid) && /waiting for "ACTIVE/.test(line)) waiting.add(uuid);
    return waiting.size === uuids.length;
  };
}

/**
 * True once two of `uuids` wait for their confirm at the same time (a test whose teardown began no longer counts):
 * which worker gets which test is the scheduler's business.
 */
function twoWaitingForConfirm(...uuids: string[]): (line: string) => boolean {
  const confirming = new Set<string>();
  const waiting = new Set<string>();
  return (line) => {
    const uuid = uuids.find((u) => line.includes(`[${u.slice(0, 8)}]`));
    if (!uuid) return false;
    if (/STEP confirm the move of server/.test(line)) confirming.add(uuid);
    if (confirming.has(uuid) && /waiting for "ACTIVE/.test(line)) waiting.add(uuid);
    if (/\bcleanup \(/.test(line)) waiting.delete(uuid);
    return waiting.size >= 2;
  };
}

/** Runs `vftest run` with `args`, sending each signal once its line has been printed. */
function runAndStop(sim: StandaloneSim, args: string[], signals: SignalStep[]): Promise<Stopped> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "run", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, OS_CLOUD: "", OS_AUTH_URL: "", VFTEST_CONFIG: "", OS_CLIENT_CONFIG_FILE: sim.cloudsYaml },
    });
    const lines: string[] = [];
    let next = 0;
    let lastSignalAt = 0;
    let closingAt = 0;
    const onLine = (line: string) => {
      lines.push(line);
      if (/^vftest: interrupted: /.test(line)) closingAt = Date.now();
      const step = signals[next];
      if (step?.when(line)) {
        next += 1;
        lastSignalAt = Date.now();
        child.kill(step.signal);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buf = "";
      stream.setEncoding("utf8");
      stream.on("data", (d: string) => {
        buf += d;
        for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
          onLine(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      });
    }
    child.on("error", reject);
    child.on("close", (code) => {
      const runDir = /results in (\S+?)(?:;|$)/m.exec(lines.join("\n"))?.[1] ?? "";
      if (next < signals.length) reject(new Error(`only ${next} signal(s) went out:\n${lines.join("\n")}`));
      else resolve({ code, lines, closingAfterMs: closingAt - lastSignalAt, runDir });
    });
  });
}

const KINDS: Record<CleanupResource["type"], string> = {
  server: "servers",
  share: "shares",
  floating_ip: "floating_ips",
  keypair: "keypairs",
  security_group: "security_groups",
  user: "users",
  project: "projects",
};

/** Every vftest- resource the cloud holds, as `type id` (keypairs: their name). */
function vftestResources(r: SimResources): string[] {
  return Object.entries(KINDS)
    .flatMap(([type, kind]) =>
      (r[kind] ?? []).filter((x) => (x.name ?? "").startsWith("vftest-")).map((x) => `${type} ${x.id}`),
    )
    .sort();
}

/** The lines after "stopping now" must be the closing lines and nothing else (no step log, no reporter output). */
function expectOnlyClosingLines(lines: string[], totals = "0 passed, 1 failed, 0 skipped, 1 not run"): void {
  const at = lines.findIndex((l) => /stopping now; partial results are being written/.test(l));
  expect(at, lines.join("\n")).to.be.greaterThan(-1);
  const closing = [
    new RegExp(`^vftest: interrupted: ${totals} in \\S+; results: \\S+$`),
    /^vftest: the run stopped before its cleanup finished; it left \d+ resource\(s\) on the cloud:$/,
    /^ {2}(server|share|keypair|security group|floating ip|user|project) vftest-\S+( \(\S+\))?$/,
    /^vftest: delete them with:$/,
    /^ {2}vftest cleanup --from \S+ --config \S+ --os-cloud vftest-sim --os-cloud-admin vftest-sim-admin$/,
  ];
  for (const line of lines.slice(at + 1).filter((l) => l !== "")) {
    expect(
      closing.some((re) => re.test(line)),
      `printed after "stopping now": ${line}`,
    ).to.equal(true);
  }
  expect(lines.slice(at + 1).join("\n")).to.match(/vftest cleanup --from/);
}

function expectMarkedResults(runDir: string, cutBy: RegExp): void {
  const results = JSON.parse(fs.readFileSync(path.join(runDir, "results.json"), "utf8")) as RunResults;
  const cut = results.tests.find((t) => t.uuid === CONFIRM);
  const never = results.tests.find((t) => t.uuid === REVERT);
  expect(cut?.state, "the cut test").to.equal("failed");
  expect(cut?.error?.message).to.match(cutBy);
  expect(never?.state, "the test that never started").to.equal("skipped");
  expect(never?.notRun).to.equal(true);
  expect(never?.skipReason).to.match(/^not run: the run was interrupted/);
  expect(results.totals).to.include({ total: 2, passed: 0, failed: 1, skipped: 0, notRun: 1 });

  const junit = fs.readFileSync(path.join(runDir, "junit.xml"), "utf8");
  expect(junit).to.match(/<failure message="interrupted: /);
  expect(junit).to.match(/<skipped message="not run: the run was interrupted/);
  const summary = fs.readFileSync(path.join(runDir, "summary.md"), "utf8");
  expect(summary).to.match(/^# vftest run \S+: FAILED/m);
  expect(summary).to.match(/2 tests: 0 passed, 1 failed, 0 skipped, 1 not run/);
  expect(summary).to.match(/## Not run\n\n- `[^`]*test_migrate_revert_two_shares\[[^`]*`: not run: /);
  // subunit as the stock subunit tools read it: the cut test failed, the other a skip with its reason.
  const stats = spawnSync("subunit-stats", { input: fs.readFileSync(path.join(runDir, "results.subunit")) });
  expect(stats.stdout.toString()).to.match(
    /Total tests:\s+2\s+Passed tests:\s+0\s+Failed tests:\s+1\s+Skipped tests:\s+1/,
  );
}

describe("vftest run stopped before its cleanup finished", function () {
  this.timeout(300_000);
  let sim: StandaloneSim;
  let control: SimControlClient;
  let resultsDir: string;

  before(async () => {
    sim = await startSim(["--faults", "stuck-verify-resize"]);
    resultsDir = path.join(sim.dir, "results");
    const admin = createClients({
      auth: {
        authUrl: `${sim.url}/identity/v3`,
        username: "admin",
        password: "secretadmin",
        userDomainName: "Default",
        projectName: "admin",
        projectDomainName: "Default",
      },
    });
    control = new SimControlClient(`${sim.url}/sim/v1`, admin.auth);
  });
  after(async () => sim?.stop());

  const runArgs = (...extra: string[]) => [
    "-v", // the step log on the console: the signals go out on its lines
    "--grep",
    [CONFIRM, REVERT, ...extra].join("|"),
    "--results-dir",
    resultsDir,
    ...sim.cloudArgs,
  ];

  /** leftovers.json against the cloud, then the printed command, then the cloud again. */
  async function expectListedLeftoversRemoved(r: Stopped, servers = 1, shares = 2): Promise<void> {
    const file = JSON.parse(fs.readFileSync(path.join(r.runDir, "leftovers.json"), "utf8")) as {
      command: string;
      resources: CleanupResource[];
    };
    const listed = file.resources.map((x) => `${x.type} ${x.id}`).sort();
    expect(
      listed.filter((x) => x.startsWith("server ")),
      "servers among the leftovers",
    ).to.have.length(servers);
    expect(
      listed.filter((x) => x.startsWith("share ")),
      "shares among the leftovers",
    ).to.have.length(shares);
    expect(listed, "leftovers.json against the cloud's admin listing").to.deep.equal(
      vftestResources(await control.resources()),
    );
    const printed = r.lines.map((l) => /^ {2}(vftest cleanup --from .*)$/.exec(l)?.[1]).find(Boolean);
    expect(printed, "the printed command").to.equal(file.command);
    const [, ...args] = printed!.split(" ");
    const cleanup = await runVftest(args, { OS_CLIENT_CONFIG_FILE: sim.cloudsYaml });
    expect(cleanup.code, cleanup.out + cleanup.err).to.equal(0);
    expect(cleanup.out).to.match(/cleaned up \d+ resource\(s\)/);
    for (const x of file.resources) expect(cleanup.out).to.include(`deleted ${x.type.replace("_", " ")} ${x.name}`);
    const left = await control.resources();
    expect(vftestResources(left), "vftest- resources after the printed command").to.deep.equal([]);
    expect(left.access_rules, "access rules left").to.deep.equal([]);
    expect(left.resource_locks, "resource locks left").to.deep.equal([]);
    const projects = new Set(file.resources.filter((x) => x.type === "project").map((x) => x.id));
    expect(
      (left.security_groups ?? []).filter((g) => projects.has(String(g.project_id))),
      "security groups Neutron made in the run's own projects",
    ).to.deep.equal([]);
  }

  it("on a second Ctrl-C stops at once, lists what it left and the command that removes it", async () => {
    const r = await runAndStop(sim, runArgs(), [
      { when: allWaitingForConfirm(CONFIRM), signal: "SIGINT" },
      { when: (l) => /SIGINT received: no new tests will start/.test(l), signal: "SIGINT" },
    ]);
    expect(r.code, r.lines.slice(-30).join("\n")).to.equal(130);
    expectOnlyClosingLines(r.lines);
    expectMarkedResults(r.runDir, /^interrupted: the run was stopped at once \(SIGINT again\)/);
    await expectListedLeftoversRemoved(r);
  });

  it("on SIGTERM (a CI job timing out) prints the same closing lines within seconds", async () => {
    const r = await runAndStop(sim, runArgs(), [{ when: allWaitingForConfirm(CONFIRM), signal: "SIGTERM" }]);
    expect(r.code, r.lines.slice(-30).join("\n")).to.equal(143);
    expect(r.lines.join("\n")).to.match(/SIGTERM grace of 5s over: stopping now/);
    expect(r.closingAfterMs, "ms from SIGTERM to the closing lines").to.be.within(0, 10_000);
    expectOnlyClosingLines(r.lines);
    expectMarkedResults(r.runDir, /^interrupted: the run was stopped at once \(SIGTERM grace of 5s over\)/);
    await expectListedLeftoversRemoved(r);
  });

  it("in parallel workers merges each worker's leftovers into one list and one command", async () => {
    // Two workers need two accounts: the run's own projects and users (dynamic credentials), listed as leftovers.
    const config = path.join(sim.dir, "vftest-sim-dynamic.yaml");
    const text = fs
      .readFileSync(sim.configFile, "utf8")
      .replace(/use_dynamic_credentials: false/, "use_dynamic_credentials: true");
    fs.writeFileSync(config, text, { mode: 0o600 });
    // Three tests whose confirm never finishes: whatever the scheduler deals, the first two to start (one per
    // worker) are cut while they wait for it, and the third never starts.
    const three = [CONFIRM, RESIZE_CONFIRM, MIGRATE_CONFIRM];
    const args = runArgs()
      .map((a) => (a === sim.configFile ? config : a))
      .map((a) => (a === [CONFIRM, REVERT].join("|") ? three.join("|") : a));
    const r = await runAndStop(
      sim,
      ["--parallel", "2", ...args],
      [
        { when: twoWaitingForConfirm(...three), signal: "SIGINT" },
        { when: (l) => /SIGINT: passing it to 2 worker\(s\)/.test(l), signal: "SIGINT" },
      ],
    );
    expect(r.code, r.lines.slice(-30).join("\n")).to.equal(130);
    expectOnlyClosingLines(r.lines, "0 passed, 2 failed, 0 skipped, 1 not run");
    const results = JSON.parse(fs.readFileSync(path.join(r.runDir, "results.json"), "utf8")) as RunResults;
    expect(results.totals).to.include({ total: 3, passed: 0, failed: 2, skipped: 0, notRun: 1 });
    const file = JSON.parse(fs.readFileSync(path.join(r.runDir, "leftovers.json"), "utf8")) as {
      resources: CleanupResource[];
    };
    const count = (type: string) => file.resources.filter((x) => x.type === type).length;
    expect(
      [count("keypair"), count("security_group"), count("project"), count("user")],
      "one set per worker",
    ).to.deep.equal([2, 2, 2, 2]);
    // The two cut tests left their server and shares (two for the two-share test, one for the others).
    const sharesOf: Record<string, number> = { [CONFIRM]: 2, [RESIZE_CONFIRM]: 1, [MIGRATE_CONFIRM]: 1 };
    const cut = results.tests.filter((t) => t.state === "failed").map((t) => t.uuid ?? "");
    expect(cut, "the two tests cut").to.have.length(2);
    await expectListedLeftoversRemoved(
      r,
      2,
      cut.reduce((n, u) => n + (sharesOf[u] ?? Number.NaN), 0),
    );
  });
});
