#!/usr/bin/env node
// Entry point: registers the tsx loader so the TypeScript sources run as-is, then hands over to the CLI.
// `import("tsx")` registers BOTH tsx hooks: mocha loads suite files with require() first (Node's require(esm)),
// which bypasses ESM-only loader hooks, so `register("tsx/esm")` alone cannot load a .ts suite file.
await import("tsx");
const { main } = await import("./cli/main.ts");
process.exitCode = await main(process.argv);
