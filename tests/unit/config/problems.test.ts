import { expect } from "chai";
import { ConfigError, formatProblem } from "../../../lib/config/index.js";
import { baseEnv, IMAGE, loadError, problemFor, TempDir, VALID_ENV } from "./helpers.js";

describe("loadConfig: one clear message per problem", () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = new TempDir();
  });
  afterEach(() => dir.remove());

  const fromFile = (yaml: string, env: NodeJS.ProcessEnv = VALID_ENV) => {
    const file = dir.write("vftest.yaml", yaml);
    return { file, err: loadError({ configFile: file, env: baseEnv(dir, env), cwd: dir.path }) };
  };

  it("an unknown key names the key and the file and suggests the closest known key", () => {
    const { file, err } = fromFile("compute:\n  image_ref: x\n  buld_timeout: 5\n");
    const p = problemFor(err, "compute.buld_timeout");
    expect(p.source).to.equal(`config file ${file}`);
    expect(p.problem).to.contain('unknown key "buld_timeout"');
    expect(p.fix).to.contain("did you mean compute.build_timeout?");
    expect(err.message, "message lists the problem").to.contain(formatProblem(p));
  });

  it("a key in the wrong group points at the right group", () => {
    const { err } = fromFile("compute:\n  image_ref: x\n  ssh_timeout: 5\n");
    expect(problemFor(err, "compute.ssh_timeout").fix).to.contain("validation.ssh_timeout");
  });

  it("a Tempest option name points at vftest's name", () => {
    const { err } = fromFile("compute:\n  image_ref: x\nvalidation:\n  image_ssh_user: cirros\n");
    expect(problemFor(err, "validation.image_ssh_user").fix).to.contain("validation.ssh_user");
  });

  it("a wrong type says what was expected and found and how to write it", () => {
    const { err } = fromFile('compute:\n  image_ref: x\n  build_timeout: "300"\n');
    const p = problemFor(err, "compute.build_timeout");
    expect(p.problem).to.equal('expected a number, found a string "300"');
    expect(p.fix).to.contain("build_timeout: 300");
  });

  it("a bad enum lists the allowed values and suggests the nearest", () => {
    const { err } = fromFile(
      "compute:\n  image_ref: x\nshare:\n  protocol: nfs\nvalidation:\n  connect_method: floting\n",
    );
    expect(problemFor(err, "share.protocol").problem).to.contain("expected one of NFS, CEPHFS");
    expect(problemFor(err, "share.protocol").fix).to.equal("write protocol: NFS");
    expect(problemFor(err, "validation.connect_method").problem).to.contain("fixed, floating");
  });

  it("an unquoted microversion explains YAML's number reading", () => {
    const { err } = fromFile("compute:\n  image_ref: x\n  max_microversion: 2.100\n");
    const p = problemFor(err, "compute.max_microversion");
    expect(p.problem).to.contain("must be quoted");
    expect(p.fix).to.contain('"latest"');
  });

  it("collects every problem into one ConfigError without a stack in the message", () => {
    const { err } = fromFile("compute:\n  build_timeout: -1\n  min_compute_nodes: x\nbogus: 1\n", {});
    expect(err).to.be.instanceOf(ConfigError);
    expect(err.problems.length, err.message).to.be.greaterThanOrEqual(5);
    expect(err.message).to.match(/^vftest configuration has \d+ problems:\n {2}1\. /);
    expect(err.message).not.to.match(/\bat .*\.ts:\d+/);
    for (const key of ["compute.build_timeout", "compute.min_compute_nodes", "bogus", "auth.auth_url", "auth.member"]) {
      problemFor(err, key);
    }
  });

  it("a missing credential says which variable or key sets it", () => {
    const err = loadError({
      env: baseEnv(dir, { OS_AUTH_URL: "http://127.0.0.1/v3", OS_USERNAME: "demo", OS_PROJECT_NAME: "demo" }),
      cwd: dir.path,
      overrides: IMAGE,
    });
    const p = problemFor(err, "auth.member.password");
    expect(p.fix).to.contain("OS_PASSWORD").and.contain("auth.member.password");
    expect(err.problems).to.have.length(1);
  });

  it("no credentials at all is one problem naming openrc, --os-cloud and the config keys", () => {
    const err = loadError({
      env: baseEnv(dir, { OS_AUTH_URL: "http://127.0.0.1/v3" }),
      cwd: dir.path,
      overrides: IMAGE,
    });
    const p = problemFor(err, "auth.member");
    expect(p.fix).to.contain("OS_USERNAME").and.contain("--os-cloud").and.contain("auth.member");
  });

  it("use_dynamic_credentials without admin credentials names --os-cloud-admin", () => {
    const err = loadError({
      env: baseEnv(dir, VALID_ENV),
      cwd: dir.path,
      overrides: { ...IMAGE, auth: { use_dynamic_credentials: true } },
    });
    const p = problemFor(err, "auth.admin");
    expect(p.problem).to.contain("use_dynamic_credentials");
    expect(p.fix).to.contain("--os-cloud-admin");
  });

  it("an unset auth_url and image_ref say how to set them", () => {
    const err = loadError({
      env: baseEnv(dir, { OS_USERNAME: "u", OS_PASSWORD: "p", OS_PROJECT_NAME: "x" }),
      cwd: dir.path,
    });
    expect(problemFor(err, "auth.auth_url").fix).to.contain("OS_AUTH_URL");
    expect(problemFor(err, "compute.image_ref").fix).to.contain("image_ref");
  });

  it("an unreadable key file names the key, where it came from and the path", () => {
    const err = loadError({
      env: baseEnv(dir, { ...VALID_ENV, OS_CACERT: `${dir.path}/nope.pem` }),
      cwd: dir.path,
      overrides: IMAGE,
    });
    const p = problemFor(err, "auth.cacert");
    expect(p.source).to.equal("environment variable OS_CACERT");
    expect(p.problem).to.equal(`${dir.path}/nope.pem does not exist`);
  });

  it("a private key with mode 0644 says chmod 600 <file>", () => {
    const key = dir.write("id_rsa", "KEY", 0o644);
    const file = dir.write("vftest.yaml", "compute:\n  image_ref: x\nwhitebox:\n  ssh_key: id_rsa\n");
    const err = loadError({ configFile: file, env: baseEnv(dir, VALID_ENV), cwd: dir.path });
    const p = problemFor(err, "whitebox.ssh_key");
    expect(p.source).to.equal(`config file ${file}`);
    expect(p.problem).to.contain("mode 0644");
    expect(p.fix).to.equal(`chmod 600 ${key}`);
  });

  it("a test_accounts_file that is a directory is reported", () => {
    const err = loadError({
      env: baseEnv(dir, VALID_ENV),
      cwd: dir.path,
      overrides: { ...IMAGE, auth: { test_accounts_file: dir.path } },
    });
    expect(problemFor(err, "auth.test_accounts_file").problem).to.contain("not a regular file");
  });

  it("a missing config file, bad YAML and a bad OS_INSECURE are reported", () => {
    let err = loadError({ configFile: "missing.yaml", env: baseEnv(dir, VALID_ENV), cwd: dir.path, overrides: IMAGE });
    expect(err.message).to.contain(`cannot read ${dir.path}/missing.yaml (ENOENT)`).and.contain("--config");
    const file = dir.write("bad.yaml", "auth:\n  member:\n    password: a: b\n");
    err = loadError({ configFile: file, env: baseEnv(dir, VALID_ENV), cwd: dir.path, overrides: IMAGE });
    expect(err.message).to.match(/not valid YAML \(\w+ at line 3, column \d+\)/);
    err = loadError({ env: baseEnv(dir, { ...VALID_ENV, OS_INSECURE: "maybe" }), cwd: dir.path, overrides: IMAGE });
    expect(problemFor(err, "auth.insecure").source).to.equal("environment variable OS_INSECURE");
  });

  it("flags same-flavor resize, too-low min_microversion and max below min", () => {
    const err = loadError({
      env: baseEnv(dir, VALID_ENV),
      cwd: dir.path,
      overrides: {
        compute: {
          image_ref: "i",
          flavor_ref: "1",
          flavor_ref_alt: "1",
          min_microversion: "2.1",
          max_microversion: "2.0",
        },
      },
    });
    expect(problemFor(err, "compute.flavor_ref_alt").problem).to.contain("same flavor");
    expect(problemFor(err, "compute.min_microversion").problem).to.contain("below 2.97");
    expect(problemFor(err, "compute.max_microversion").problem).to.contain("below min_microversion");
  });

  it("invalid override values are reported against the overrides", () => {
    const err = loadError({
      env: baseEnv(dir, VALID_ENV),
      cwd: dir.path,
      overrides: { ...IMAGE, validation: { ssh_port: 70000 } },
    });
    const p = problemFor(err, "validation.ssh_port");
    expect(p.source).to.contain("overrides");
    expect(p.problem).to.contain("<= 65535");
  });
});
