// Lazy access to the modules the CLI drives: the config loader (lib/config), the simulator (sim/) and the
// REST clients (lib/clients). Loaded on first use so that `vftest --help` or `vftest list` stay fast and do not
// start what they do not need. The shapes below are the documented public APIs of those modules
// (notes: h1-config, sim-common, lib/clients/README.md); only what the CLI uses is declared.

import type { VftestConfig } from "../../lib/config/types.js";
import { UsageError } from "../../lib/runner/errors.js";
import type { CloudHandle, ConfigOverrides, StartCloudOptions } from "../../lib/target/embedded.js";

export type { CloudHandle, ConfigOverrides, StartCloudOptions };

export interface LoadConfigOptions {
  configFile?: string;
  osCloud?: string;
  osCloudAdmin?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  overrides?: ConfigOverrides;
}

export interface ConfigApi {
  loadConfig(opts: LoadConfigOptions): VftestConfig;
  tempestConfToVftest(text: string, sourceName: string): { config: object; warnings: string[] };
  renderConfigYaml(partial: object, header: string): string;
  redactConfig(config: VftestConfig): object;
  describeConfig(config: VftestConfig): string;
}

export interface SimApi {
  startCloud(opts: StartCloudOptions): Promise<CloudHandle>;
}

/** Imports a module of this repository by path relative to this file; says clearly when it is not there. */
async function importPart(rel: string, what: string): Promise<Record<string, unknown>> {
  const url = new URL(rel, import.meta.url);
  try {
    return (await import(url.href)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes(rel.replace(/^(\.\.\/)+/, ""))) {
      throw new UsageError(`${what} is not available in this checkout (${rel.replace(/^(\.\.\/)+/, "")} is missing)`);
    }
    throw e;
  }
}

function requireFunctions<T>(mod: Record<string, unknown>, names: readonly string[], what: string): T {
  const missing = names.filter((n) => typeof mod[n] !== "function");
  if (missing.length) throw new Error(`${what} does not export ${missing.join(", ")}`);
  return mod as T;
}

/** The config API; a function the loaded module lacks fails when called, naming what is missing. */
export async function configApi(): Promise<ConfigApi> {
  const mod = await importPart("../../lib/config/index.js", "the config loader (lib/config)");
  const fn = <K extends keyof ConfigApi>(name: K): ConfigApi[K] => {
    const f = mod[name];
    if (typeof f === "function") return f as ConfigApi[K];
    return ((..._args: unknown[]) => {
      throw new Error(`lib/config/index.ts does not export ${name} (yet)`);
    }) as unknown as ConfigApi[K];
  };
  return {
    loadConfig: fn("loadConfig"),
    tempestConfToVftest: fn("tempestConfToVftest"),
    renderConfigYaml: fn("renderConfigYaml"),
    redactConfig: fn("redactConfig"),
    describeConfig: fn("describeConfig"),
  };
}

export async function simApi(): Promise<SimApi> {
  const mod = await importPart("../../sim/index.js", "the embedded cloud (sim/)");
  return requireFunctions<SimApi>(mod, ["startCloud"], "sim/index.ts");
}
