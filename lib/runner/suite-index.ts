// The suite index: every test of the default suite files (id, uuid, titles, tags), written into dist/ by the build
// (scripts/build.mjs) after the compile. `vftest list` reads it instead of importing every suite file (and with
// them the clients, ssh2 and the fixtures), which is most of its time and memory. Used only when running compiled
// (so no source is newer than the build), from the package root, and for suite files whose compiled twin is fresh;
// anything else loads the suite as before.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { COMPILED, compiledTwin } from "./compiled.js";
import { DEFAULT_SUITE_DIRS, findSuiteFiles, type ListedTest, loadSuite } from "./select.js";

/** dist/suite-index.json, next to the compiled lib/. */
const INDEX_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../suite-index.json");
/** The package root (the repository): dist/.. */
const PACKAGE_ROOT = path.resolve(path.dirname(INDEX_FILE), "..");

interface IndexDoc {
  /** Suite file path relative to the package root → its tests (file relative too). */
  files: Record<string, ListedTest[]>;
}

/** The listed tests of `files` from the index, or undefined when the index cannot answer for all of them. */
export function readSuiteIndex(files: readonly string[], rootDir: string): ListedTest[] | undefined {
  if (!COMPILED || path.resolve(rootDir) !== PACKAGE_ROOT) return undefined;
  let doc: IndexDoc;
  try {
    doc = JSON.parse(fs.readFileSync(INDEX_FILE, "utf8")) as IndexDoc;
  } catch {
    return undefined;
  }
  const out: ListedTest[] = [];
  for (const f of files) {
    const rel = path.relative(PACKAGE_ROOT, f);
    const tests = doc.files[rel];
    if (!tests || compiledTwin(f, PACKAGE_ROOT) === undefined) return undefined;
    for (const t of tests) out.push({ ...t, file: path.join(PACKAGE_ROOT, t.file ?? rel) });
  }
  return out;
}

/** Loads the default suite files (compiled) and writes the index; returns the number of tests. */
export async function writeSuiteIndex(rootDir: string = PACKAGE_ROOT): Promise<number> {
  const files = findSuiteFiles(
    DEFAULT_SUITE_DIRS.filter((d) => fs.existsSync(path.join(rootDir, d))),
    rootDir,
  );
  const { tests } = await loadSuite({ files, rootDir });
  const doc: IndexDoc = { files: Object.fromEntries(files.map((f) => [path.relative(rootDir, f), []])) };
  for (const { test: _mocha, ...t } of tests) {
    const rel = t.file ? path.relative(rootDir, t.file) : undefined;
    if (rel === undefined || !doc.files[rel]) continue;
    doc.files[rel].push({ ...t, file: rel, tags: [...t.tags] });
  }
  fs.writeFileSync(INDEX_FILE, `${JSON.stringify(doc)}\n`);
  return tests.length;
}
