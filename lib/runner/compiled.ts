// Running from compiled JavaScript: `npm ci` compiles bin/, lib/, sim/ and the suite (tests/api, tests/scenario)
// into dist/ (tsconfig.build.json, the `prepare` script), and bin/vftest.js runs dist/ when it is newer than every
// source file, else the TypeScript sources under tsx (a developer's edit is never run stale). Under dist/ a suite
// file is still named by its source path (test ids, reports and --grep see tests/scenario/x.test.ts); it is loaded
// from its compiled twin, or — a suite file outside the compiled set, e.g. a user's own — through tsx.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** True when this module runs from dist/ (compiled), false under tsx. */
export const COMPILED = import.meta.url.endsWith(".js");

/** dist/<rel>.js for <root>/<rel>.ts when running compiled and the twin exists and is not older; else undefined. */
export function compiledTwin(tsFile: string, rootDir: string): string | undefined {
  if (!COMPILED || !tsFile.endsWith(".ts")) return undefined;
  const rel = path.relative(rootDir, tsFile);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  const js = path.join(rootDir, "dist", rel.replace(/\.ts$/, ".js"));
  try {
    return fs.statSync(js).mtimeMs >= fs.statSync(tsFile).mtimeMs ? js : undefined;
  } catch {
    return undefined;
  }
}

/** A file of the checkout (config/, bin/vftest.js) from a module under bin/ or lib/: `rel` from the repository
 * root, which is two levels up from the module's directory, or three when running compiled (dist/bin/cli/). */
export function repoFile(moduleUrl: string, rel: string): string {
  const dir = path.dirname(fileURLToPath(moduleUrl));
  return path.resolve(dir, COMPILED ? "../../.." : "../..", rel);
}

let tsxRegistered: Promise<unknown> | undefined;

/** The URL to import() for a suite file: its compiled twin, or the source with tsx's loader registered first. */
export async function suiteFileUrl(tsFile: string, rootDir: string): Promise<string> {
  const twin = compiledTwin(tsFile, rootDir);
  if (twin) return pathToFileURL(twin).href;
  if (COMPILED && tsFile.endsWith(".ts")) tsxRegistered ??= import("tsx/esm/api").then((m) => m.register());
  await tsxRegistered;
  return pathToFileURL(tsFile).href;
}

/** V8 heap flags of a parallel worker: the command-line equivalent of what bin/vftest.js sets in the parent at
 * run time (why, and what it costs: there). */
export const WORKER_HEAP_FLAGS = [
  "--max-semi-space-size=1",
  "--no-parallel-scavenge",
  "--heap-growing-percent=20",
  "--no-opt",
];

const USER_HEAP_FLAG = /semi[-_]space|heap[-_]growing|--(no-)?(opt|turbofan)(\s|=|$)/;

/** Entry of a parallel worker process and the node flags it needs: the parent's own node flags when the user set
 * heap flags (they win, as in bin/vftest.js), else WORKER_HEAP_FLAGS. */
export function workerEntry(
  dir: string,
  execArgv: readonly string[] = process.execArgv,
): { file: string; execArgv: string[] } {
  const user = execArgv.filter((a) => USER_HEAP_FLAG.test(a));
  const heap = user.length > 0 || USER_HEAP_FLAG.test(process.env.NODE_OPTIONS ?? "") ? user : WORKER_HEAP_FLAGS;
  return COMPILED
    ? { file: path.join(dir, "worker.js"), execArgv: [...heap] }
    : { file: path.join(dir, "worker.ts"), execArgv: [...heap, "--import", "tsx"] };
}
