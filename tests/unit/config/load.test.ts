import { expect } from "chai";
import { defaultConfig, loadConfig } from "../../../lib/config/index.js";
import { baseEnv, IMAGE, TempDir, VALID_ENV } from "./helpers.js";

describe("loadConfig: sources and precedence", () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = new TempDir();
  });
  afterEach(() => dir.remove());

  it("defaults fill every key not set elsewhere", () => {
    const c = loadConfig({ env: baseEnv(dir, VALID_ENV), cwd: dir.path, overrides: IMAGE });
    const d = defaultConfig();
    expect(c.compute.build_timeout, "build_timeout default").to.equal(300);
    expect(c.compute.min_microversion).to.equal("2.97");
    expect(c.compute_feature_enabled.cold_migration_with_shares_microversion).to.equal("2.105");
    expect(c.share).to.deep.equal(d.share);
    expect(c.validation.mount_point).to.equal("/mnt/vftest");
    expect(c.whitebox.mount_point_base).to.equal("/opt/stack/data/nova/mnt");
    expect(c.sources, "sources lists layers in order").to.deep.equal([
      "defaults",
      "env: OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME",
      "overrides (command line / embedded cloud)",
    ]);
  });

  it("applies defaults < config file < clouds.yaml < env < overrides", () => {
    const file = dir.write(
      "vftest.yaml",
      [
        "auth:",
        "  auth_url: http://127.0.0.1:1/v3",
        "  region_name: FileRegion",
        "  interface: internal",
        "  http_timeout: 11",
        "compute:",
        "  image_ref: file-image",
        "  build_timeout: 11",
        "  build_interval: 11",
        "  flavor_ref: 11",
      ].join("\n"),
    );
    dir.write(
      "clouds.yaml",
      [
        "clouds:",
        "  devstack:",
        "    auth:",
        "      auth_url: http://127.0.0.1:2/identity",
        "      username: cloud-user",
        "      password: cloud-pass",
        "      project_name: cloud-project",
        "    region_name: CloudRegion",
        "    interface: admin",
      ].join("\n"),
    );
    const env = baseEnv(dir, { OS_REGION_NAME: "EnvRegion", OS_USERNAME: "env-user", OS_INTERFACE: "publicURL" });
    const c = loadConfig({
      configFile: file,
      osCloud: "devstack",
      env,
      cwd: dir.path,
      overrides: { compute: { build_timeout: 44 } },
    });
    expect(c.compute.build_interval, "file beats defaults").to.equal(11);
    expect(c.compute.flavor_ref, "YAML number id becomes a string").to.equal("11");
    expect(c.auth.http_timeout, "file value kept when nothing above sets it").to.equal(11);
    expect(c.auth.auth_url, "clouds.yaml beats file, /v3 appended").to.equal("http://127.0.0.1:2/identity/v3");
    expect(c.auth.member.password, "clouds.yaml password").to.equal("cloud-pass");
    expect(c.auth.region_name, "env beats clouds.yaml").to.equal("EnvRegion");
    expect(c.auth.member.username, "env beats clouds.yaml").to.equal("env-user");
    expect(c.auth.interface, "env publicURL normalised").to.equal("public");
    expect(c.compute.build_timeout, "overrides beat all").to.equal(44);
    expect(c.auth.cloud).to.equal("devstack");
    expect(c.sources).to.have.length(5);
    expect(c.sources[1]).to.equal(`config file ${file}`);
    expect(c.sources[2]).to.match(/^clouds\.yaml .*clouds\.yaml \(cloud "devstack"\)$/);
    expect(c.sources.join(" "), "sources never hold values").not.to.match(/cloud-pass|env-user/);
  });

  it("reads the config file from VFTEST_CONFIG and resolves relative paths against the file", () => {
    dir.write("etc/ca.pem", "CA");
    dir.write("etc/accounts.yaml", "[]");
    dir.write(
      "etc/vftest.yaml",
      "auth:\n  cacert: ca.pem\n  test_accounts_file: ./accounts.yaml\ncompute:\n  image_ref: x\n",
    );
    const c = loadConfig({ env: baseEnv(dir, { ...VALID_ENV, VFTEST_CONFIG: "etc/vftest.yaml" }), cwd: dir.path });
    expect(c.auth.cacert).to.equal(`${dir.path}/etc/ca.pem`);
    expect(c.auth.test_accounts_file).to.equal(`${dir.path}/etc/accounts.yaml`);
  });

  it("expands ~ in file paths with HOME", () => {
    dir.write(".ssh/id_ed25519", "KEY", 0o600);
    const c = loadConfig({
      env: baseEnv(dir, VALID_ENV),
      cwd: dir.path,
      overrides: { ...IMAGE, validation: { ssh_key: "~/.ssh/id_ed25519" } },
    });
    expect(c.validation.ssh_key).to.equal(`${dir.path}/.ssh/id_ed25519`);
  });

  it("keeps an auth_url that already names a version and strips a trailing slash", () => {
    const c = loadConfig({
      env: baseEnv(dir, { ...VALID_ENV, OS_AUTH_URL: "http://127.0.0.1/identity/v3/" }),
      cwd: dir.path,
      overrides: IMAGE,
    });
    expect(c.auth.auth_url).to.equal("http://127.0.0.1/identity/v3");
  });

  it("reads application credentials and OS_INSECURE from the environment", () => {
    const c = loadConfig({
      env: baseEnv(dir, {
        OS_AUTH_URL: "https://127.0.0.1/v3",
        OS_APPLICATION_CREDENTIAL_ID: "ac-id",
        OS_APPLICATION_CREDENTIAL_SECRET: "ac-secret",
        OS_AUTH_TYPE: "v3applicationcredential",
        OS_INSECURE: "true",
      }),
      cwd: dir.path,
      overrides: IMAGE,
    });
    expect(c.auth.member.application_credential_id).to.equal("ac-id");
    expect(c.auth.insecure).to.equal(true);
  });

  it("OS_AUTH_TYPE=password drops an application credential from a lower source", () => {
    dir.write(
      "clouds.yaml",
      "clouds:\n  c:\n    auth:\n      auth_url: http://127.0.0.1/v3\n      application_credential_id: a\n      application_credential_secret: b\n",
    );
    const c = loadConfig({
      osCloud: "c",
      env: baseEnv(dir, { OS_AUTH_TYPE: "password", OS_USERNAME: "u", OS_PASSWORD: "p", OS_PROJECT_NAME: "x" }),
      cwd: dir.path,
      overrides: IMAGE,
    });
    expect(c.auth.member.application_credential_id).to.equal(undefined);
    expect(c.auth.member.username).to.equal("u");
  });

  it("needs no member credentials with use_dynamic_credentials and an admin", () => {
    const c = loadConfig({
      env: baseEnv(dir, { OS_AUTH_URL: "http://127.0.0.1/v3" }),
      cwd: dir.path,
      overrides: {
        ...IMAGE,
        auth: { use_dynamic_credentials: true, admin: { username: "admin", password: "pw", project_name: "admin" } },
      },
    });
    expect(c.auth.use_dynamic_credentials).to.equal(true);
  });
});
