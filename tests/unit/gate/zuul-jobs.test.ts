// The Zuul jobs would really run: every parent, nodeset, role, module and playbook they name exists (here, or in
// the table of upstream names with where each is defined), the run playbook stacks the whole cloud before vftest,
// the subnode gets the compute settings too, and a project stanza runs the jobs. What this cannot check (that
// upstream still defines those names today, that devstack comes up) needs a real Zuul: see docs/ci.md.
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { UPSTREAM, upstreamNames } from "./upstream-names.js";
import {
  asList,
  isTree,
  type Job,
  modulesOf,
  playbookFiles,
  ROOT,
  readPlaybook,
  readZuul,
  rolesOf,
  type Tree,
} from "./zuul-files.js";

const zuul = readZuul();
const byName = new Map(zuul.jobs.map((j) => [j.name, j]));

/** The job and its ancestors defined here, child first. */
function chain(job: Job): Job[] {
  const out = [job];
  for (let p = job.parent; p && byName.has(p); p = byName.get(p)!.parent) out.push(byName.get(p)!);
  return out;
}
const inherited = (job: Job, key: keyof Job): unknown => chain(job).find((j) => j[key] !== undefined)?.[key];
const dig = (t: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((cur, k) => (isTree(cur) ? cur[k] : undefined), t);

describe("zuul.d and playbooks/: names that exist, in an order that builds the cloud first", () => {
  it("the upstream table names each thing once, with its repository and file", () => {
    const keys = UPSTREAM.map((u) => `${u.kind}:${u.name}`);
    expect(new Set(keys).size, "duplicates in the table").to.equal(keys.length);
    for (const u of UPSTREAM) expect(u.repo && u.path && u.why, `${u.name}: where and why`).to.be.ok;
  });

  it("every job's parent is a job defined here or an upstream job in the table", () => {
    const jobs = upstreamNames("job");
    for (const j of zuul.jobs) {
      expect(j.parent, `${j.name} has no parent (it would inherit Zuul's base job: no devstack)`).to.be.a("string");
      expect(byName.has(j.parent!) || jobs.has(j.parent!), `${j.name}: parent ${j.parent} is unknown`).to.equal(true);
    }
  });

  it("every runnable job has a two-node nodeset that exists", () => {
    const nodesets = new Set([...upstreamNames("nodeset"), ...zuul.nodesets]);
    for (const j of zuul.jobs.filter((x) => !x.abstract)) {
      const ns = inherited(j, "nodeset");
      expect(ns, `${j.name}: no nodeset of its own or from a parent defined here`).to.be.a("string");
      expect(nodesets.has(String(ns)), `${j.name}: nodeset ${String(ns)} is unknown`).to.equal(true);
      expect(String(ns), `${j.name}: ${String(ns)} is not a two-node set`).to.match(/two-node/);
    }
  });

  it("every playbook a job names exists, and every playbook is used by a job", () => {
    const named = new Set<string>();
    for (const j of zuul.jobs) {
      for (const key of ["pre-run", "run", "post-run"] as const) {
        for (const p of asList(j[key] as string | string[] | undefined)) {
          expect(fs.existsSync(path.join(ROOT, p)), `${j.name} ${key}: ${p} does not exist`).to.equal(true);
          named.add(p);
        }
      }
    }
    expect(
      playbookFiles().filter((p) => !named.has(p)),
      "playbooks no job runs",
    ).to.deep.equal([]);
  });

  it("every role and non-builtin module a playbook uses is an upstream one in the table", () => {
    const roles = upstreamNames("role");
    const modules = upstreamNames("module");
    for (const p of playbookFiles()) {
      const plays = readPlaybook(p);
      for (const r of rolesOf(plays)) expect(roles.has(r), `${p}: role ${r} is not in the table`).to.equal(true);
      for (const m of modulesOf(plays).filter((x) => !x.startsWith("ansible.builtin."))) {
        expect(modules.has(m), `${p}: module ${m} is neither ansible.builtin nor in the table`).to.equal(true);
      }
    }
  });

  it("the run playbook stacks the whole cloud (orchestrate-devstack on all hosts) before it writes the config and runs", () => {
    for (const j of zuul.jobs) {
      const run = asList(inherited(j, "run") as string | string[] | undefined);
      expect(run, `${j.name}: run playbook`).to.have.length(1);
      const plays = readPlaybook(run[0]!);
      expect(plays[0]?.hosts, `${run[0]}: first play`).to.equal("all");
      expect(rolesOf([plays[0]!]), `${run[0]}: first play's roles`).to.deep.equal(["orchestrate-devstack"]);
      const later = JSON.stringify(plays.slice(1));
      expect(later, `${run[0]}: config written after the stack`).to.include("devstack/write-config.sh");
      expect(later.indexOf("write-config.sh"), "config before the run").to.be.lessThan(later.indexOf("vftest.js run"));
      expect(
        plays.slice(1).every((p) => p.hosts === "tempest"),
        "tests run on the tempest node only",
      ).to.equal(true);
    }
  });

  it("the computes' nova settings are on the controller AND repeated for the subnode", () => {
    const base = byName.get("vftest-devstack-multinode-base")!;
    const ctl = dig(base.vars, "devstack_local_conf", "post-config", "$NOVA_CPU_CONF");
    const sub = dig(base["group-vars"], "subnode", "devstack_local_conf", "post-config", "$NOVA_CPU_CONF");
    expect(sub, "group-vars.subnode replaces devstack_local_conf: it must carry the compute settings").to.deep.equal(
      ctl,
    );
    expect(dig(ctl, "libvirt", "file_backed_memory"), "virtiofs needs file-backed memory").to.be.a("number");
    expect(dig(ctl, "DEFAULT", "ram_allocation_ratio")).to.equal(1.0);
    const bases = [dig(ctl, "libvirt", "nfs_mount_point_base"), dig(ctl, "libvirt", "ceph_mount_point_base")];
    expect(bases[0], "same mount point base for NFS and CephFS").to.be.a("string").and.equal(bases[1]);
    expect(dig(base.vars, "devstack_localrc", "VFTEST_MOUNT_POINT_BASE"), "whitebox looks where nova mounts").to.equal(
      bases[0],
    );
  });

  it("nova-api and every nova-compute send versioned notifications with shares to the controller's RabbitMQ", () => {
    const base = byName.get("vftest-devstack-multinode-base")!;
    const post = dig(base.vars, "devstack_local_conf", "post-config") as Tree;
    for (const conf of ["$NOVA_CONF", "$NOVA_CPU_CONF"]) {
      expect(dig(post, conf, "notifications", "notification_format"), conf).to.be.oneOf(["versioned", "both"]);
      expect(dig(post, conf, "notifications", "include_share_mapping"), conf).to.equal(true);
      expect(dig(post, conf, "oslo_messaging_notifications", "driver"), conf).to.equal("messagingv2");
      expect(dig(post, conf, "oslo_messaging_notifications", "transport_url"), conf).to.match(
        /^rabbit:\/\/stackrabbit:\$RABBIT_PASSWORD@\$SERVICE_HOST:5672\/$/,
      );
    }
    const sub = dig(base["group-vars"], "subnode", "devstack_local_conf", "post-config", "$NOVA_CPU_CONF");
    expect(dig(sub, "notifications", "include_share_mapping"), "the subnode's compute too").to.equal(true);
  });

  it("the whitebox key is the one orchestrate-devstack gives the stack user, and whitebox is on", () => {
    const rc = dig(byName.get("vftest-devstack-multinode-base")!.vars, "devstack_localrc") as Tree;
    expect(rc.VFTEST_WHITEBOX).to.equal(true);
    expect(rc.VFTEST_WHITEBOX_SSH_USER).to.equal("stack");
    expect(rc.VFTEST_WHITEBOX_SSH_KEY, "stack's home is /opt/stack").to.equal("/opt/stack/.ssh/id_rsa");
  });

  it("each back end is configured (no generic-driver default): LVM/NFS and CephFS native, DHSS=False", () => {
    const nfs = dig(byName.get("vftest-devstack-multinode-nfs")!.vars, "devstack_localrc") as Tree;
    expect(nfs.SHARE_DRIVER).to.equal("manila.share.drivers.lvm.LVMShareDriver");
    expect(nfs.MANILA_OPTGROUP_lvm_driver_handles_share_servers).to.equal(false);
    const ceph = byName.get("vftest-devstack-multinode-cephfs")!;
    const crc = dig(ceph.vars, "devstack_localrc") as Tree;
    expect(crc.SHARE_DRIVER).to.equal("manila.share.drivers.cephfs.driver.CephFSDriver");
    expect(crc.MANILA_OPTGROUP_cephfsnative_driver_handles_share_servers).to.equal(false);
    expect(dig(ceph.vars, "devstack_plugins", "devstack-plugin-ceph")).to.be.a("string");
    expect(
      dig(ceph["group-vars"], "subnode", "devstack_localrc", "REMOTE_CEPH"),
      "Ceph client on the subnode",
    ).to.equal(true);
    expect(ceph["required-projects"]).to.include("openstack/devstack-plugin-ceph");
    for (const [name, proto] of [
      ["vftest-devstack-multinode-nfs", "nfs"],
      ["vftest-devstack-multinode-cephfs", "cephfs"],
    ] as const) {
      const share = dig(byName.get(name)!.vars, "devstack_local_conf", "test-config", "$TEMPEST_CONFIG", "share");
      expect(dig(share, "enable_protocols"), `${name}: tempest.conf [share] protocol`).to.equal(proto);
    }
  });

  it("one job runs a release without the feature and tells vftest so", () => {
    const old = zuul.jobs.filter((j) => j["override-checkout"]);
    expect(old.map((j) => j.name)).to.deep.equal(["vftest-devstack-multinode-nfs-2026-1"]);
    expect(old[0]!["override-checkout"]).to.equal("stable/2026.1");
    expect(dig(old[0]!.vars, "devstack_localrc", "VFTEST_COLD_MIGRATION_WITH_SHARES")).to.equal(false);
  });

  it("selection and concurrency are job variables the run playbook uses", () => {
    const vars = byName.get("vftest-devstack-multinode-base")!.vars!;
    const run = fs.readFileSync(path.join(ROOT, "playbooks/vftest-run.yaml"), "utf8");
    for (const v of ["vftest_tags", "vftest_grep", "vftest_parallel", "vftest_shard", "vftest_results_dir"]) {
      expect(vars, `job variable ${v}`).to.have.property(v);
      expect(run, `playbooks/vftest-run.yaml uses ${v}`).to.include(v);
    }
    expect(Number(vars.node_version), "ensure-nodejs: Node.js >= 20.19").to.be.at.least(20);
  });

  it("a project stanza runs every runnable job in check and the gating one in gate", () => {
    expect(zuul.projects, "project stanzas").to.have.length(1);
    const p = zuul.projects[0]!;
    const names = (pipeline: string) =>
      (dig(p, pipeline, "jobs") as unknown[]).map((j) => (isTree(j) ? Object.keys(j)[0] : j));
    const runnable = zuul.jobs.filter((j) => !j.abstract).map((j) => j.name);
    expect(names("check")).to.have.members(runnable);
    expect(names("gate")).to.deep.equal(["vftest-devstack-multinode-nfs"]);
    for (const n of [...names("check"), ...names("gate")])
      expect(byName.has(String(n)), `${n} is defined`).to.equal(true);
  });
});
