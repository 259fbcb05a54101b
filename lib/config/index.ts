// The configuration layer's public API. Everything above lib/config imports from here.

export type { CheckContext } from "./auth-type.js";
export { compareMicroversions, hasCredentials, normaliseAuthUrl, SHARES_MICROVERSION } from "./checks.js";
export { cloudsSearchPaths } from "./clouds.js";
export { type ConfigGroups, defaultConfig } from "./defaults.js";
export { type IniFile, parseIni } from "./ini.js";
export type { DeepPartial } from "./layers.js";
export { type LoadConfigOptions, loadConfig } from "./load.js";
export { preflightProblems } from "./preflight.js";
export { ConfigError, type ConfigProblem, formatProblem } from "./problems.js";
export { describeConfig, REDACTED, redactConfig } from "./redact.js";
export { DEFAULTS_HEADER, type RenderOptions, renderConfigYaml, renderDefaultsYaml } from "./render.js";
export { ConfigFileSchema, ConfigSchema, isSecretPath } from "./schema.js";
export { type TempestImport, tempestConfToVftest } from "./tempest.js";
export type { CredentialsConfig, Interface, VftestConfig } from "./types.js";
export { checkPartialConfig } from "./validate.js";
