#!/usr/bin/env node
// Entry point: registers the tsx loader so the TypeScript sources run as-is, then hands over to the CLI.
import { register } from "node:module";

register("tsx/esm", import.meta.url);
const { main } = await import("./cli/main.ts");
process.exitCode = await main(process.argv);
