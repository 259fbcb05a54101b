// One scenario test as a picture (SVG, no library): per server a row of its status and a row of its host over
// time, the move requests (migrate, resize, confirm, revert, stop, start) as dashed lines, the window between a
// move and its confirm/revert shaded, and every recorded check as a marker on its layer's row (✓ ok, ✗ failed,
// – not checked; hover shows what, where and the phase). Drawn from timeline-data.ts.

import { CHECK_LAYERS } from "../run/checks.js";
import { escapeXml } from "./format.js";
import type { TimelineData } from "./timeline-data.js";

const LEFT = 170;
const WIDTH = 1100;
const ROW = 28;
const TOP = 46;
const PLOT = WIDTH - LEFT - 20;

const STATUS_FILL: Record<string, string> = {
  ACTIVE: "#4caf50",
  SHUTOFF: "#9e9e9e",
  BUILD: "#64b5f6",
  RESIZE: "#ffb74d",
  REVERT_RESIZE: "#ffb74d",
  VERIFY_RESIZE: "#ffd54f",
  ERROR: "#e53935",
};
const HOST_FILLS = ["#b3e5fc", "#d1c4e9", "#c8e6c9", "#ffe0b2", "#f8bbd0"];

interface Segment {
  from: number;
  to: number;
  label: string;
  fill: string;
}

/** Runs of equal values over time; each lasts until the next change (the last until `end`). */
function segments<T>(points: readonly { t: number; v: T }[], end: number): { from: number; to: number; v: T }[] {
  const out: { from: number; to: number; v: T }[] = [];
  for (const p of points) {
    const last = out.at(-1);
    if (last && last.v === p.v) continue;
    if (last) last.to = p.t;
    out.push({ from: p.t, to: end, v: p.v });
  }
  return out;
}

function niceStep(spanS: number): number {
  for (const s of [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600]) if (spanS / s <= 12) return s;
  return 1200;
}

/** `failure`: when the test failed and why; drawn as a red line across every row. */
export function renderTimelineSvg(title: string, d: TimelineData, failure?: { at: number; message: string }): string {
  const span = Math.max(1, d.end - d.start);
  const x = (t: number) => LEFT + ((t - d.start) / span) * PLOT;
  const servers = [...new Set(d.points.map((p) => p.server))];
  const rows: { label: string; segments?: Segment[] }[] = [];
  const hosts = [...new Set(d.points.flatMap((p) => (p.host ? [p.host] : [])))];
  for (const s of servers) {
    const mine = d.points.filter((p) => p.server === s);
    const status = segments(
      mine.map((p) => ({ t: p.t, v: p.status })),
      mine.at(-1)!.t,
    );
    rows.push({
      label: `server ${s.slice(0, 8)} status`,
      segments: status.map((g) => ({ ...g, label: g.v, fill: STATUS_FILL[g.v] ?? "#bdbdbd" })),
    });
    const known = mine.flatMap((p) => (p.host ? [{ t: p.t, v: p.host }] : []));
    rows.push({
      label: `server ${s.slice(0, 8)} host`,
      segments: segments(known, mine.at(-1)!.t).map((g) => ({
        ...g,
        label: g.v,
        fill: HOST_FILLS[hosts.indexOf(g.v) % HOST_FILLS.length]!,
      })),
    });
  }
  const movesRow = rows.length;
  rows.push({ label: "requests" });
  const layerRow = new Map(CHECK_LAYERS.map((l, i) => [l, rows.length + i]));
  for (const l of CHECK_LAYERS) rows.push({ label: `checks: ${l}` });
  const height = TOP + rows.length * ROW + 40;
  const y = (row: number) => TOP + row * ROW;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  );
  // the window between a move and its confirm/revert
  const starts = d.moves.filter((m) => m.action === "migrate" || m.action === "resize");
  for (const m of starts) {
    const end = d.moves.find((e) => e.t > m.t && (e.action === "confirmResize" || e.action === "revertResize"));
    const x1 = x(m.t);
    const x2 = x(end?.t ?? d.end);
    out.push(
      `<rect x="${x1.toFixed(1)}" y="${TOP - 6}" width="${Math.max(1, x2 - x1).toFixed(1)}" height="${rows.length * ROW + 6}" fill="#fff8e1"/>`,
      `<text x="${(x1 + 4).toFixed(1)}" y="${TOP - 10}" fill="#8d6e00">VERIFY_RESIZE window</text>`,
    );
  }
  rows.forEach((r, i) => {
    out.push(
      `<text x="10" y="${y(i) + ROW / 2 + 4}">${escapeXml(r.label)}</text>`,
      `<line x1="${LEFT}" x2="${LEFT + PLOT}" y1="${y(i) + ROW}" y2="${y(i) + ROW}" stroke="#eeeeee"/>`,
    );
    for (const g of r.segments ?? []) {
      const x1 = x(g.from);
      const w = Math.max(2, x(g.to) - x1);
      out.push(
        `<g><title>${escapeXml(`${g.label}: ${((g.from - d.start) / 1000).toFixed(2)}s – ${((g.to - d.start) / 1000).toFixed(2)}s`)}</title>`,
        `<rect x="${x1.toFixed(1)}" y="${y(i) + 4}" width="${w.toFixed(1)}" height="${ROW - 8}" fill="${g.fill}" stroke="#ffffff"/>`,
        w > g.label.length * 7.5 + 6
          ? `<text x="${(x1 + 3).toFixed(1)}" y="${y(i) + ROW / 2 + 4}">${escapeXml(g.label)}</text></g>`
          : "</g>",
      );
    }
  });
  d.moves.forEach((m, i) => {
    const mx = x(m.t).toFixed(1);
    const labelY = y(movesRow) + (i % 2 === 0 ? 24 : 12);
    out.push(
      `<g><title>${escapeXml(`${m.action} -> ${m.status}${m.requestId ? ` (${m.requestId})` : ""}`)}</title>`,
      `<line x1="${mx}" x2="${mx}" y1="${TOP}" y2="${y(rows.length)}" stroke="#37474f" stroke-dasharray="4 3"/>`,
      `<polygon points="${mx},${y(movesRow) + 6} ${Number(mx) - 5},${y(movesRow) + 16} ${Number(mx) + 5},${y(movesRow) + 16}" fill="#37474f"/>`,
      `<text x="${Number(mx) + 6}" y="${labelY}">${escapeXml(m.action)}</text></g>`,
    );
  });
  for (const c of d.checks) {
    const t = Date.parse(c.at ?? "");
    const row = layerRow.get(c.layer);
    if (Number.isNaN(t) || row === undefined) continue;
    const cx = x(t).toFixed(1);
    const cy = y(row) + ROW / 2;
    const outcome = c.outcome ?? (c.ok ? "ok" : "failed");
    const tip = `${outcome}: ${c.what}${c.host ? ` on ${c.host}` : ""}${c.phase ? ` [${c.phase}]` : ""}${c.reason ? ` — ${c.reason}` : ""}`;
    const mark =
      outcome === "ok"
        ? `<circle cx="${cx}" cy="${cy}" r="5" fill="#2e7d32"/>`
        : outcome === "failed"
          ? `<path d="M${Number(cx) - 5},${cy - 5} l10,10 m0,-10 l-10,10" stroke="#c62828" stroke-width="3"/>`
          : `<rect x="${Number(cx) - 5}" y="${cy - 1.5}" width="10" height="3" fill="#757575"/>`;
    out.push(`<g><title>${escapeXml(tip)}</title>${mark}</g>`);
  }
  if (failure) {
    const fx = x(Math.min(Math.max(failure.at, d.start), d.end)).toFixed(1);
    out.push(
      `<g><title>${escapeXml(`test failed: ${failure.message}`)}</title>`,
      `<line x1="${fx}" x2="${fx}" y1="${TOP - 6}" y2="${y(rows.length)}" stroke="#c62828" stroke-width="2"/>`,
      `<text x="${Number(fx) - 4}" y="${TOP - 10}" text-anchor="end" fill="#c62828">test failed ✗</text></g>`,
    );
  }
  const axisY = y(rows.length) + 4;
  const step = niceStep(span / 1000);
  for (let s = 0; s <= span / 1000 + 1e-9; s += step) {
    const tx = x(d.start + s * 1000).toFixed(1);
    out.push(
      `<line x1="${tx}" x2="${tx}" y1="${axisY}" y2="${axisY + 5}" stroke="#000000"/>`,
      `<text x="${tx}" y="${axisY + 17}" text-anchor="middle">${Number(s.toFixed(1))}s</text>`,
    );
  }
  out.push(
    `<text x="${WIDTH - 20}" y="20" text-anchor="end" fill="#555555">● ok   ✗ failed   – not checked   (hover for details)</text>`,
    "</svg>",
    "",
  );
  return out.join("\n");
}
