// `bash -n` and /usr/bin/shellcheck on every shell script of the devstack plugin, the fake devstack that tests it,
// and the shell blocks inside the playbooks (Jinja expressions replaced by a plain word, `{% %}` lines dropped, so
// what is checked is the shell Ansible would hand to bash).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { requireDebianTools } from "../../helpers/debian-tools.js";
import { isTree, playbookFiles, ROOT, readPlaybook } from "./zuul-files.js";

const SHELLCHECK = "/usr/bin/shellcheck";

const isShell = (file: string) =>
  file.endsWith(".sh") || /^#!.*\b(ba)?sh\b/.test(fs.readFileSync(file, "utf8").split("\n")[0] ?? "");

/** devstack/settings has no shebang (devstack sources it): it is a shell file by contract. */
function scripts(): string[] {
  const dirs = ["devstack", "tests/fixtures/fake-devstack"];
  const files = dirs.flatMap((d) =>
    fs.readdirSync(path.join(ROOT, d), { withFileTypes: true }).flatMap((e) => (e.isFile() ? [`${d}/${e.name}`] : [])),
  );
  return files.filter((f) => f === "devstack/settings" || isShell(path.join(ROOT, f)));
}

/** The bash of every shell task, as written to a temp file per task. */
function playbookShell(dir: string): string[] {
  const out: string[] = [];
  for (const p of playbookFiles()) {
    readPlaybook(p).forEach((play, i) => {
      for (const [j, task] of (play.tasks ?? []).entries()) {
        const spec = task["ansible.builtin.shell"] ?? task.shell;
        const cmd = isTree(spec) ? spec.cmd : spec;
        if (typeof cmd !== "string") continue;
        const body = cmd
          .split("\n")
          .filter((l) => !/^\s*\{%.*%\}\s*$/.test(l))
          .join("\n")
          .replace(/\{\{.*?\}\}/gs, "JINJA");
        const file = path.join(dir, `${path.basename(p, ".yaml")}-play${i}-task${j}.sh`);
        fs.writeFileSync(file, `#!/bin/bash\n# ${p}: ${String(task.name)}\n${body}\n`);
        out.push(file);
      }
    });
  }
  return out;
}

describe("shell in devstack/, playbooks/ and the fake devstack", () => {
  const files = scripts();

  it("finds the plugin's scripts", () => {
    expect(files).to.include.members(["devstack/plugin.sh", "devstack/settings", "devstack/write-config.sh"]);
  });

  it("bash -n: every script parses", () => {
    for (const f of files) {
      const r = spawnSync("bash", ["-n", f], { cwd: ROOT, encoding: "utf8" });
      expect(r.status, `bash -n ${f}: ${r.stderr}`).to.equal(0);
    }
  });

  it("shellcheck: no findings in any script", function () {
    requireDebianTools(this, [{ tool: "/usr/bin/shellcheck", pkg: "shellcheck" }]);
    const r = spawnSync(SHELLCHECK, ["-x", "-s", "bash", "-f", "gcc", ...files], { cwd: ROOT, encoding: "utf8" });
    expect(r.stdout + r.stderr, "shellcheck findings").to.equal("");
    expect(r.status).to.equal(0);
  });

  it("bash -n and shellcheck: the shell blocks of the playbooks", function () {
    requireDebianTools(this, [{ tool: "/usr/bin/shellcheck", pkg: "shellcheck" }]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-playbook-shell-"));
    try {
      const blocks = playbookShell(dir);
      expect(blocks.length, "shell tasks found").to.be.greaterThan(2);
      for (const b of blocks) {
        const n = spawnSync("bash", ["-n", b], { encoding: "utf8" });
        expect(n.status, `bash -n ${b}: ${n.stderr}`).to.equal(0);
      }
      const r = spawnSync(SHELLCHECK, ["-s", "bash", "-f", "gcc", ...blocks], { encoding: "utf8" });
      expect(r.stdout + r.stderr, "shellcheck findings").to.equal("");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("shellcheck does report a broken script (the check can fail)", function () {
    requireDebianTools(this, [{ tool: "/usr/bin/shellcheck", pkg: "shellcheck" }]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-shellcheck-"));
    try {
      const bad = path.join(dir, "bad.sh");
      fs.writeFileSync(bad, '#!/bin/bash\nrm -rf $DIR/*\n[ $x == "a" ]\n');
      const r = spawnSync(SHELLCHECK, ["-f", "gcc", bad], { encoding: "utf8" });
      expect(r.status).to.not.equal(0);
      expect(r.stdout).to.match(/SC2086/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
