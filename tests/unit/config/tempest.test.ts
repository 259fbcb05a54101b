import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { parse } from "yaml";
import {
  checkPartialConfig,
  loadConfig,
  parseIni,
  renderConfigYaml,
  tempestConfToVftest,
} from "../../../lib/config/index.js";
import { baseEnv, TempDir } from "./helpers.js";

// The peer Tempest suite's tempest.conf and accounts.yaml (scripts/peer-tempest/), as Debian Tempest runs them.
const PEER = fileURLToPath(new URL("fixtures/tempest.conf", import.meta.url));
const ACCOUNTS = fileURLToPath(new URL("fixtures/accounts.yaml", import.meta.url));

describe("tempest.conf import", () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = new TempDir();
  });
  afterEach(() => dir.remove());

  it("parses sections, key = value and comments", () => {
    const ini = parseIni("# c\nx = 1\n[a]\n; c\nk = v = w\nurl: http://h:1/\n[b]\nbad line\n");
    expect(ini.sections.get("DEFAULT")?.get("x")).to.equal("1");
    expect(ini.sections.get("a")?.get("k")).to.equal("v = w");
    expect(ini.sections.get("a")?.get("url")).to.equal("http://h:1/");
    expect(ini.errors).to.deep.equal(['line 8: expected "[section]" or "key = value"']);
  });

  it("maps the peer suite's tempest.conf and warns about what it drops", () => {
    const { config, warnings } = tempestConfToVftest(readFileSync(PEER, "utf8"), PEER);
    expect(config).to.deep.equal({
      auth: {
        use_dynamic_credentials: false,
        test_accounts_file: "$TEMPEST_WS/etc/accounts.yaml",
        admin: {
          username: "admin",
          password: "secretadmin",
          project_name: "admin",
          user_domain_name: "Default",
          project_domain_name: "Default",
        },
        auth_url: "http://127.0.0.1:18080/identity/v3",
        region_name: "RegionOne",
        insecure: true,
      },
      compute: {
        image_ref: "11111111-1111-1111-1111-111111111111",
        flavor_ref: "1",
        flavor_ref_alt: "2",
        min_compute_nodes: 2,
        min_microversion: "2.97",
        max_microversion: "latest",
        build_interval: 1,
        build_timeout: 60,
      },
      compute_feature_enabled: { resize: true, cold_migration: true, live_migration: false },
    });
    const text = warnings.join("\n");
    expect(text).to.contain("[compute] image_ref_alt has no vftest equivalent; ignored");
    expect(text).to.contain("[service_available] has no vftest equivalent; ignored");
    expect(text).to.contain("[compute] min_microversion = 2.1 is below 2.97");
    expect(text).to.contain("$TEMPEST_WS");
    expect(text, "warnings never show a password").not.to.contain("secretadmin");
  });

  it("round-trips: rendered YAML parses back to the same config and loads", () => {
    const { config } = tempestConfToVftest(readFileSync(PEER, "utf8"), PEER);
    const yaml = renderConfigYaml(config, `imported from ${PEER}`);
    expect(yaml.startsWith(`# imported from ${PEER}\n`)).to.equal(true);
    expect(yaml).to.contain("tempest: [compute] flavor_ref_alt");
    expect(parse(yaml)).to.deep.equal(config);
    expect(checkPartialConfig(parse(yaml), "rendered")).to.deep.equal([]);
    dir.write("accounts.yaml", readFileSync(ACCOUNTS, "utf8"));
    const file = dir.write("vftest.yaml", yaml.replace("$TEMPEST_WS/etc/accounts.yaml", "accounts.yaml"));
    const c = loadConfig({ configFile: file, env: baseEnv(dir), cwd: dir.path });
    expect(c.auth.admin.username).to.equal("admin");
    expect(c.compute.build_timeout).to.equal(60);
    expect(c.auth.test_accounts_file).to.equal(`${dir.path}/accounts.yaml`);
  });

  it("maps manila, whitebox, validation and network options", () => {
    const conf = [
      "[compute-feature-enabled]",
      "share_attachments = True",
      "[share]",
      "enable_protocols = nfs,cephfs",
      "share_size = 2",
      "max_api_microversion = 2.86",
      "default_share_type_name = default",
      "[validation]",
      "connect_method = floating",
      "image_ssh_user = cirros",
      "ssh_timeout = 196",
      "ssh_key_type = ecdsa",
      "network_for_ssh = private",
      "image_ssh_password = hunter2",
      "[network]",
      "public_network_id = 1234",
      "floating_network_name = public",
      "[whitebox]",
      "ctlplane_ssh_username = zuul",
      "ctlplane_ssh_private_key_path = /home/zuul/.ssh/id_rsa",
      "ctlplane_addresses = compute-0:10.0.0.5, compute-1:10.0.0.6",
      "[compute]",
      "build_timeout = soon",
      "frobnicate = 1",
    ].join("\n");
    const { config, warnings } = tempestConfToVftest(conf, "t.conf");
    expect(config).to.deep.include({
      share: { protocol: "NFS", size: 2, microversion: "2.86", share_type: "default" },
      validation: {
        connect_method: "floating",
        ssh_user: "cirros",
        ssh_timeout: 196,
        ssh_key_type: "ecdsa",
        network: "private",
        floating_network: "public",
      },
      whitebox: {
        enabled: true,
        ssh_user: "zuul",
        ssh_key: "/home/zuul/.ssh/id_rsa",
        ctlplane_addresses: { "compute-0": "10.0.0.5", "compute-1": "10.0.0.6" },
      },
      compute_feature_enabled: { shares: true },
    });
    const text = warnings.join("\n");
    expect(text).to.contain("tests one protocol per run, so NFS was taken");
    expect(text).to.contain('[compute] build_timeout is not a number ("soon"); ignored');
    expect(text).to.contain("[compute] frobnicate has no vftest equivalent; ignored");
    expect(text).to.contain("[validation] image_ssh_password has no vftest equivalent");
    expect(text).not.to.contain("hunter2");
  });
});
