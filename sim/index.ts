// The simulator's public entry: start an embedded cloud, and the fault registry for `vftest sim start --help`.

export { type CloudHandle, type CloudOptions, type Credentials, startCloud } from "./cloud.js";
export { FAULT_PROFILES, type FaultProfile, Faults } from "./faults.js";
