// testr_results.html in the spirit of os-testr's subunit2html (what devstack/Zuul jobs link as "testr_results"):
// one self-contained page with the totals, a table per test class (module + describes) with pass/fail/skip counts,
// each test's status and duration, failure tracebacks collapsible, and skip reasons. Rendered from results.json.
import fs from "node:fs";
import path from "node:path";
import { NO_REASON } from "../run/skips.js";
import { formatElapsed, escapeHtml as h, seconds } from "./format.js";
import type { RunResults, TestResult } from "./results-model.js";

const STYLE = `
body { font-family: sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } .meta { color: #555; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; font-size: 0.9em; }
th { background: #eee; } tr.class-row td { background: #f4f4f4; font-weight: bold; }
.passed { color: #1a7f37; } .failed { color: #cf222e; font-weight: bold; } .skipped { color: #9a6700; }
td.num { text-align: right; width: 4em; } pre { white-space: pre-wrap; margin: 0.4em 0; font-size: 0.85em; }
details summary { cursor: pointer; }
`;

function statusCell(t: TestResult): string {
  const label = t.state === "passed" ? "pass" : t.state === "failed" ? "fail" : "skip";
  return `<span class="${t.state}">${label}</span>`;
}

/** The scenario timeline (inline SVG) and the step log, folded, under the test's detail. */
function extrasOf(t: TestResult, svgOf: SvgOf): string {
  const svg = t.uuid ? svgOf(t.uuid) : undefined;
  const parts = [
    svg ? `<details><summary>timeline</summary><div class="timeline">${svg}</div></details>` : "",
    t.log?.length
      ? `<details><summary>step log (${t.log.length} lines)</summary><pre>${h(t.log.join("\n"))}</pre></details>`
      : "",
  ];
  return parts.join("");
}

function detailCell(t: TestResult): string {
  if (t.state === "failed") {
    const rid = t.error?.requestId ? `<div>request id: <code>${h(t.error.requestId)}</code></div>` : "";
    const trace = t.error?.stack ?? t.error?.message ?? "(no error message)";
    const first = trace.split("\n")[0] ?? "";
    return `${rid}<details><summary>${h(first)}</summary><pre>${h(trace)}</pre></details>`;
  }
  if (t.state === "skipped") return `<span class="skipped">${h(t.skipReason ?? NO_REASON)}</span>`;
  return "";
}

/** UUID -> SVG text of the test's timeline, or undefined when it has none. */
export type SvgOf = (uuid: string) => string | undefined;

/**
 * The page in pieces (the head, then one table row at a time, then the foot), so a writer can put each piece on
 * disk as it comes: the page embeds every timeline SVG and step log, and building it as one string at the end of
 * a run would cost the process several times its size at its peak.
 */
function* testrHtmlParts(results: RunResults, svgOf: SvgOf): Generator<string> {
  const classes = new Map<string, TestResult[]>();
  for (const t of results.tests) {
    const list = classes.get(t.classId);
    if (list) list.push(t);
    else classes.set(t.classId, [t]);
  }
  const tot = results.totals;
  const status = tot.failed > 0 ? "FAILED" : "PASSED";
  yield `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>vftest results ${h(results.runId)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>vftest test results: <span class="${tot.failed > 0 ? "failed" : "passed"}">${status}</span></h1>
<p class="meta">Run <code>${h(results.runId)}</code>, started ${h(results.startedAt)}, duration ${formatElapsed(results.durationMs)}, ${results.workers} worker(s).</p>
<p class="meta">Status: ${tot.total} tests, <span class="passed">${tot.passed} passed</span>, <span class="failed">${tot.failed} failed</span>, <span class="skipped">${tot.skipped} skipped</span>${tot.skippedWithoutReason > 0 ? ` (${tot.skippedWithoutReason} ${NO_REASON})` : ""}</p>
<table>
<thead><tr><th>Test class / test</th><th>Count / time</th><th>Pass</th><th>Fail</th><th>Skip</th><th>Detail</th></tr></thead>
<tbody>
`;
  let first = true;
  for (const [classId, tests] of [...classes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const n = (s: TestResult["state"]) => tests.filter((t) => t.state === s).length;
    yield `${first ? "" : "\n"}<tr class="class-row"><td>${h(classId)}</td><td class="num">${tests.length}</td>` +
      `<td class="num">${n("passed")}</td><td class="num">${n("failed")}</td><td class="num">${n("skipped")}</td><td></td></tr>`;
    first = false;
    for (const t of tests) {
      yield `\n<tr id="${h(t.id)}"><td>&nbsp;&nbsp;${h(t.title)}</td><td class="num">${seconds(t.durationMs)}s</td>` +
        `<td colspan="3">${statusCell(t)}</td><td>${detailCell(t)}${extrasOf(t, svgOf)}</td></tr>`;
    }
  }
  yield `
</tbody>
<tfoot><tr><td>Total</td><td class="num">${tot.total}</td><td class="num">${tot.passed}</td><td class="num">${tot.failed}</td><td class="num">${tot.skipped}</td><td></td></tr></tfoot>
</table>
</body>
</html>
`;
}

/** `timelines`: UUID -> SVG text of the test's timeline, embedded under its row. */
export function renderTestrHtml(results: RunResults, timelines: ReadonlyMap<string, string> = new Map()): string {
  return [...testrHtmlParts(results, (uuid) => timelines.get(uuid))].join("");
}

/** Writes testr_results.html (creating its directory) piece by piece; `svgOf` is asked for each test's SVG in turn. */
export function writeTestrHtml(file: string, results: RunResults, svgOf: SvgOf = () => undefined): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "w");
  try {
    for (const part of testrHtmlParts(results, svgOf)) fs.writeSync(fd, part);
  } finally {
    fs.closeSync(fd);
  }
}
