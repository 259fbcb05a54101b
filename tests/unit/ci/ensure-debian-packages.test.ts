// scripts/ensure-debian-packages.sh (filtered to the peer run's rows) against stub apt-get / dpkg-query / sudo / id on a sandboxed PATH: it
// never reaches a real mirror, and proves the CI contract: an unreachable mirror, a failed install, no root or no
// apt-get each FAIL with a one-line reason; nothing is installed when everything is present.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";

const SCRIPT = path.resolve(import.meta.dirname, "../../../scripts/ensure-debian-packages.sh");
/** The peer run's rows of scripts/debian-packages.txt, in list order. */
const ALL = spawnSync(
  "bash",
  [path.resolve(import.meta.dirname, "../../../scripts/lib/debian-packages.sh"), "peer-tempest"],
  {
    encoding: "utf8",
  },
)
  .stdout.trim()
  .split("\n");
/** Real tools the script needs; everything else on its PATH is a stub. */
const TOOLS = ["bash", "env", "grep", "cut", "tail", "timeout", "cat", "sleep", "true", "awk", "dirname"];

const STUBS: Record<string, string> = {
  "dpkg-query": `#!/bin/bash
pkg="\${@: -1}"
grep -qx "$pkg" "$STUB_STATE/installed" 2>/dev/null || exit 1
printf 'install ok installed'`,
  id: `#!/bin/bash
echo "\${STUB_UID:-0}"`,
  sudo: `#!/bin/bash
[ "$1" = -n ] && shift
[ "\${STUB_SUDO:-ok}" = ok ] || { echo "sudo: a password is required" >&2; exit 1; }
exec "$@"`,
  "apt-get": `#!/bin/bash
echo "$*" >>"$STUB_STATE/apt-calls"
case "$STUB_APT:$*" in
  offline:*update*)
    echo "Err:1 http://deb.debian.org/debian bookworm InRelease"
    echo "  Temporary failure resolving 'deb.debian.org'"
    echo "E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'"
    exit 100 ;;
  broken:*install*)
    echo "E: Unable to locate package python3-tempest"
    exit 100 ;;
  hang:*update*) sleep 30 ;;
  *install*)
    for p in "$@"; do case "$p" in -*|install|Acquire*|Dpkg*) ;; *) echo "$p" >>"$STUB_STATE/installed" ;; esac; done ;;
esac
exit 0`,
};

interface Sandbox {
  dir: string;
  run(env?: Record<string, string>): { status: number | null; stderr: string; aptCalls: string[] };
}

function sandbox(opts: { installed?: string[]; withAptGet?: boolean } = {}): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-ensure-packages-"));
  const bin = path.join(dir, "bin");
  const state = path.join(dir, "state");
  fs.mkdirSync(bin);
  fs.mkdirSync(state);
  fs.writeFileSync(path.join(state, "installed"), (opts.installed ?? []).map((p) => `${p}\n`).join(""));
  for (const tool of TOOLS) {
    const real = spawnSync("bash", ["-c", `type -P ${tool}`], { encoding: "utf8" }).stdout.trim();
    expect(real, `${tool} on this machine`).to.not.equal("");
    fs.symlinkSync(real, path.join(bin, tool));
  }
  for (const [name, text] of Object.entries(STUBS)) {
    if (name === "apt-get" && opts.withAptGet === false) continue;
    fs.writeFileSync(path.join(bin, name), `${text}\n`, { mode: 0o755 });
  }
  return {
    dir,
    run(env = {}) {
      const r = spawnSync("/usr/bin/env", ["bash", SCRIPT, path.join(dir, "apt.log"), "peer-tempest"], {
        encoding: "utf8",
        env: { PATH: bin, STUB_STATE: state, HOME: dir, ...env },
        timeout: 60_000,
      });
      const callsFile = path.join(state, "apt-calls");
      const aptCalls = fs.existsSync(callsFile) ? fs.readFileSync(callsFile, "utf8").trim().split("\n") : [];
      return { status: r.status, stderr: r.stderr, aptCalls };
    },
  };
}

describe("scripts/ensure-debian-packages.sh", () => {
  const made: Sandbox[] = [];
  const box = (opts?: Parameters<typeof sandbox>[0]) => {
    const s = sandbox(opts);
    made.push(s);
    return s;
  };
  after(() => {
    for (const s of made) fs.rmSync(s.dir, { recursive: true, force: true });
  });

  it("does nothing when every package is installed", () => {
    const r = box({ installed: ALL }).run({ STUB_APT: "offline" });
    expect(r.status, `exit status; stderr: ${r.stderr}`).to.equal(0);
    expect(r.aptCalls, "apt-get must not be called").to.deep.equal([]);
  });

  it("installs only what is missing, bounded and without recommends", () => {
    const r = box({ installed: ALL.slice(2) }).run({ STUB_APT: "ok" });
    expect(r.status, `exit status; stderr: ${r.stderr}`).to.equal(0);
    expect(r.aptCalls, "apt-get calls").to.have.length(2);
    expect(r.aptCalls[0], "update turns an unreachable mirror into an error").to.match(/ update --error-on=any$/);
    expect(r.aptCalls[0], "per-connection timeout").to.include("Acquire::http::Timeout=15");
    expect(r.aptCalls[1], "install").to.match(
      new RegExp(` install -y --no-install-recommends ${ALL.slice(0, 2).join(" ")}$`),
    );
  });

  it("FAILS (exit 3) with a clear message when the Debian mirror cannot be reached", () => {
    const r = box({ installed: ALL.slice(-1) }).run({ STUB_APT: "offline" });
    expect(r.status, `exit status; stderr: ${r.stderr}`).to.equal(3);
    expect(r.stderr).to.include(`cannot reach the Debian mirror to install ${ALL.slice(0, -1).join(" ")}`);
    expect(r.stderr, "names apt's reason").to.include("Temporary failure resolving 'deb.debian.org'");
    expect(r.stderr, "says how to fix").to.include("give the job network access or preinstall them");
    expect(r.aptCalls, "no install after a failed update").to.have.length(1);
  });

  it("FAILS (exit 2) naming apt's error when the install fails", () => {
    const r = box().run({ STUB_APT: "broken" });
    expect(r.status, `exit status; stderr: ${r.stderr}`).to.equal(2);
    expect(r.stderr).to.include(`apt-get install ${ALL.join(" ")} failed (exit 100)`);
    expect(r.stderr).to.include("E: Unable to locate package python3-tempest");
  });

  it("FAILS (exit 2) within its time budget when apt hangs", () => {
    const r = box().run({ STUB_APT: "hang", VFTEST_APT_TIMEOUT_S: "1" });
    expect(r.status, `exit status; stderr: ${r.stderr}`).to.equal(2);
    expect(r.stderr).to.include("apt-get update took longer than 1s");
  });

  it("uses sudo -n when not root, and FAILS (exit 2) when sudo wants a password", () => {
    const ok = box({ installed: ALL.slice(1) }).run({ STUB_APT: "ok", STUB_UID: "1000" });
    expect(ok.status, `exit status; stderr: ${ok.stderr}`).to.equal(0);
    const denied = box().run({ STUB_APT: "ok", STUB_UID: "1000", STUB_SUDO: "password" });
    expect(denied.status, `exit status; stderr: ${denied.stderr}`).to.equal(2);
    expect(denied.stderr).to.include("not root and sudo needs a password");
    expect(denied.aptCalls, "apt-get not called").to.deep.equal([]);
  });

  it("FAILS (exit 2) when there is no apt-get (not Debian)", () => {
    const r = box({ withAptGet: false }).run();
    expect(r.status, `exit status; stderr: ${r.stderr}`).to.equal(2);
    expect(r.stderr).to.include("no apt-get here");
  });
});
