// devstack/plugin.sh through every stack.sh phase, in stack.sh's order, with devstack's functions stubbed (the fake
// devstack in tests/fixtures/fake-devstack), then devstack/write-config.sh as the job runs it after
// orchestrate-devstack; the config written is loaded and validated with vftest's own loader against a devstack-shaped
// clouds.yaml. The job's test-config overrides land in tempest.conf only AFTER the plugin's test-config phase (as in
// stack.sh), so a config written in that phase would miss them: these tests see them in the config.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { loadConfig, type VftestConfig } from "../../../lib/config/index.js";
import { ROOT } from "./zuul-files.js";

const FAKE = path.join(ROOT, "tests/fixtures/fake-devstack");
const SAMPLES = path.join(FAKE, "samples");

interface Stack {
  dir: string;
  env: NodeJS.ProcessEnv;
  log: () => string;
  config: string;
  envFile: string;
  key: string;
}

function newStack(tempestSample: string | undefined, extra: Record<string, string> = {}): Stack {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-fake-devstack-"));
  const home = path.join(dir, "home");
  fs.mkdirSync(path.join(home, ".ssh"), { recursive: true });
  const key = path.join(home, ".ssh", "id_rsa");
  fs.writeFileSync(key, "-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n-----END OPENSSH PRIVATE KEY-----\n", {
    mode: 0o600,
  });
  const tempest = path.join(dir, "tempest.conf");
  if (tempestSample) fs.copyFileSync(path.join(SAMPLES, tempestSample), tempest);
  const config = path.join(dir, "etc", "vftest.yaml");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    OS_CLIENT_CONFIG_FILE: path.join(SAMPLES, "clouds.yaml"),
    PLUGIN_DIR: path.join(ROOT, "devstack"),
    DEST: path.join(dir, "opt-stack"),
    FAKE_LOG: path.join(dir, "calls.log"),
    FAKE_TEST_CONFIG: path.join(SAMPLES, "job-test-config.txt"),
    TEMPEST_CONFIG: tempest,
    VFTEST_DIR: ROOT,
    VFTEST_CONFIG: config,
    VFTEST_WHITEBOX: "True",
    VFTEST_WHITEBOX_SSH_USER: "stack",
    VFTEST_WHITEBOX_SSH_KEY: key,
    ...extra,
  };
  const log = () => (fs.existsSync(env.FAKE_LOG!) ? fs.readFileSync(env.FAKE_LOG!, "utf8") : "");
  return { dir, env, log, config, envFile: path.join(dir, "etc", "devstack.env"), key };
}

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });

const stack = (s: Stack) => run("bash", [path.join(FAKE, "stack.sh")], s.env);
const writeConfig = (s: Stack) => run("bash", [path.join(ROOT, "devstack/write-config.sh"), s.envFile], s.env);
const load = (s: Stack): VftestConfig => loadConfig({ configFile: s.config, env: s.env, cwd: s.dir });

/** stack.sh, then write-config.sh; both must succeed. */
function stackAndWrite(s: Stack): VftestConfig {
  const st = stack(s);
  expect(st.status, `fake stack.sh: ${st.stderr}\n${s.log()}`).to.equal(0);
  const wc = writeConfig(s);
  expect(wc.status, `write-config.sh: ${wc.stderr}`).to.equal(0);
  return load(s);
}

describe("devstack plugin: every phase against a fake devstack, then the config it writes", function () {
  this.timeout(120_000);
  const made: Stack[] = [];
  const track = (s: Stack): Stack => {
    made.push(s);
    return s;
  };
  after(() => {
    for (const s of made) fs.rmSync(s.dir, { recursive: true, force: true });
  });

  it("installs without dev dependencies, records settings at test-config, writes nothing before the job's overrides", () => {
    const s = track(newStack("tempest.conf"));
    const st = stack(s);
    expect(st.status, st.stderr).to.equal(0);
    const log = s.log();
    expect(log).to.match(/npm ci --omit=dev .*\(in /);
    const order = ["phase stack install", "phase stack test-config", "merged test-config", "subnode stacked"];
    const at = order.map((l) => log.indexOf(l));
    expect(at.every((i) => i >= 0) && at.join() === [...at].sort((a, b) => a - b).join(), log).to.equal(true);
    expect(fs.existsSync(s.envFile), "settings recorded").to.equal(true);
    expect(fs.existsSync(s.config), "no vftest config written at test-config time").to.equal(false);
  });

  it("tempest.conf without [whitebox]: the config has the job's overrides, one whitebox group, and validates", () => {
    const s = track(newStack("tempest.conf"));
    const c = stackAndWrite(s);
    expect(c.compute_feature_enabled.shares, "share_attachments from the job's test-config, merged late").to.equal(
      true,
    );
    expect(c.share.share_type, "default_share_type_name from the job's test-config").to.equal("default");
    expect(c.share.protocol).to.equal("NFS");
    expect(c.compute.image_ref).to.equal("6b1a3c1e-3f55-4b2e-9a1d-0e6f2d8c7a10");
    expect([c.compute.flavor_ref, c.compute.flavor_ref_alt]).to.deep.equal(["42", "84"]);
    expect([c.auth.cloud, c.auth.admin_cloud]).to.deep.equal(["devstack", "devstack-admin"]);
    expect(c.auth.auth_url, "from clouds.yaml / tempest.conf").to.equal("http://127.0.0.1/identity/v3");
    expect(c.whitebox).to.include({ enabled: true, ssh_user: "stack", ssh_key: s.key, command_prefix: "sudo" });
    expect(c.whitebox.mount_point_base).to.equal(path.join(s.env.DEST!, "data/nova/mnt"));
    expect(c.reporting.results_dir).to.equal(path.join(s.env.DEST!, "vftest-results"));
    const text = fs.readFileSync(s.config, "utf8");
    expect(text.match(/^whitebox:/gm), "one whitebox group").to.have.length(1);
    expect(fs.statSync(s.config).mode & 0o077, "the file holds passwords: owner only").to.equal(0);
  });

  it("tempest.conf WITH [whitebox]: merged into one group, the plugin's key (readable by stack) wins", () => {
    const s = track(newStack("tempest-whitebox.conf"));
    const c = stackAndWrite(s);
    const text = fs.readFileSync(s.config, "utf8");
    expect(() => parse(text, { uniqueKeys: true }), "no duplicate keys").to.not.throw();
    expect(text.match(/^whitebox:/gm), "one whitebox group").to.have.length(1);
    expect(text.match(/^\s+ssh_key:/gm), "ssh_key once").to.have.length(1);
    expect(c.whitebox.ssh_key, "not tempest's /home/tempest key").to.equal(s.key);
    expect(c.whitebox.ssh_user).to.equal("stack");
    expect(c.whitebox.ctlplane_addresses, "kept from [whitebox]").to.deep.equal({
      controller: "127.0.0.1",
      compute1: "127.0.0.2",
    });
  });

  it("job settings: host addresses, a release without the feature, an extra YAML merged last", () => {
    const s = track(newStack("tempest.conf"));
    const extra = path.join(s.dir, "extra.yaml");
    fs.writeFileSync(extra, "compute:\n  build_timeout: 900\nvalidation:\n  ssh_user: ubuntu\n");
    s.env.VFTEST_WHITEBOX_ADDRESSES = "ctl:127.0.0.1,cpu1:127.0.0.2";
    s.env.VFTEST_COLD_MIGRATION_WITH_SHARES = "False";
    s.env.VFTEST_EXTRA_CONFIG = extra;
    const c = stackAndWrite(s);
    expect(c.whitebox.ctlplane_addresses).to.deep.equal({ ctl: "127.0.0.1", cpu1: "127.0.0.2" });
    expect(c.compute_feature_enabled.cold_migration_with_shares).to.equal(false);
    expect(c.compute.build_timeout).to.equal(900);
    expect(c.validation.ssh_user).to.equal("ubuntu");
    expect(c.compute.image_ref, "the rest of tempest.conf kept").to.equal("6b1a3c1e-3f55-4b2e-9a1d-0e6f2d8c7a10");
  });

  it("notifications: Nova sends versioned ones with share mappings to devstack's RabbitMQ; vftest gets that URL", () => {
    const s = track(newStack("tempest.conf"));
    const nova = path.join(s.dir, "nova.conf");
    const cpu = path.join(s.dir, "nova-cpu.conf");
    fs.writeFileSync(nova, "[DEFAULT]\ndebug = True\n");
    fs.writeFileSync(cpu, "[notifications]\nnotification_format = both\n");
    Object.assign(s.env, { NOVA_CONF: nova, NOVA_CPU_CONF: cpu, RABBIT_PASSWORD: "s3cret", SERVICE_HOST: "10.0.0.5" });
    const c = stackAndWrite(s);
    const url = "rabbit://stackrabbit:s3cret@10.0.0.5:5672/";
    expect(c.notifications.transport_url).to.equal(url);
    const conf = fs.readFileSync(nova, "utf8");
    expect(conf)
      .to.match(/notification_format = versioned/)
      .and.match(/include_share_mapping = True/);
    expect(conf)
      .to.match(/driver = messagingv2/)
      .and.include(`transport_url = ${url}`);
    expect(fs.readFileSync(cpu, "utf8"), '"both" is kept').to.match(/notification_format = both/);
    expect(fs.statSync(s.envFile).mode & 0o077, "the settings file holds the password: stack only").to.equal(0);
  });

  it("notifications off: Nova left alone, no transport_url (the layer is reported as not checked)", () => {
    const s = track(newStack("tempest.conf", { VFTEST_NOTIFICATIONS: "False", RABBIT_PASSWORD: "s3cret" }));
    const c = stackAndWrite(s);
    expect(c.notifications.transport_url).to.equal(undefined);
  });

  it("whitebox off: no host access configured", () => {
    const s = track(newStack("tempest.conf", { VFTEST_WHITEBOX: "False" }));
    const c = stackAndWrite(s);
    expect(c.whitebox.enabled).to.equal(false);
    expect(fs.readFileSync(s.config, "utf8")).to.not.match(/^whitebox:/m);
  });

  it("an unreadable whitebox key: write-config exits 2 naming the key, no stack trace", () => {
    const s = track(newStack("tempest.conf"));
    s.env.VFTEST_WHITEBOX_SSH_KEY = path.join(s.dir, "no-such-key");
    expect(stack(s).status).to.equal(0);
    const wc = writeConfig(s);
    expect(wc.status).to.equal(2);
    expect(wc.stderr).to.match(/whitebox\.ssh_key/);
    expect(wc.stderr).to.not.match(/\n\s+at /);
  });

  it("write-config before stack.sh: exit 2 with one line saying what to do", () => {
    const s = track(newStack("tempest.conf"));
    const wc = writeConfig(s);
    expect(wc.status).to.equal(2);
    expect(wc.stderr.trim().split("\n")).to.have.length(1);
    expect(wc.stderr).to.match(/enable_service vftest/);
  });

  it("Node.js older than 20.19: stack.sh dies at install naming ensure-nodejs", () => {
    const s = track(newStack("tempest.conf"));
    const nodeDir = path.join(s.dir, "old-node");
    fs.mkdirSync(path.join(nodeDir, "bin"), { recursive: true });
    fs.writeFileSync(
      path.join(nodeDir, "bin", "node"),
      '#!/bin/sh\nif [ "$1" = -p ]; then echo 18.19.0; exit 0; fi\nexit 1\n',
      {
        mode: 0o755,
      },
    );
    s.env.VFTEST_NODE_DIR = nodeDir;
    const st = stack(s);
    expect(st.status).to.equal(1);
    expect(st.stderr).to.match(/Node\.js >= 20\.19 \(found: 18\.19\.0\).*ensure-nodejs/s);
    expect(s.log()).to.not.match(/npm ci/);
  });

  it("service not enabled: the plugin does nothing; clean removes what it wrote", () => {
    const off = track(newStack("tempest.conf", { FAKE_SERVICES: "tempest,n-cpu" }));
    expect(stack(off).status).to.equal(0);
    expect(off.log()).to.not.match(/npm|Recording/);
    expect(fs.existsSync(off.envFile)).to.equal(false);

    const s = track(newStack("tempest.conf"));
    stackAndWrite(s);
    s.env.FAKE_CLEAN = "1";
    expect(stack(s).status).to.equal(0);
    expect([fs.existsSync(s.config), fs.existsSync(s.envFile)]).to.deep.equal([false, false]);
  });
});
