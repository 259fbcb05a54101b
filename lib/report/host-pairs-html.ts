// host-pairs.html: the page a vendor attaches to a certification. A source × destination grid (each cell: the
// confirm and revert outcome), one row per pair with durations and the first line of each failure, and the hosts
// whose every pair failed. Self-contained (no scripts, no external assets). Also writes host-pairs.json.

import fs from "node:fs";
import path from "node:path";
import { escapeHtml as h } from "./format.js";
import { buildHostPairMatrix, type HostPairMatrix, layersLine, type PairMove, type PairRow } from "./host-pairs.js";
import type { RunResults } from "./results-model.js";

const STYLE = `
body { font-family: sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } .meta { color: #555; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; font-size: 0.9em; }
th { background: #eee; } td.self { background: #f4f4f4; }
.passed { color: #1a7f37; } .failed { color: #cf222e; font-weight: bold; } .skipped, .not-run { color: #9a6700; }
`;

const cls = (s: string) => s.replace(" ", "-");
const secs = (ms?: number) => (ms === undefined ? "" : `${(ms / 1000).toFixed(1)} s`);

function move(m: PairMove): string {
  const label = m.state === "passed" ? "pass" : m.state === "failed" ? "FAIL" : m.state;
  return `<span class="${cls(m.state)}">${label}</span>${m.durationMs !== undefined ? ` ${secs(m.durationMs)}` : ""}`;
}

function grid(m: HostPairMatrix): string {
  const find = (from: string, to: string): PairRow | undefined => m.pairs.find((p) => p.from === from && p.to === to);
  const head = `<tr><th>source \\ destination</th>${m.hosts.map((x) => `<th>${h(x)}</th>`).join("")}</tr>`;
  const rows = m.hosts.map((from) => {
    const cells = m.hosts.map((to) => {
      if (from === to) return `<td class="self"></td>`;
      const p = find(from, to);
      if (!p) return "<td>not requested</td>";
      return `<td>confirm ${move(p.confirm)}<br>revert ${move(p.revert)}</td>`;
    });
    return `<tr><th>${h(from)}</th>${cells.join("")}</tr>`;
  });
  return `<table>${head}${rows.join("")}</table>`;
}

function details(m: HostPairMatrix): string {
  const rows = m.pairs.flatMap((p) =>
    (["confirm", "revert"] as const).map(
      (end) =>
        `<tr><td>${h(p.from)}</td><td>${h(p.to)}</td><td>migrate + ${end}</td><td>${move(p[end])}</td>` +
        `<td>${h(p[end].reason ?? "")}</td><td><code>${h(p[end].uuid ?? "")}</code></td></tr>`,
    ),
  );
  return (
    "<table><tr><th>Source</th><th>Destination</th><th>Move</th><th>Result</th><th>First line of the failure</th>" +
    `<th>Test id</th></tr>${rows.join("")}</table>`
  );
}

export function renderHostPairsHtml(m: HostPairMatrix): string {
  const passed = m.pairs.filter((p) => p.state === "passed").length;
  const failed = m.pairs.filter((p) => p.state === "failed").length;
  const suspects = m.byHost.filter((x) => x.suspect);
  const suspectList = suspects.length
    ? `<h2>Hosts that broke every pair</h2><ul>${suspects.map((x) => `<li><b>${h(x.host)}</b>: ${h(x.suspect ?? "")}</li>`).join("")}</ul>`
    : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>vftest host pairs ${h(m.runId)}</title><style>${STYLE}</style></head>
<body>
<h1>vftest host-pair certificate: <span class="${m.result === "passed" ? "passed" : "failed"}">${m.result.toUpperCase()}</span></h1>
<p class="meta">Run ${h(m.runId)}. ${m.pairs.length} ordered pair(s) of ${m.hosts.length} compute host(s): ${passed} passed,
${failed} failed. Each pair: a server with a Manila share (virtiofs) on the source, cold migrated to the destination
(targeted migration), then confirmed, and in a second test reverted, with the layers below checked after each step.</p>
<p>Layers: ${h(layersLine(m))}.</p>
${grid(m)}
${suspectList}
<h2>Every move</h2>
${details(m)}
</body></html>
`;
}

/** Writes host-pairs.json and host-pairs.html into the run directory when the run had host-pair tests. */
export function writeHostPairFiles(runDir: string, results: RunResults): HostPairMatrix | undefined {
  const m = buildHostPairMatrix(results);
  if (!m) return undefined;
  fs.writeFileSync(path.join(runDir, "host-pairs.json"), `${JSON.stringify(m, null, 2)}\n`);
  fs.writeFileSync(path.join(runDir, "host-pairs.html"), renderHostPairsHtml(m));
  return m;
}
