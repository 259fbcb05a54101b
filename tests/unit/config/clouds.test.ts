import { join } from "node:path";
import { expect } from "chai";
import { cloudsSearchPaths, loadConfig } from "../../../lib/config/index.js";
import { baseEnv, IMAGE, loadError, problemFor, TempDir } from "./helpers.js";

const DEVSTACK = `clouds:
  devstack:
    auth:
      auth_url: http://127.0.0.1/identity
      password: secret-demo
      project_domain_id: default
      project_name: demo
      user_domain_id: default
      username: demo
    identity_api_version: '3'
    region_name: RegionOne
  devstack-admin:
    auth:
      auth_url: http://127.0.0.1/identity
      password: secret-admin
      project_domain_id: default
      project_name: admin
      user_domain_id: default
      username: admin
    region_name: RegionOne
  other:
    auth:
      auth_url: http://127.0.0.2/identity
      username: o
      password: o
      project_name: o
`;

describe("loadConfig: clouds.yaml", () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = new TempDir();
  });
  afterEach(() => dir.remove());

  it("searches OS_CLIENT_CONFIG_FILE, ./, $XDG_CONFIG_HOME/openstack (or ~/.config/openstack), /etc/openstack", () => {
    const paths = cloudsSearchPaths("clouds", { HOME: "/h", OS_CLIENT_CONFIG_FILE: "my.yaml" }, "/w");
    expect(paths).to.deep.equal([
      "/w/my.yaml",
      "/w/clouds.yaml",
      "/w/clouds.yml",
      "/h/.config/openstack/clouds.yaml",
      "/h/.config/openstack/clouds.yml",
      "/etc/openstack/clouds.yaml",
      "/etc/openstack/clouds.yml",
    ]);
    expect(cloudsSearchPaths("secure", { HOME: "/h", XDG_CONFIG_HOME: "/x" }, "/w")[2]).to.equal(
      "/x/openstack/secure.yaml",
    );
  });

  it("finds ~/.config/openstack/clouds.yaml and maps a devstack cloud plus its admin twin", () => {
    dir.write(".config/openstack/clouds.yaml", DEVSTACK);
    const cwd = join(dir.path, "work");
    const c = loadConfig({
      osCloud: "devstack",
      osCloudAdmin: "devstack-admin",
      env: baseEnv(dir),
      cwd,
      overrides: IMAGE,
    });
    expect(c.auth.auth_url).to.equal("http://127.0.0.1/identity/v3");
    expect(c.auth.member).to.include({ username: "demo", project_name: "demo", user_domain_id: "default" });
    expect(c.auth.admin).to.include({ username: "admin", project_name: "admin", password: "secret-admin" });
    expect(c.auth.admin_cloud).to.equal("devstack-admin");
  });

  it("./clouds.yaml wins over the user directory", () => {
    dir.write(".config/openstack/clouds.yaml", DEVSTACK);
    dir.write("work/clouds.yaml", DEVSTACK.replace(/127\.0\.0\.1/g, "127.0.0.9"));
    const c = loadConfig({ osCloud: "devstack", env: baseEnv(dir), cwd: join(dir.path, "work"), overrides: IMAGE });
    expect(c.auth.auth_url).to.equal("http://127.0.0.9/identity/v3");
  });

  it("OS_CLOUD selects the cloud and OS_CLIENT_CONFIG_FILE the file; secure.yaml supplies the password", () => {
    const file = dir.write("elsewhere/c.yaml", DEVSTACK.replace("password: secret-demo", ""));
    dir.write("secure.yaml", "clouds:\n  devstack:\n    auth:\n      password: from-secure\n");
    const c = loadConfig({
      env: baseEnv(dir, { OS_CLOUD: "devstack", OS_CLIENT_CONFIG_FILE: file }),
      cwd: dir.path,
      overrides: IMAGE,
    });
    expect(c.auth.member.password).to.equal("from-secure");
    expect(c.sources[1]).to.contain("secure.yaml");
  });

  it("maps verify: false, cacert and interface", () => {
    dir.write("ca.pem", "CA");
    dir.write(
      "clouds.yaml",
      "clouds:\n  t:\n    auth: {auth_url: 'https://127.0.0.1:5000', username: u, password: p, project_name: x}\n    verify: false\n    cacert: ca.pem\n    interface: internalURL\n",
    );
    const c = loadConfig({ osCloud: "t", env: baseEnv(dir), cwd: dir.path, overrides: IMAGE });
    expect(c.auth.insecure).to.equal(true);
    expect(c.auth.cacert).to.equal(join(dir.path, "ca.pem"));
    expect(c.auth.interface).to.equal("internal");
  });

  it("a missing cloud name lists the clouds that exist", () => {
    const path = dir.write("clouds.yaml", DEVSTACK);
    const err = loadError({ osCloud: "devstak", env: baseEnv(dir), cwd: dir.path, overrides: IMAGE });
    const p = problemFor(err, "auth.cloud");
    expect(p.source).to.equal("--os-cloud");
    expect(p.problem).to.equal(`cloud "devstak" is not in ${path}; it has "devstack", "devstack-admin", "other"`);
  });

  it("a cloud requested with no clouds.yaml anywhere lists the places searched", () => {
    const err = loadError({ env: baseEnv(dir, { OS_CLOUD: "devstack" }), cwd: dir.path, overrides: IMAGE });
    const p = problemFor(err, "clouds.yaml");
    expect(p.source).to.equal("environment variable OS_CLOUD");
    expect(p.problem).to.contain(join(dir.path, ".config/openstack/clouds.yaml"));
  });

  it("auth.cloud and auth.admin_cloud in the config file select clouds too", () => {
    dir.write("clouds.yaml", DEVSTACK);
    const file = dir.write(
      "v.yaml",
      "auth:\n  cloud: devstack\n  admin_cloud: devstack-admin\ncompute:\n  image_ref: i\n",
    );
    const c = loadConfig({ configFile: file, env: baseEnv(dir), cwd: dir.path });
    expect(c.auth.admin.username).to.equal("admin");
    expect(c.auth.member.username).to.equal("demo");
  });

  it("an admin cloud of another cloud is refused", () => {
    dir.write("clouds.yaml", DEVSTACK);
    const err = loadError({
      osCloud: "devstack",
      osCloudAdmin: "other",
      env: baseEnv(dir),
      cwd: dir.path,
      overrides: IMAGE,
    });
    expect(problemFor(err, "auth.admin_cloud").problem).to.contain("same cloud");
  });

  it("a bad interface in clouds.yaml names the file, cloud and key", () => {
    dir.write(
      "clouds.yaml",
      "clouds:\n  t:\n    auth: {auth_url: 'http://127.0.0.1', username: u, password: p, project_name: x}\n    interface: private\n",
    );
    const err = loadError({ osCloud: "t", env: baseEnv(dir), cwd: dir.path, overrides: IMAGE });
    expect(problemFor(err, "auth.interface").source).to.match(/clouds\.yaml .*, cloud "t", key interface$/);
  });
});
