// The suite itself, run by the real `vftest` command against the embedded cloud: it passes on a healthy cloud (in
// two workers; the selftest's healthy profile runs it in one), fails (naming the problem) on a broken one, skips
// with a reason on a cloud without the feature, and leaves nothing behind — after a pass, after a failure, and
// after SIGINT in the middle of a migration. The first run starts its own RabbitMQ (that start is checked); the
// others share one broker.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import type { RunResults } from "../../lib/report/results-model.js";
import { readJson, sharedBroker, vftest } from "./helpers.js";

const __dirname_ = dirname(fileURLToPath(import.meta.url));
const MIGRATE_CONFIRM = "be1b48b9-b402-45f1-a6df-330a234b5753";
/** `vftest run` checks notifications by default when this exists (and CI=true requires it). */
const RABBITMQ = "/usr/lib/rabbitmq/bin/rabbitmq-server";

describe("the suite against the embedded cloud", function () {
  this.timeout(600_000);
  let resultsDir: string;
  const broker = sharedBroker();
  before(() => {
    resultsDir = mkdtempSync(join(tmpdir(), "vftest-e2e-"));
  });
  after(() => rmSync(resultsDir, { recursive: true, force: true }));

  it("passes every test on release 2026.2 in two workers with per-worker credentials, quietly, and leaves nothing behind", async () => {
    const r = await vftest(["run", "--concurrency", "2"], { resultsDir });
    expect(r.code, r.out.slice(-3000)).to.equal(0);
    const results = readJson<RunResults>(r.runDir!, "results.json");
    // Tests tagged serial run alone after the two workers, under one more worker index.
    expect([...new Set(results.tests.map((t) => t.worker))], "both workers ran tests").to.include.members([0, 1]);
    const lines = r.out.trimEnd().split("\n");
    expect(lines.length, "at most ~2 console lines per test plus header and summary").to.be.at.most(
      2 * results.totals.total + 30,
    );
    expect(r.out).to.match(/^Ran: \d+ tests in [\d.]+ sec\.$/m);
    expect(r.out).to.match(/^ - Worker 0 \(\d+ tests\) => /m);
    expect(r.out).to.match(/^ - Worker 1 \(\d+ tests\) => /m);
    expect(r.out).to.match(/leak check: the embedded cloud holds nothing/);
    expect(r.out).to.match(/summary: \S+summary\.md/);
    const readme = readFileSync(join(__dirname_, "../../README.md"), "utf8");
    const skips = Number(/on a healthy 2026\.2 cloud expect (\d+) skips/.exec(readme)?.[1]);
    expect(results.totals.skipped, "the README's number of skips on a healthy cloud").to.equal(skips);
    expect(results.totals.failed).to.equal(0);
    expect(results.totals.passed).to.be.greaterThan(20);
    for (const t of results.tests.filter((x) => x.state === "skipped")) {
      expect(t.skipReason, `${t.title} skipped without a reason`).to.be.a("string").and.not.empty;
    }
    expect(readJson<unknown[]>(r.runDir!, "leaks.json")).to.deep.equal([]);
    // The fifth layer: checked through a private broker when rabbitmq-server is installed, else "not checked" with
    // the reason — never absent.
    const notif = results.checks.filter((c) => c.layer === "notifications");
    expect(notif.length, "notification checks recorded").to.be.greaterThan(0);
    if (existsSync(RABBITMQ) || process.env.CI === "true") {
      const ok = notif.filter((c) => c.outcome === "ok");
      expect(ok.length, "one move's notifications checked per scenario").to.be.at.least(10);
      expect(r.out).to.match(/notifications via a private RabbitMQ on 127\.0\.0\.1:\d+ \(started in \d+ ms\)/);
    } else {
      for (const c of notif) expect(c.reason).to.match(/rabbitmq-server not installed/);
    }
  });

  it("on release 2026.1 skips the moves with the microversion as reason and passes the gating tests", async () => {
    const r = await vftest(["run", "--release", "2026.1"], { resultsDir, env: broker.env() });
    expect(r.code, r.out.slice(-3000)).to.equal(0);
    const results = readJson<RunResults>(r.runDir!, "results.json");
    const byUuid = new Map(results.tests.map((t) => [t.uuid, t]));
    const scenario = byUuid.get(MIGRATE_CONFIRM)!;
    expect(scenario.state).to.equal("skipped");
    expect(scenario.skipReason).to.match(/2\.105.*maximum is 2\.104/);
    expect(byUuid.get("1c7deede-8886-4b32-bcf1-8249e59840a4")?.state, "refused-without-feature gating test").to.equal(
      "passed",
    );
    expect(byUuid.get("6b451958-7b4b-4cf7-b162-ee3c9f79a3d6")?.state, "still-blocked gating test").to.equal("passed");
  });

  it("fails with the problem named on a broken cloud, and still cleans up", async () => {
    const r = await vftest(["run", "--grep", MIGRATE_CONFIRM, "--faults", "dest-not-mounted"], {
      resultsDir,
      env: broker.env(),
    });
    expect(r.code).to.equal(1);
    const results = readJson<RunResults>(r.runDir!, "results.json");
    const t = results.tests.find((x) => x.uuid === MIGRATE_CONFIRM)!;
    expect(t.state).to.equal("failed");
    expect(t.error?.message).to.match(/does not have share .* mounted/);
    // without -v the console still names the failure, its step and its diagnostics
    expect(r.out).to.match(/\{0\} \S+test_migrate_confirm\[id-[^\]]+\] \[[\d.]+s\] \.\.\. FAILED/);
    expect(r.out).to.match(/does not have share .* mounted/);
    expect(r.out).to.match(/failed in step: /);
    expect(r.out).to.match(/diagnostics: \S+diagnostics\/be1b48b9/);
    expect(r.out).not.to.match(/STEP /);
    expect(readJson<unknown[]>(r.runDir!, "leaks.json")).to.deep.equal([]);
  });

  it("cleans up after SIGINT in the middle of a migration", async () => {
    let sent = false;
    const r = await vftest(["run", "-v", "--regex", MIGRATE_CONFIRM], {
      resultsDir,
      env: broker.env(),
      onOutput: (chunk, kill) => {
        if (!sent && /STEP cold migrate/.test(chunk)) {
          sent = true;
          kill("SIGINT");
        }
      },
    });
    expect(sent, "the run reached the migration step").to.equal(true);
    expect(r.code, r.out.slice(-3000)).to.equal(130);
    expect(readJson<unknown[]>(r.runDir!, "leaks.json")).to.deep.equal([]);
  });

  it("verifies the same-host resize where the cloud allows it", async () => {
    const sameHost = "56b1cb77-e63c-45fa-b97b-6477f6d14e69";
    const r = await vftest(["run", "--grep", sameHost, "--allow-resize-to-same-host"], {
      resultsDir,
      env: broker.env(),
    });
    expect(r.code, r.out.slice(-3000)).to.equal(0);
    const t = readJson<RunResults>(r.runDir!, "results.json").tests.find((x) => x.uuid === sameHost);
    expect(t?.state, "the same-host resize test ran and passed").to.equal("passed");
    expect(readJson<unknown[]>(r.runDir!, "leaks.json")).to.deep.equal([]);
  });

  it("re-runs exactly the ids of a --load-list file", async () => {
    const ids = [
      "vftest.api.test_server_shares.ServerSharesTest.test_invalid_tags_bad_request[id-8a224398-5922-454d-8af8-6bcd80616e92,api]",
      "vftest.api.test_server_shares.ServerSharesTest.test_unknown_share_or_server_not_found[id-b030f460-fb55-4c7e-93a4-0160d93899ce,api]",
    ];
    const file = join(resultsDir, "load.txt");
    writeFileSync(file, `${ids.join("\n")}\n`);
    const r = await vftest(["run", "--load-list", file], { resultsDir, env: broker.env() });
    expect(r.code, r.out.slice(-3000)).to.equal(0);
    const ran = readJson<RunResults>(r.runDir!, "results.json").tests.map((t) => t.id);
    expect(ran.sort()).to.deep.equal([...ids].sort());
  });
});
