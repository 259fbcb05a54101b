// The common layer in one import: waiters, cleanup, naming, credentials and their errors.

export * from "./accounts-file.js";
export * from "./cleanup.js";
export * from "./credentials.js";
export * from "./dynamic-credentials.js";
export * from "./errors.js";
export * from "./leftovers.js";
export * from "./leftovers-delete.js";
export * from "./log.js";
export * from "./manila-rules.js";
export * from "./naming.js";
export * from "./share-waiters.js";
export * from "./signal-cleanup.js";
export * from "./wait-for.js";
export * from "./waiters.js";
