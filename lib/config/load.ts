// loadConfig: defaults -> config file -> clouds.yaml -> OS_* environment -> overrides, later wins. Every source is
// validated on its own (so a problem names the file or variable it came from), invalid values are dropped so the
// merged result stays well-typed, then the merged result is checked as a whole. All problems -> one ConfigError.

import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { type CheckContext, checkAuthType } from "./auth-type.js";
import { checkMerged, normaliseAuthUrl } from "./checks.js";
import { type CloudRequest, cloudLayers } from "./clouds.js";
import { defaultConfig } from "./defaults.js";
import { envLayer } from "./env.js";
import {
  type DeepPartial,
  getPath,
  isPlainObject,
  type Layer,
  mergeLayers,
  type PlainObject,
  setPath,
} from "./layers.js";
import { ConfigError, type ConfigProblem } from "./problems.js";
import { leafPaths, schemaAt } from "./schema.js";
import type { VftestConfig } from "./types.js";
import { validateLayer } from "./validate.js";
import { parseYamlFile } from "./yaml-file.js";

export interface LoadConfigOptions {
  /** --config FILE; falls back to $VFTEST_CONFIG. */
  configFile?: string;
  /** --os-cloud NAME; falls back to $OS_CLOUD, then auth.cloud in the config file. */
  osCloud?: string;
  /** --os-cloud-admin NAME; falls back to auth.admin_cloud in the config file. */
  osCloudAdmin?: string;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Directory relative paths and ./clouds.yaml are resolved against; defaults to process.cwd(). */
  cwd?: string;
  /** From CLI flags and the embedded cloud; the top layer. */
  overrides?: DeepPartial<Omit<VftestConfig, "sources">>;
}

export function loadConfig(opts: LoadConfigOptions = {}): VftestConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const home = env.HOME || homedir();
  const problems: ConfigProblem[] = [];
  const layers: Layer[] = [{ source: "defaults", data: defaultConfig() as unknown as PlainObject }];
  const addLayer = (layer: Layer, baseDir: string) => {
    resolvePathKeys(layer.data, baseDir, home);
    const found = validateLayer(layer);
    for (const p of found) deletePath(layer.data, p.key.split("."));
    problems.push(...found);
    layers.push(layer);
  };

  const file = readConfigFile(opts, env, cwd, problems);
  if (file) addLayer(file.layer, dirname(file.path));

  const fileAuth = file ? file.layer.data.auth : undefined;
  const fromFile = (k: string) => {
    const v = getPath(fileAuth, [k]);
    return typeof v === "string" && v && file ? { name: v, via: `auth.${k} in ${file.layer.source}` } : undefined;
  };
  const member: CloudRequest | undefined = opts.osCloud
    ? { name: opts.osCloud, via: "--os-cloud" }
    : env.OS_CLOUD
      ? { name: env.OS_CLOUD, via: "environment variable OS_CLOUD" }
      : fromFile("cloud");
  const admin: CloudRequest | undefined = opts.osCloudAdmin
    ? { name: opts.osCloudAdmin, via: "--os-cloud-admin" }
    : fromFile("admin_cloud");
  const clouds = cloudLayers(member, admin, env, cwd);
  problems.push(...clouds.problems);
  for (const layer of clouds.layers) addLayer(layer, cwd);

  const fromEnv = envLayer(env);
  problems.push(...fromEnv.problems);
  if (fromEnv.layer) addLayer(fromEnv.layer, cwd);

  if (opts.overrides) {
    const data = JSON.parse(JSON.stringify(opts.overrides)) as PlainObject;
    addLayer({ source: "overrides (command line / embedded cloud)", data }, cwd);
  }

  const { data, origins } = mergeLayers(layers);
  const config = data as unknown as VftestConfig;
  if (member) config.auth.cloud = member.name;
  if (admin) config.auth.admin_cloud = admin.name;
  config.auth.auth_url = normaliseAuthUrl(config.auth.auth_url);
  config.sources = layers.map((l) => l.source);
  const origin = (key: string) => origins.get(key) ?? "defaults";
  const ctx: CheckContext = { authType: fromEnv.authType ?? clouds.authType, adminAuthUrl: clouds.adminAuthUrl };
  problems.push(...checkAuthType(config, ctx, origin));
  problems.push(...checkMerged(config, origin));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readConfigFile(
  opts: LoadConfigOptions,
  env: NodeJS.ProcessEnv,
  cwd: string,
  problems: ConfigProblem[],
): { path: string; layer: Layer } | undefined {
  const given = opts.configFile ?? env.VFTEST_CONFIG;
  if (!given) return undefined;
  const via = opts.configFile ? "--config" : "environment variable VFTEST_CONFIG";
  const path = resolve(cwd, given);
  const source = `config file ${path}`;
  const doc = parseYamlFile(path, `${source} (from ${via})`, problems);
  if (doc === undefined) return undefined;
  if (!isPlainObject(doc)) {
    problems.push({
      key: "(top level)",
      source,
      problem: "is not a mapping of groups (auth:, compute:, ...)",
      fix: "start from config/vftest.yaml",
    });
    return undefined;
  }
  return { path, layer: { source, data: doc } };
}

const PATH_KEYS = leafPaths().filter((p) => schemaAt(p)?.path === true);

/** "~/x" -> $HOME/x; a relative path -> against baseDir (the config file's directory, or the cwd). */
function resolvePathKeys(data: PlainObject, baseDir: string, home: string): void {
  for (const p of PATH_KEYS) {
    const v = getPath(data, p);
    if (typeof v !== "string" || v === "") continue;
    const expanded = v === "~" ? home : v.startsWith("~/") ? join(home, v.slice(2)) : v;
    setPath(data, p, isAbsolute(expanded) ? expanded : resolve(baseDir, expanded));
  }
}

function deletePath(data: PlainObject, path: readonly string[]): void {
  const parent = getPath(data, path.slice(0, -1));
  if (isPlainObject(parent)) delete parent[path[path.length - 1]!];
}
