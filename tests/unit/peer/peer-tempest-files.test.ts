// Static checks of the Tempest peer run's files (scripts/peer-tempest): they need neither Tempest nor the simulator,
// so they catch a broken script, template or test list before the (slower) `npm run peer:tempest`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";

const DIR = path.resolve(import.meta.dirname, "../../../scripts/peer-tempest");
const read = (name: string): string => fs.readFileSync(path.join(DIR, name), "utf8");

/** Regex lines of an stestr list file: text before '#', trimmed, blank lines dropped. */
function listRegexes(name: string): RegExp[] {
  return read(name)
    .split("\n")
    .map((line) => line.split("#")[0]?.trim() ?? "")
    .filter((line) => line !== "")
    .map((line) => new RegExp(line));
}

/** "[section] key" -> value of an INI text (last one wins). */
function ini(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) section = header[1];
    const kv = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (kv?.[1]) out.set(`[${section}] ${kv[1]}`, kv[2] ?? "");
  }
  return out;
}

interface Account {
  username?: unknown;
  project_name?: unknown;
  password?: unknown;
  types?: unknown;
}

// Tempest 33's cold-migration and resize API test ids (as listed by `tempest run --list-tests`, ids trimmed).
const TEMPEST_IDS = [
  "tempest.api.compute.admin.test_migrations.MigrationsAdminTest.test_cold_migration",
  "tempest.api.compute.admin.test_migrations.MigrationsAdminTest.test_list_migrations",
  "tempest.api.compute.admin.test_migrations.MigrationsAdminTest.test_list_migrations_in_flavor_resize_situation",
  "tempest.api.compute.admin.test_migrations.MigrationsAdminTest.test_resize_server_revert_deleted_flavor",
  "tempest.api.compute.admin.test_migrations.MigrationsAdminTest.test_revert_cold_migration",
  "tempest.api.compute.servers.test_server_actions.ServerActionsTestJSON.test_resize_server_confirm",
  "tempest.api.compute.servers.test_server_actions.ServerActionsTestJSON.test_resize_server_confirm_from_stopped",
  "tempest.api.compute.servers.test_server_actions.ServerActionsTestJSON.test_resize_server_revert",
];
const VOLUME_IDS = [
  "tempest.api.compute.servers.test_server_actions.ServerActionsTestJSON.test_resize_volume_backed_server_confirm",
  "tempest.api.compute.servers.test_server_actions.ServerActionsTestJSON.test_resize_server_revert_with_volume_attached",
];
const OTHER_IDS = ["tempest.api.compute.servers.test_server_actions.ServerActionsTestJSON.test_reboot_server_hard"];

describe("scripts/peer-tempest", () => {
  it("run.sh is valid bash", () => {
    const r = spawnSync("bash", ["-n", path.join(DIR, "run.sh")], { encoding: "utf8" });
    expect(r.status, `bash -n scripts/peer-tempest/run.sh failed: ${r.stderr}`).to.equal(0);
  });

  it("tempest.conf.in uses only the @WS@ and @PORT@ placeholders and points at loopback", () => {
    const text = read("tempest.conf.in");
    const placeholders = new Set(text.match(/@[A-Z_]+@/g) ?? []);
    expect([...placeholders].sort(), "placeholders run.sh fills in (sed @WS@, @PORT@)").to.deep.equal([
      "@PORT@",
      "@WS@",
    ]);
    const conf = ini(text);
    expect(conf.get("[identity] uri_v3"), "identity endpoint of the simulator").to.equal(
      "http://127.0.0.1:@PORT@/identity/v3",
    );
    expect(conf.get("[auth] test_accounts_file"), "accounts file inside the workspace").to.equal(
      "@WS@/etc/accounts.yaml",
    );
    expect(conf.get("[compute] min_compute_nodes"), "cold migration needs two hosts (run.sh: --hosts 2)").to.equal("2");
  });

  it("accounts.yaml.in has one member account and the admin account named in tempest.conf.in", () => {
    const accounts: unknown = parse(read("accounts.yaml.in"));
    expect(accounts, "accounts.yaml.in is a YAML list").to.be.an("array");
    const list = accounts as Account[];
    const admins = list.filter((a) => Array.isArray(a.types) && a.types.includes("admin"));
    expect(
      admins.map((a) => a.username),
      "admin accounts",
    ).to.deep.equal(["admin"]);
    expect(list.length - admins.length, "non-admin (primary) accounts: --serial needs exactly one set").to.equal(1);
    const conf = ini(read("tempest.conf.in"));
    const admin = admins[0];
    expect(conf.get("[auth] admin_username"), "[auth] admin_username vs accounts").to.equal(admin?.username);
    expect(conf.get("[auth] admin_project_name"), "[auth] admin_project_name vs accounts").to.equal(
      admin?.project_name,
    );
    // Compared, never printed: a mismatch message names the field only.
    expect(conf.get("[auth] admin_password") === admin?.password, "[auth] admin_password matches accounts").to.equal(
      true,
    );
  });

  it("the include list selects every migration/resize test and the exclude list drops only the Cinder ones", () => {
    const include = listRegexes("include-list.txt");
    const exclude = listRegexes("exclude-list.txt");
    const selected = (id: string): boolean => include.some((r) => r.test(id)) && !exclude.some((r) => r.test(id));
    for (const id of TEMPEST_IDS) expect(selected(id), `${id} is run`).to.equal(true);
    for (const id of [...VOLUME_IDS, ...OTHER_IDS]) expect(selected(id), `${id} is not run`).to.equal(false);
    for (const r of exclude) {
      expect(
        VOLUME_IDS.some((id) => r.test(id)),
        `exclude regex ${r.source} matches a volume test`,
      ).to.equal(true);
    }
  });
});
