// Where a test's overhead goes: the stretches of its wall time during which no simulated step was in progress (the
// complement of the critical path), each with the requests vftest made in it. The first request after a step ended
// is usually the poll that saw it: its delay is the poll's lag; what follows until the next step is the harness's
// own work (checks, SSH, bookkeeping). Printed by `npm run bench -- overhead --gaps`.

import type { RequestLogEntry } from "../../lib/clients/request-log.js";

export interface Gap {
  /** ms from the test's start. */
  from: number;
  to: number;
  /** Delay from the gap's start to the first request that started in it (ms), if any. */
  firstRequestAfter?: number;
  requests: string[];
}

/** The gaps (≥ `minMs`) of [from, to) outside `spans`, with the requests that started in each. */
export function gapsOf(
  from: number,
  to: number,
  spans: readonly { start: number; end: number }[],
  requests: readonly RequestLogEntry[],
  minMs = 5,
): Gap[] {
  const free: [number, number][] = [];
  let t = from;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start > t) free.push([t, Math.min(s.start, to)]);
    t = Math.max(t, s.end);
    if (t >= to) break;
  }
  if (t < to) free.push([t, to]);
  const starts = requests.map((r) => ({ at: Date.parse(r.ts), r })).sort((a, b) => a.at - b.at);
  return free
    .filter(([a, b]) => b - a >= minMs)
    .map(([a, b]) => {
      const inside = starts.filter((s) => s.at >= a && s.at < b);
      return {
        from: a - from,
        to: b - from,
        ...(inside[0] ? { firstRequestAfter: inside[0].at - a } : {}),
        requests: inside.map(
          (s) => `+${s.at - a} ${s.r.method} ${pathOf(s.r.url)} (${Math.round(s.r.duration_ms)} ms)`,
        ),
      };
    });
}

function pathOf(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/, "").replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "{id}");
}

/** Lines for one test: every gap with its length, then its requests. */
export function formatGaps(test: string, gaps: readonly Gap[]): string[] {
  const total = gaps.reduce((a, g) => a + (g.to - g.from), 0);
  const lag = gaps.reduce((a, g) => a + (g.firstRequestAfter ?? 0), 0);
  const lines = [
    `gaps ${test}: ${gaps.length} stretches outside the critical path, ${total} ms (${lag} ms before the first request of each)`,
  ];
  for (const g of gaps) {
    lines.push(`  ${g.from}..${g.to} ms: ${g.to - g.from} ms`);
    for (const r of g.requests) lines.push(`    ${r}`);
  }
  return lines;
}
