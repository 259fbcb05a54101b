// Writes one timeline SVG per scenario test that ran (`timelines/<uuid>.svg` in the run directory) and returns
// where each went, for summary.md and testr_results.html to link or embed.

import fs from "node:fs";
import path from "node:path";
import type { RunResults } from "./results-model.js";
import { requestLogsOf, requestsByTest, timelineData } from "./timeline-data.js";
import { renderTimelineSvg } from "./timeline-svg.js";

export const TIMELINE_DIR = "timelines";

/** UUID -> path of its SVG relative to the run directory. */
export function writeTimelines(runDir: string, results: RunResults): Map<string, string> {
  const written = new Map<string, string>();
  const scenario = results.tests.filter(
    (t) => t.uuid && t.kind === "test" && t.state !== "skipped" && t.tags.includes("scenario"),
  );
  if (scenario.length === 0) return written;
  const requests = requestsByTest(requestLogsOf(runDir));
  for (const t of scenario) {
    const mine = requests.get(t.uuid!);
    if (!mine?.length) continue;
    const data = timelineData(
      mine,
      results.checks.filter((c) => c.testUuid === t.uuid),
    );
    if (data.points.length === 0) continue;
    const rel = path.join(TIMELINE_DIR, `${t.uuid}.svg`);
    fs.mkdirSync(path.join(runDir, TIMELINE_DIR), { recursive: true });
    const name = t.id.replace(/^.*\.(\w+)\.(test_\w+)\[.*$/, "$1.$2");
    const failure =
      t.state === "failed" ? { at: Date.parse(t.finishedAt), message: t.error?.message ?? "(no message)" } : undefined;
    if (failure) data.end = Math.max(data.end, failure.at);
    fs.writeFileSync(path.join(runDir, rel), renderTimelineSvg(`${name} (${t.state})`, data, failure));
    written.set(t.uuid!, rel);
  }
  return written;
}
