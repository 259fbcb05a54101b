// The host-pair matrix (`vftest run --host-pairs`): for each ordered pair of compute hosts, the outcome of its
// migrate+confirm and migrate+revert tests (state, duration, first line of the failure), and per host how its pairs
// went as source and as destination, so a host that breaks every pair it is part of stands out with the reason.
// Built from results.json alone (host-pair tests carry the "host-pair" tag and a title naming the pair), so
// `vftest report` renders it again from the same file. Written as host-pairs.json, host-pairs.html and a section
// of summary.md.

import { CHECK_LAYERS, type CheckLayer } from "../run/checks.js";
import { HOST_PAIR_TAG, parsePairTitle } from "../spec/host-pairs.js";
import { firstLine } from "./format.js";
import type { RunResults, TestResult, TestState } from "./results-model.js";

export type PairState = TestState | "not run";

export interface PairMove {
  state: PairState;
  durationMs?: number;
  /** First line of the failure (or the skip reason). */
  reason?: string;
  testId?: string;
  uuid?: string;
}

export interface PairRow {
  from: string;
  to: string;
  /** passed when both moves passed; failed when either failed; otherwise skipped or not run. */
  state: PairState;
  confirm: PairMove;
  revert: PairMove;
}

export interface HostRow {
  host: string;
  pairs: number;
  failed: number;
  /** Set when every pair this host is part of failed while some other pair passed: the host is the likely cause. */
  suspect?: string;
}

/** What the host-pair tests recorded per layer: checks made (ok, failed) and not made, with the first reason. */
export interface LayerRow {
  layer: CheckLayer;
  ok: number;
  failed: number;
  notChecked: number;
  reason?: string;
}

export interface HostPairMatrix {
  runId: string;
  /** Per layer, over every host-pair test: a layer with only "not checked" records is not certified. */
  layers: LayerRow[];
  result: "passed" | "failed" | "incomplete";
  hosts: string[];
  pairs: PairRow[];
  byHost: HostRow[];
}

const NOT_RUN: PairMove = { state: "not run" };

function moveOf(t: TestResult): PairMove {
  const reason =
    t.state === "failed"
      ? firstLine(t.error?.message ?? "(no error message)")
      : t.state === "skipped"
        ? t.skipReason
        : undefined;
  return {
    state: t.state,
    durationMs: t.durationMs,
    ...(reason ? { reason } : {}),
    testId: t.id,
    ...(t.uuid ? { uuid: t.uuid } : {}),
  };
}

function pairState(a: PairMove, b: PairMove): PairState {
  if (a.state === "failed" || b.state === "failed") return "failed";
  if (a.state === "passed" && b.state === "passed") return "passed";
  return a.state === "not run" || b.state === "not run" ? "not run" : "skipped";
}

/** The matrix, or undefined when the run had no host-pair test. */
export function buildHostPairMatrix(results: RunResults): HostPairMatrix | undefined {
  const rows = new Map<string, PairRow>();
  for (const t of results.tests) {
    if (t.kind !== "test" || !t.tags.includes(HOST_PAIR_TAG)) continue;
    const parsed = parsePairTitle(t.title);
    if (!parsed) continue;
    const { from, to } = parsed.pair;
    const end = parsed.end;
    const key = `${from}\u0000${to}`;
    const row = rows.get(key) ?? { from, to, state: "not run" as PairState, confirm: NOT_RUN, revert: NOT_RUN };
    row[end] = moveOf(t);
    rows.set(key, row);
  }
  if (rows.size === 0) return undefined;
  const pairs = [...rows.values()].sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1));
  for (const p of pairs) p.state = pairState(p.confirm, p.revert);
  const hosts = [...new Set(pairs.flatMap((p) => [p.from, p.to]))].sort();
  const anyPassed = pairs.some((p) => p.state === "passed");
  const byHost = hosts.map((host): HostRow => {
    const mine = pairs.filter((p) => p.from === host || p.to === host);
    const failed = mine.filter((p) => p.state === "failed");
    const row: HostRow = { host, pairs: mine.length, failed: failed.length };
    if (anyPassed && failed.length > 0 && failed.length === mine.length) {
      const first = failed.map((p) => (p.confirm.state === "failed" ? p.confirm : p.revert))[0];
      row.suspect = `every pair with ${host} failed, other pairs passed; first failure: ${first?.reason ?? "?"}`;
    }
    return row;
  });
  const result = pairs.some((p) => p.state === "failed")
    ? "failed"
    : pairs.every((p) => p.state === "passed")
      ? "passed"
      : "incomplete";
  const uuids = new Set(pairs.flatMap((p) => [p.confirm.uuid, p.revert.uuid]).filter((u) => u !== undefined));
  const checks = results.checks.filter((c) => uuids.has(c.testUuid));
  const layers = CHECK_LAYERS.map((layer): LayerRow => {
    const mine = checks.filter((c) => c.layer === layer);
    const outcome = (c: (typeof mine)[number]) => c.outcome ?? (c.ok ? "ok" : "failed");
    const skipped = mine.filter((c) => outcome(c) === "not-checked");
    return {
      layer,
      ok: mine.filter((c) => outcome(c) === "ok").length,
      failed: mine.filter((c) => outcome(c) === "failed").length,
      notChecked: skipped.length,
      ...(skipped[0]?.reason ? { reason: skipped[0].reason } : {}),
    };
  });
  return { runId: results.runId, layers, result, hosts, pairs, byHost };
}

const mdCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const secs = (ms?: number) => (ms === undefined ? "" : `${(ms / 1000).toFixed(1)} s`);
const moveCell = (m: PairMove) =>
  m.state === "passed"
    ? `pass (${secs(m.durationMs)})`
    : m.state === "failed"
      ? `**FAIL** (${secs(m.durationMs)})`
      : m.state;

/** "api 40 checks, …, host not checked (whitebox disabled)": what the certificate covers, per layer. */
export function layersLine(m: HostPairMatrix): string {
  return m.layers
    .map((l) => {
      if (l.ok + l.failed === 0) return `${l.layer} not checked${l.reason ? ` (${l.reason})` : ""}`;
      const extra = `${l.failed ? `, ${l.failed} failed` : ""}${l.notChecked ? `, ${l.notChecked} not checked` : ""}`;
      return `${l.layer} ${l.ok + l.failed} check(s)${extra}`;
    })
    .join("; ");
}

/** The summary.md section ("" when the run had no host-pair test). */
export function hostPairsMarkdown(m: HostPairMatrix | undefined): string {
  if (!m) return "";
  const passed = m.pairs.filter((p) => p.state === "passed").length;
  const out = [
    "## Host pairs",
    "",
    `${m.pairs.length} ordered pair(s) of ${m.hosts.length} host(s): ${passed} passed, ` +
      `${m.pairs.filter((p) => p.state === "failed").length} failed. Details: host-pairs.html, host-pairs.json.`,
    "",
    `Layers: ${layersLine(m)}.`,
    "",
    "| Source | Destination | Result | Migrate + confirm | Migrate + revert | First failure |",
    "|---|---|---|---|---|---|",
  ];
  for (const p of m.pairs) {
    const why = p.confirm.state === "failed" ? p.confirm.reason : p.revert.state === "failed" ? p.revert.reason : "";
    out.push(
      `| ${mdCell(p.from)} | ${mdCell(p.to)} | ${p.state} | ${moveCell(p.confirm)} | ${moveCell(p.revert)} | ${mdCell(why ?? "")} |`,
    );
  }
  out.push("");
  for (const h of m.byHost.filter((x) => x.suspect)) out.push(`- **${mdCell(h.host)}**: ${mdCell(h.suspect ?? "")}`);
  return `${out.join("\n").trimEnd()}\n`;
}
