// Writes a devstack cloud's vftest config: tempest.conf imported with vftest's own mapping (as `vftest init
// --from-tempest-conf` does), then the devstack/job settings merged over it key by key — so a [whitebox] section in
// tempest.conf and the plugin's whitebox settings give ONE whitebox group, the plugin's values winning — then an
// optional extra YAML file merged last. The file written is checked with vftest's loader (schema, clouds.yaml
// entries, key file readable) before this exits 0. Run by devstack/write-config.sh; no network.

import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import {
  ConfigError,
  checkPartialConfig,
  formatProblem,
  loadConfig,
  renderConfigYaml,
  tempestConfToVftest,
} from "../lib/config/index.js";

type Tree = Record<string, unknown>;

class UsageProblem extends Error {}

const isTree = (v: unknown): v is Tree => typeof v === "object" && v !== null && !Array.isArray(v);

/** Deep merge, `over` wins; mappings merge key by key, everything else replaces. */
export function mergeTrees(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const cur = out[k];
    out[k] = isTree(cur) && isTree(v) ? mergeTrees(cur, v) : v;
  }
  return out;
}

/** "host1:10.0.0.1,host2:10.0.0.2" -> { host1: "10.0.0.1", ... } */
function addresses(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of spec.split(",").map((s) => s.trim())) {
    if (item === "") continue;
    const i = item.indexOf(":");
    if (i <= 0) throw new UsageProblem(`--whitebox-addresses: ${JSON.stringify(item)} is not host:address`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

function bool(name: string, v: string): boolean {
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw new UsageProblem(`${name}: ${JSON.stringify(v)} is not true or false`);
}

const OPTIONS = {
  output: { type: "string" },
  "tempest-conf": { type: "string" },
  cloud: { type: "string" },
  "admin-cloud": { type: "string" },
  "results-dir": { type: "string" },
  whitebox: { type: "boolean" },
  "whitebox-user": { type: "string" },
  "whitebox-key": { type: "string" },
  "whitebox-addresses": { type: "string" },
  "mount-point-base": { type: "string" },
  "cold-migration-with-shares": { type: "string" },
  "notifications-transport-url": { type: "string" },
  extra: { type: "string" },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];

/** The devstack/job layer: only what the flags set. */
function devstackLayer(f: Flags): Tree {
  const layer: Tree = { auth: { cloud: f.cloud, admin_cloud: f["admin-cloud"] } };
  if (f["results-dir"]) layer.reporting = { results_dir: f["results-dir"] };
  if (f.whitebox) {
    const wb: Tree = {
      enabled: true,
      ssh_user: f["whitebox-user"],
      ssh_key: f["whitebox-key"],
      command_prefix: "sudo",
      mount_point_base: f["mount-point-base"],
    };
    if (f["whitebox-addresses"]) wb.ctlplane_addresses = addresses(f["whitebox-addresses"]);
    layer.whitebox = wb;
  }
  if (f["cold-migration-with-shares"] !== undefined) {
    const on = bool("--cold-migration-with-shares", f["cold-migration-with-shares"]);
    layer.compute_feature_enabled = { cold_migration_with_shares: on };
  }
  if (f["notifications-transport-url"]) layer.notifications = { transport_url: f["notifications-transport-url"] };
  return JSON.parse(JSON.stringify(layer)) as Tree; // drops unset (undefined) values
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageProblem(`cannot read ${what} ${file} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

export function main(argv: string[]): number {
  let flags: Flags;
  try {
    flags = parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (e) {
    process.stderr.write(`vftest-config: ${(e as Error).message}\n`);
    return 2;
  }
  const out = flags.output;
  if (!out) {
    process.stderr.write("vftest-config: --output is required\n");
    return 2;
  }
  try {
    let config: Tree = {};
    const sources: string[] = [];
    if (flags["tempest-conf"]) {
      const src = path.resolve(flags["tempest-conf"]);
      const imported = tempestConfToVftest(readText(src, "tempest.conf"), src);
      for (const w of imported.warnings) process.stderr.write(`vftest-config: warning: ${w}\n`);
      config = imported.config;
      sources.push(src);
    }
    config = mergeTrees(config, devstackLayer(flags));
    sources.push("the devstack plugin settings");
    if (flags.extra) {
      const extra: unknown = parse(readText(flags.extra, "extra config"), { uniqueKeys: true });
      if (!isTree(extra)) throw new UsageProblem(`${flags.extra} is not a mapping of vftest groups`);
      config = mergeTrees(config, extra);
      sources.push(flags.extra);
    }
    const partial = checkPartialConfig(config, "the merged devstack configuration");
    if (partial.length > 0) throw new ConfigError(partial);
    const text = renderConfigYaml(config, `vftest configuration for this devstack, from ${sources.join(", then ")}`);
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text, { mode: 0o600 });
    fs.renameSync(tmp, out);
    loadConfig({ configFile: out }); // the file the run will read: schema, clouds.yaml entries, key readable
    process.stderr.write(`vftest-config: wrote ${out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) process.stderr.write(`vftest-config: ${formatProblem(p)}\n`);
      process.stderr.write(`vftest-config: ${out} is not usable; fix the settings above and run this again\n`);
      return 2;
    }
    if (e instanceof UsageProblem) {
      process.stderr.write(`vftest-config: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  process.exitCode = main(process.argv.slice(2));
}
