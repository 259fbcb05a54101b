// JUnit XML from results.json (one <testsuite>, classname = module + describes, as subunit2junitxml does), and
// merging several JUnit documents (mocha's xunit or ours) into one <testsuites> for parallel runs.

import { NO_REASON } from "../run/skips.js";
import { firstLine, seconds, escapeXml as x } from "./format.js";
import type { RunResults } from "./results-model.js";

export function renderJunit(results: RunResults, suiteName = "vftest"): string {
  const t = results.totals;
  const cases = results.tests.map((r) => {
    const open = `  <testcase classname="${x(r.classId)}" name="${x(r.title)}" time="${seconds(r.durationMs)}"`;
    if (r.state === "passed") return `${open}/>`;
    if (r.state === "skipped")
      return `${open}>\n    <skipped message="${x(r.skipReason ?? NO_REASON)}"/>\n  </testcase>`;
    const message = firstLine(r.error?.message ?? "failed");
    const body = r.error?.stack ?? r.error?.message ?? "";
    return `${open}>\n    <failure message="${x(message)}" type="Error">${x(body)}</failure>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${x(suiteName)}" tests="${t.total}" failures="${t.failed}" errors="0" skipped="${t.skipped}" ` +
      `time="${seconds(results.durationMs)}" timestamp="${x(results.startedAt)}">`,
    ...cases,
    "</testsuite>",
    "",
  ].join("\n");
}

const SUITE = /<testsuite\b[^>]*?(?:\/>|>[\s\S]*?<\/testsuite>)/g;

function attr(tag: string, name: string): number {
  const m = new RegExp(`\\s${name}="([0-9.]+)"`).exec(tag);
  return m ? Number(m[1]) : 0;
}

/** Wraps every <testsuite> of the given documents into one <testsuites> with summed counts. */
export function mergeJunit(documents: readonly string[], name = "vftest"): string {
  const suites = documents.flatMap((d) => d.match(SUITE) ?? []);
  const heads = suites.map((s) => /<testsuite\b[^>]*>/.exec(s)?.[0] ?? "");
  const sum = (a: string) => heads.reduce((n, hd) => n + attr(hd, a), 0);
  const time = Math.max(0, ...heads.map((hd) => attr(hd, "time")));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(name)}" tests="${sum("tests")}" failures="${sum("failures")}" errors="${sum("errors")}" ` +
      `skipped="${sum("skipped")}" time="${time.toFixed(3)}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
