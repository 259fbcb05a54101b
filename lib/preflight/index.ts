// The preflight (`vftest verify-config`): structured ok/fail/skip results over the config and the cloud, each
// failure with its fix. Imported by bin/ and tests/; imports lib/clients, lib/config and lib/target only.

export { probe } from "./check.js";
export { CLOUD_CHECKS, runChecks } from "./checks.js";
export { anyFailed, formatResults } from "./format.js";
export { MANILA_MIN_MICROVERSION } from "./manila.js";
export type { CheckResult, CloudCheck, CloudCheckContext, CloudFacts } from "./types.js";
