// /usr/bin/ansible-playbook --syntax-check on every playbook (Debian's ansible-core), against an inventory shaped like
// the jobs' nodeset (controller + compute1; groups tempest, compute, subnode), with the upstream roles and Zuul's
// zuul_return module stubbed on a temporary roles path / library (names from tests/unit/gate/upstream-names.ts).
// Syntax only: what the real roles do runs in Zuul.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { requireDebianTools } from "../../helpers/debian-tools.js";
import { upstreamNames } from "./upstream-names.js";
import { playbookFiles, ROOT } from "./zuul-files.js";

const ANSIBLE_PLAYBOOK = "/usr/bin/ansible-playbook";

const INVENTORY = `[tempest]
controller
[subnode]
compute1
[compute]
controller
compute1
`;

const ZUUL_RETURN = `#!/usr/bin/python3
# Stub of Zuul's zuul_return (an executor-side module): same argument, does nothing.
from ansible.module_utils.basic import AnsibleModule
AnsibleModule(argument_spec={"data": {"type": "dict"}, "file": {"type": "str"}}).exit_json(changed=False)
`;

function stubs(dir: string, roles: Iterable<string>): NodeJS.ProcessEnv {
  for (const r of roles) {
    fs.mkdirSync(path.join(dir, "roles", r, "tasks"), { recursive: true });
    fs.writeFileSync(path.join(dir, "roles", r, "tasks", "main.yaml"), "- ansible.builtin.debug:\n    msg: stub\n");
  }
  fs.mkdirSync(path.join(dir, "library"));
  fs.writeFileSync(path.join(dir, "library", "zuul_return.py"), ZUUL_RETURN);
  fs.writeFileSync(path.join(dir, "inventory"), INVENTORY);
  return {
    ...process.env,
    ANSIBLE_ROLES_PATH: path.join(dir, "roles"),
    ANSIBLE_LIBRARY: path.join(dir, "library"),
    ANSIBLE_LOCAL_TEMP: path.join(dir, "tmp"),
    ANSIBLE_HOME: path.join(dir, "home"),
    ANSIBLE_NOCOLOR: "1",
  };
}

const syntaxCheck = (file: string, dir: string, env: NodeJS.ProcessEnv) =>
  spawnSync(ANSIBLE_PLAYBOOK, ["--syntax-check", "-i", path.join(dir, "inventory"), file], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });

describe("playbooks: ansible-playbook --syntax-check", function () {
  this.timeout(120_000);
  let dir = "";

  beforeEach(function () {
    requireDebianTools(this, [{ tool: "/usr/bin/ansible-playbook", pkg: "ansible-core" }]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-ansible-"));
  });
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const p of playbookFiles()) {
    it(`${p} passes with the upstream roles stubbed`, () => {
      const r = syntaxCheck(p, dir, stubs(dir, upstreamNames("role")));
      expect(r.status, `${p}:\n${r.stdout}\n${r.stderr}`).to.equal(0);
      expect(r.stderr, "no warnings (unknown hosts, deprecated syntax)").to.not.match(/WARNING|DEPRECAT/);
    });
  }

  it("fails when a role the run playbook uses is missing (the check can fail)", () => {
    const roles = [...upstreamNames("role")].filter((r) => r !== "orchestrate-devstack");
    const r = syntaxCheck("playbooks/vftest-run.yaml", dir, stubs(dir, roles));
    expect(r.status).to.not.equal(0);
    expect(r.stdout + r.stderr).to.match(/orchestrate-devstack/);
  });
});
