// Puts each scenario test's timeline SVG into the Allure report: the SVG is copied into the allure-results
// directory as an attachment file and listed on the test's result (found by the `[id-<uuid>]` in its name), so
// `vftest report` shows the picture with the test. Runs after the run, when the timelines exist.

import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { uuidOf } from "./test-identity.js";

interface AllureResult {
  name?: string;
  attachments?: { name: string; source: string; type: string }[];
}

/** The allure-results directories of a run: its own and its parallel workers'. */
export function allureDirsOf(runDir: string): string[] {
  const dirs = [path.join(runDir, "allure-results")];
  const workers = path.join(runDir, "workers");
  if (fs.existsSync(workers)) {
    for (const w of fs.readdirSync(workers)) dirs.push(path.join(workers, w, "allure-results"));
  }
  return dirs.filter((d) => fs.existsSync(d));
}

/** `timelines`: UUID -> SVG path relative to runDir. Returns how many results got their timeline. */
export function attachTimelinesToAllure(runDir: string, timelines: ReadonlyMap<string, string>): number {
  let attached = 0;
  for (const dir of allureDirsOf(runDir)) {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith("-result.json"))) {
      const full = path.join(dir, file);
      const result = JSON.parse(fs.readFileSync(full, "utf8")) as AllureResult;
      const uuid = uuidOf(result.name ?? "");
      const svg = uuid ? timelines.get(uuid) : undefined;
      if (!svg || result.attachments?.some((a) => a.name === "timeline")) continue;
      const source = `${randomUUID()}-attachment.svg`;
      fs.copyFileSync(path.join(runDir, svg), path.join(dir, source));
      result.attachments = [...(result.attachments ?? []), { name: "timeline", source, type: "image/svg+xml" }];
      fs.writeFileSync(full, JSON.stringify(result));
      attached += 1;
    }
  }
  return attached;
}
