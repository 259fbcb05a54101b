// `npm run build` (and `prepare`, run by `npm ci`): compile bin/, lib/, sim/ and the suite into dist/ with
// tsconfig.build.json; write the suite index and the response validators generated from the compiled schemas
// (lib/clients/schemas/standalone.ts: a run compiles no schema); then write dist/.build-stamp, which bin/vftest.js
// compares with the sources' mtimes. The stamp is written only after all of that succeeded, and its time is the
// compile's START, so a source saved while the compiler ran counts as newer than the build.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const stamp = path.join(root, "dist", ".build-stamp");
const started = new Date();
fs.rmSync(stamp, { force: true });
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
try {
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
} catch {
  // An install must not fail on a type error: without the stamp, vftest runs the sources under tsx (slower start).
  console.error("vftest build: the TypeScript compile failed (above); `vftest` will run the sources under tsx");
  process.exit(process.env.npm_lifecycle_event === "prepare" ? 0 : 1);
}
// The suite index for `vftest list` (lib/runner/suite-index.ts), from the freshly compiled suite.
const { writeSuiteIndex } = await import(path.join(root, "dist/lib/runner/suite-index.js"));
const n = await writeSuiteIndex(root);
// The response validators, generated from the freshly compiled schemas (lib/clients/schemas/standalone.ts). Without
// them a run is as correct, only compiles each schema it uses: an install goes on, `npm run build` fails.
const gen = Date.now();
const schemas = path.join(root, "dist/lib/clients/schemas");
let validators;
try {
  const { writeStandaloneValidators } = await import(path.join(schemas, "standalone.js"));
  const { GENERATED_DIR } = await import(path.join(schemas, "validator.js"));
  validators = `${writeStandaloneValidators(path.join(schemas, GENERATED_DIR))} schema validators`;
} catch (e) {
  console.error(`vftest build: generating the schema validators failed (${e?.message ?? e}); runs will compile them`);
  if (process.env.npm_lifecycle_event !== "prepare") process.exitCode = 1;
  validators = "no schema validators";
}
console.error(
  `vftest build: dist/ compiled, suite index of ${n} tests and ${validators} (${Date.now() - gen} ms) written`,
);
fs.writeFileSync(stamp, `${started.toISOString()}\n`);
fs.utimesSync(stamp, started, started);
