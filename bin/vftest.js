#!/usr/bin/env node
// Entry point. `npm ci` compiles the sources into dist/ (the `prepare` script), so a user's `vftest` starts plain
// JavaScript; while any source file is newer than that build (a developer editing, a `git pull` without rebuild),
// the TypeScript sources run as-is under tsx instead, so stale JavaScript never runs. VFTEST_FROM_SOURCE=1 forces
// the sources. `import("tsx")` registers both of tsx's hooks (ESM and require()).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const STAMP = path.join(root, "dist", ".build-stamp");
// Keep in step with tsconfig.build.json's "include".
const SOURCES = ["bin", "lib", "sim", "tests/api", "tests/scenario"];

function newestSource(dir, limit) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (newestSource(full, limit)) return true;
    } else if (e.name.endsWith(".ts") && fs.statSync(full).mtimeMs > limit) {
      return true;
    }
  }
  return false;
}

function compiledIsFresh() {
  if (process.env.VFTEST_FROM_SOURCE === "1") return false;
  let built;
  try {
    built = fs.statSync(STAMP).mtimeMs;
  } catch {
    return false;
  }
  return !SOURCES.some((d) => newestSource(path.join(root, d), built));
}

let main;
if (compiledIsFresh()) {
  ({ main } = await import("../dist/bin/cli/main.js"));
} else {
  await import("tsx");
  ({ main } = await import("./cli/main.ts"));
}
process.exitCode = await main(process.argv);
