import { expect } from "chai";
import { describeConfig, loadConfig, preflightProblems } from "../../../lib/config/index.js";
import { baseEnv, IMAGE, TempDir, VALID_ENV } from "./helpers.js";

describe("preflightProblems and describeConfig", () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = new TempDir();
  });
  afterEach(() => dir.remove());

  it("reports missing admin credentials, a single compute node and whitebox off without failing the load", () => {
    const c = loadConfig({
      env: baseEnv(dir, VALID_ENV),
      cwd: dir.path,
      overrides: { ...IMAGE, compute: { ...IMAGE.compute, min_compute_nodes: 1, max_microversion: "2.100" } },
    });
    const text = preflightProblems(c).join("\n");
    expect(text).to.contain("auth.admin: no admin credentials").and.contain("--os-cloud-admin");
    expect(text).to.contain("compute.min_compute_nodes is 1");
    expect(text).to.contain("below cold_migration_with_shares_microversion 2.105");
    expect(text).to.contain("whitebox.enabled is false");
  });

  it("is quiet about admin when admin credentials are set", () => {
    const c = loadConfig({
      env: baseEnv(dir, VALID_ENV),
      cwd: dir.path,
      overrides: {
        ...IMAGE,
        auth: { admin: { username: "a", password: "b", project_name: "c" } },
        whitebox: { enabled: true },
      },
    });
    expect(preflightProblems(c)).to.deep.equal([]);
  });

  it("describes the configuration in a few lines", () => {
    const c = loadConfig({ env: baseEnv(dir, VALID_ENV), cwd: dir.path, overrides: IMAGE });
    const d = describeConfig(c);
    expect(d).to.contain("auth_url:     http://127.0.0.1:5000/v3 (public, region RegionOne)");
    expect(d).to.contain("member:       demo@Default / project demo");
    expect(d).to.contain("microversions 2.97..latest");
    expect(d).to.contain("share:        NFS, 1 GiB");
    expect(d).to.contain("whitebox:     off");
  });
});
