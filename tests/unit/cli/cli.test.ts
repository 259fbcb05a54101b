import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { Io } from "../../../bin/cli/io.js";
import { main } from "../../../bin/cli/main.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const FIXTURES = "tests/unit/runner/fixtures";
const SUITE = [`${FIXTURES}/suite/alpha.suite.ts`, `${FIXTURES}/suite/beta.suite.ts`];

function io(env: NodeJS.ProcessEnv = {}, cwd = ROOT): Io & { stdout: string; stderr: string } {
  const r = {
    stdout: "",
    stderr: "",
    env,
    cwd,
    out: (t: string): void => {
      r.stdout += t;
    },
    err: (t: string): void => {
      r.stderr += t;
    },
  };
  return r;
}

async function vftest(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT) {
  const captured = io(env, cwd);
  const code = await main(["node", "vftest", ...args], captured);
  return { code, out: captured.stdout, err: captured.stderr };
}

/** The real command in a child process (what a user or CI runs). */
function vftestProcess(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin/vftest.js"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("vftest CLI", () => {
  describe("help", () => {
    it("--help lists every subcommand and exits 0", async () => {
      const r = await vftest(["--help"]);
      expect(r.code, r.err).to.equal(0);
      for (const sub of ["run", "list", "verify-config", "init", "cleanup", "sim", "report"]) {
        expect(r.out, `help mentions ${sub}`).to.match(new RegExp(`^  ${sub}\\b`, "m"));
      }
    });
    for (const sub of [["run"], ["list"], ["verify-config"], ["init"], ["cleanup"], ["sim", "start"], ["report"]]) {
      it(`${sub.join(" ")} --help shows examples and exits 0`, async () => {
        const r = await vftest([...sub, "--help"]);
        expect(r.code, r.err).to.equal(0);
        expect(r.out, `help of ${sub.join(" ")}`).to.include("Examples:");
      });
    }
    it("no command at all is bad usage (2) and prints the help", async () => {
      const r = await vftest([]);
      expect(r.code).to.equal(2);
      expect(r.err).to.include("Usage: vftest");
    });
  });

  describe("bad usage exits 2 with one clear line", () => {
    const cases: [string, string[], RegExp][] = [
      ["unknown flag", ["run", "--bogus"], /unknown option '--bogus'/],
      ["unknown command", ["frobnicate"], /unknown command 'frobnicate'/],
      ["shard index above count", ["run", "--shard", "3/2"], /--shard 3\/2: shard index must be between 1 and 2/],
      ["malformed shard", ["list", "--shard", "two"], /--shard expects I\/N/],
      [
        "--faults with --config",
        ["run", "--config", "x.yaml", "--faults", "dest-not-mounted"],
        /--faults only apply to the embedded cloud.*--config/,
      ],
      ["--hosts with OS_CLOUD", ["run", "--hosts", "3"], /--hosts only apply to the embedded cloud.*OS_CLOUD/],
      [
        "unknown fault",
        ["run", "--faults", "no-such-fault"],
        /unknown fault "no-such-fault"; known: .*dest-not-mounted/,
      ],
      [
        "--guest qemu without the QEMU build",
        ["run", "--guest", "qemu"],
        /--guest qemu: this machine cannot run real guests yet:[\s\S]*scripts\/qemu-guest\/build\.sh/,
      ],
      ["bad --guest", ["run", "--guest", "kvm"], /Allowed choices are emulated, qemu/],
      ["bad --parallel", ["run", "--parallel", "0"], /--parallel 0: expected a whole number between 1 and 64/],
      ["bad --release", ["run", "--release", "2025.2"], /--release 2025.2: expected one of 2026.1, 2026.2/],
      ["missing suite path", ["list", "no/such/dir"], /suite path not found: no\/such\/dir/],
    ];
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const env = what.includes("OS_CLOUD")
          ? { OS_CLOUD: "devstack" }
          : what.includes("QEMU build")
            ? { VFTEST_QEMU_CACHE: "/nonexistent" }
            : {};
        const r = await vftest(args, env);
        expect(r.code, `exit code of vftest ${args.join(" ")}; stderr: ${r.err}`).to.equal(2);
        expect(r.err).to.match(message);
        expect(r.err, "no stack trace for a usage error").not.to.match(/\n\s+at /);
      });
    }
  });

  describe("list", () => {
    it("works from any directory: the suite resolves in the package, user paths in the working directory", async () => {
      const anywhere = await vftest(["list", "--grep", "fd607065"], {}, os.tmpdir());
      expect(anywhere.code, anywhere.err).to.equal(0);
      expect(anywhere.out)
        .to.include("vftest.api.test_migrations.")
        .and.to.include("id-fd607065-b957-415a-a5a7-bec014b07f83");
      const relative = spawnSync(
        process.execPath,
        [path.join(ROOT, "bin/vftest.js"), "list", "api/migrations.test.ts"],
        {
          cwd: path.join(ROOT, "tests"),
          encoding: "utf8",
        },
      );
      expect(relative.status, relative.stderr).to.equal(0);
      expect(relative.stdout).to.include("vftest.api.test_migrations.");
    });

    it("prints one test id per test, sorted by test id, honouring --regex/--tag/--shard", () => {
      const all = vftestProcess(["list", ...SUITE]);
      expect(all.code, all.err).to.equal(0);
      const lines = all.out.trim().split("\n");
      expect(lines).to.have.length(7);
      for (const line of lines) {
        expect(line).to.match(/^tests\.unit\.runner\.fixtures\.suite\.(alpha|beta)\..+ \[id-[0-9a-f-]{36}\]$/);
      }
      const ids = lines;
      expect(ids, "sorted by test id").to.deep.equal([...ids].sort());
      const shards = [1, 2, 3].map((i) =>
        vftestProcess(["list", ...SUITE, "--shard", `${i}/3`])
          .out.trim()
          .split("\n"),
      );
      expect(shards.flat().sort(), "the three shards partition the list").to.deep.equal([...lines].sort());
      const tagged = vftestProcess(["list", ...SUITE, "--tag", "multinode"]);
      expect(tagged.out.trim().split("\n")).to.have.length(1);
      expect(tagged.out).to.include("alpha.resizes");
    });
  });

  describe("run", () => {
    let tmp: string;
    before(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-cli-"));
      fs.writeFileSync(
        path.join(tmp, "vftest.yaml"),
        [
          "auth:",
          "  auth_url: http://127.0.0.1:9/identity/v3",
          "  use_dynamic_credentials: true",
          "  member: { username: demo, password: S3cr3t-pa55, project_name: demo }",
          "  admin: { username: admin, password: S3cr3t-pa55, project_name: admin }",
          "compute: { image_ref: 11111111-1111-1111-1111-111111111111 }",
          `reporting: { results_dir: ${path.join(tmp, "results")} }`,
          "",
        ].join("\n"),
      );
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("exits 0 when all pass and writes the run directory with a latest link", () => {
      const r = vftestProcess(["run", "--config", path.join(tmp, "vftest.yaml"), ...SUITE]);
      expect(r.code, r.err).to.equal(0);
      const latest = path.join(tmp, "results", "latest");
      expect(fs.readlinkSync(latest), "latest is a relative link to the run id").to.match(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
      for (const f of ["junit.xml", "console.log", "allure-results"]) {
        expect(fs.existsSync(path.join(latest, f)), `${f} in the run directory`).to.equal(true);
      }
      expect(fs.readFileSync(path.join(latest, "junit.xml"), "utf8")).to.include('tests="7"');
      expect(fs.readFileSync(path.join(latest, "console.log"), "utf8")).to.include(
        "tests: 6 passed, 0 failed, 1 skipped",
      );
      expect(r.out + r.err, "no secret in the output").not.to.include("S3cr3t-pa55");
    });

    it("exits 1 when a test fails, also with --parallel 2 (results merged)", () => {
      const failing = `${FIXTURES}/failing/failing.suite.ts`;
      for (const extra of [[], ["--parallel", "2"]]) {
        const r = vftestProcess(["run", "--config", path.join(tmp, "vftest.yaml"), ...extra, ...SUITE, failing]);
        expect(r.code, `vftest run ${extra.join(" ")}: ${r.err}`).to.equal(1);
        expect(r.out).to.include("9 tests: 7 passed, 1 failed, 1 skipped");
        const junit = fs.readFileSync(path.join(tmp, "results", "latest", "junit.xml"), "utf8");
        expect(junit, "junit has every test").to.match(/<testsuites?[^>]* tests="9"/);
      }
    });

    it("exits 2 when the filters match nothing", () => {
      const r = vftestProcess(["run", "--config", path.join(tmp, "vftest.yaml"), ...SUITE, "--grep", "no-such-test"]);
      expect(r.code, r.err).to.equal(2);
      expect(r.err).to.include("no test matches");
    });
  });

  describe("init", () => {
    let tmp: string;
    beforeEach(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-init-"));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("refuses to overwrite an existing file (exit 2, file unchanged)", async () => {
      const file = path.join(tmp, "vftest.yaml");
      fs.writeFileSync(file, "mine: true\n");
      const r = await vftest(["init", "--output", file], {}, tmp);
      expect(r.code).to.equal(2);
      expect(r.err).to.match(/already exists; not overwriting it \(use --force/);
      expect(fs.readFileSync(file, "utf8")).to.equal("mine: true\n");
    });

    it("--force replaces it and keeps the old file as a backup", async () => {
      const file = path.join(tmp, "vftest.yaml");
      fs.writeFileSync(file, "mine: true\n");
      const r = await vftest(["init", "--output", file, "--force"], {}, tmp);
      if (!fs.existsSync(path.join(ROOT, "config/vftest.yaml"))) return; // defaults file not written yet
      expect(r.code, r.err).to.equal(0);
      const backups = fs.readdirSync(tmp).filter((f) => f.startsWith("vftest.yaml.bak-"));
      expect(backups, "one backup").to.have.length(1);
      expect(fs.readFileSync(path.join(tmp, backups[0]), "utf8")).to.equal("mine: true\n");
    });
  });
});
