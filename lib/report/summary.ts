// The one-page run summary (summary.md + summary.json): the page a Nova reviewer or a vendor reads first.
// Totals, every spec behaviour as verified / failed / skipped (with the reason) / not run, what was checked on
// which host, failures with their first message line and request id, and skips with their reasons.
import fs from "node:fs";
import path from "node:path";
import type { CheckOutcome, CheckRecord } from "../run/checks.js";
import { NO_REASON } from "../run/skips.js";
import { firstLine, formatElapsed } from "./format.js";
import type { RunResults, TestResult, Totals } from "./results-model.js";
import {
  renderTraceability,
  type SpecBehaviour,
  type TestOutcome,
  traceabilityMarkdown,
  type Verdict,
} from "./traceability.js";

export interface SummaryJson {
  runId: string;
  result: "passed" | "failed";
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  workers: number;
  totals: Totals;
  behaviours: {
    id: string;
    statement: string;
    specRef: string;
    verdict: Verdict;
    /** The layers that proved it and those not checked, e.g. "API, guest, Manila — hosts not checked (...)". */
    layers?: string;
    reason?: string;
    testIds: string[];
  }[];
  hosts: { host: string; checks: (CheckRecord & { testId?: string })[] }[];
  failures: { id: string; uuid?: string; message: string; requestId?: string }[];
  skipped: { id: string; uuid?: string; reason: string }[];
  warnings: string[];
}

const NO_HOST = "(API and Manila, no host)";

/** A record's outcome (older results.json carry only `ok`). */
function outcomeOf(c: CheckRecord): CheckOutcome {
  return c.outcome ?? (c.ok ? "ok" : "failed");
}

function resultCell(c: CheckRecord): string {
  const o = outcomeOf(c);
  if (o === "not-checked") return `not checked: ${md(c.reason ?? "no reason given")}`;
  return o === "ok" ? "ok" : "**FAILED**";
}

function md(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function buildSummary(results: RunResults, behaviours: SpecBehaviour[]): SummaryJson {
  const outcomes = new Map<string, TestOutcome>();
  const reasons = new Map<string, string>();
  const byUuid = new Map<string, TestResult>();
  for (const t of results.tests) {
    if (!t.uuid) continue;
    byUuid.set(t.uuid, t);
    // One UUID seen twice (e.g. merged workers) keeps the worst outcome.
    const prev = outcomes.get(t.uuid);
    if (prev !== "failed" && !(prev === "passed" && t.state === "skipped")) outcomes.set(t.uuid, t.state);
    if (t.state === "skipped") reasons.set(t.uuid, t.skipReason ?? NO_REASON);
  }
  const { rows } = renderTraceability(behaviours, outcomes, reasons, results.checks);
  const hostNames = [...new Set(results.checks.map((c) => c.host ?? NO_HOST))].sort((a, b) =>
    a === NO_HOST ? 1 : b === NO_HOST ? -1 : a.localeCompare(b),
  );
  const warnings: string[] = [];
  const unexplained = results.tests.filter((t) => t.state === "skipped" && t.skipReason === undefined);
  if (unexplained.length > 0) {
    warnings.push(
      `${unexplained.length} test(s) ${NO_REASON} (a reporting failure): ${unexplained.map((t) => t.id).join(", ")}`,
    );
  }
  const leaked = results.checks.filter((c) => c.leak);
  if (leaked.length > 0) {
    warnings.push(
      `LEAK: ${leaked.length} leftover(s) a teardown had to remove (leaks.json): ${leaked.map((c) => `${c.what} [share ${c.share}]`).join("; ")}`,
    );
  }
  const known = new Set(behaviours.flatMap((b) => b.testIds));
  const untraced = results.tests.filter((t) => t.kind === "test" && t.uuid && !known.has(t.uuid));
  if (behaviours.length > 0 && untraced.length > 0) {
    warnings.push(`${untraced.length} test(s) cover no spec behaviour: ${untraced.map((t) => t.uuid).join(", ")}`);
  }
  return {
    runId: results.runId,
    result: results.totals.failed > 0 || leaked.length > 0 ? "failed" : "passed",
    startedAt: results.startedAt,
    finishedAt: results.finishedAt,
    durationMs: results.durationMs,
    workers: results.workers,
    totals: results.totals,
    behaviours: rows.map((r) => ({
      id: r.behaviour.id,
      statement: r.behaviour.statement,
      specRef: r.behaviour.specRef,
      verdict: r.verdict,
      ...(r.layers ? { layers: r.layers } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      testIds: r.behaviour.testIds,
    })),
    hosts: hostNames.map((host) => ({
      host,
      checks: results.checks
        .filter((c) => (c.host ?? NO_HOST) === host)
        .map((c) => {
          const testId = byUuid.get(c.testUuid)?.id;
          return testId ? { ...c, testId } : { ...c };
        }),
    })),
    failures: results.tests
      .filter((t) => t.state === "failed")
      .map((t) => ({
        id: t.id,
        ...(t.uuid ? { uuid: t.uuid } : {}),
        message: firstLine(t.error?.message ?? "(no message)"),
        ...(t.error?.requestId ? { requestId: t.error.requestId } : {}),
      })),
    skipped: results.tests
      .filter((t) => t.state === "skipped")
      .map((t) => ({ id: t.id, ...(t.uuid ? { uuid: t.uuid } : {}), reason: t.skipReason ?? NO_REASON })),
    warnings,
  };
}

export function renderSummaryMarkdown(s: SummaryJson): string {
  const t = s.totals;
  const out: string[] = [];
  out.push(`# vftest run ${s.runId}: ${s.result === "passed" ? "PASSED" : "FAILED"}`, "");
  out.push(
    `${t.total} tests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped` +
      `${t.skippedWithoutReason > 0 ? ` (${t.skippedWithoutReason} without a reason)` : ""}` +
      ` in ${formatElapsed(s.durationMs)} on ${s.workers} worker(s); started ${s.startedAt}.`,
    "",
  );
  out.push("## Spec behaviours", "");
  if (s.behaviours.length === 0) out.push("_No traceability table was given._", "");
  else {
    const count = (v: Verdict) => s.behaviours.filter((b) => b.verdict === v).length;
    const qualified = (["partly verified", "verified on the embedded cloud only"] as const)
      .filter((v) => count(v) > 0)
      .map((v) => `, ${count(v)} ${v}`)
      .join("");
    out.push(
      `${count("verified")} verified${qualified}, ${count("failed")} failed, ${count("skipped")} skipped, ${count("not run")} not run.`,
      "",
    );
    const rows = s.behaviours.map(({ verdict, reason, layers, ...behaviour }) => ({
      behaviour,
      verdict,
      ...(reason ? { reason } : {}),
      ...(layers ? { layers } : {}),
    }));
    out.push(traceabilityMarkdown(rows));
  }
  out.push("## What was checked, by host", "");
  if (s.hosts.length === 0) out.push("_No test recorded a check._", "");
  for (const h of s.hosts) {
    const bad = h.checks.filter((c) => outcomeOf(c) === "failed").length;
    const skipped = h.checks.filter((c) => outcomeOf(c) === "not-checked").length;
    const notes = `${bad > 0 ? `, ${bad} failed` : ""}${skipped > 0 ? `, ${skipped} not checked` : ""}`;
    out.push(`### ${h.host} (${h.checks.length - skipped} check(s)${notes})`, "");
    out.push("| Layer | What | Server | Share | Result | Test |", "|---|---|---|---|---|---|");
    for (const c of h.checks) {
      out.push(
        `| ${c.layer} | ${md(c.what)} | ${md(c.server ?? "")} | ${md(c.share ?? "")} | ${resultCell(c)} | ${md(c.testUuid)} |`,
      );
    }
    out.push("");
  }
  out.push("## Failures", "");
  if (s.failures.length === 0) out.push("None.", "");
  for (const f of s.failures) {
    const rid = f.requestId && !f.message.includes(f.requestId) ? ` (request id \`${f.requestId}\`)` : "";
    out.push(`- \`${f.id}\`: ${md(f.message)}${rid}`);
  }
  if (s.failures.length > 0) out.push("");
  out.push("## Skipped", "");
  if (s.skipped.length === 0) out.push("None.", "");
  for (const k of s.skipped) out.push(`- \`${k.id}\`: ${md(k.reason)}`);
  if (s.skipped.length > 0) out.push("");
  if (s.warnings.length > 0) {
    out.push("## Warnings", "", ...s.warnings.map((w) => `- ${md(w)}`), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** Writes summary.md and summary.json into the run directory; returns the summary. */
export function writeSummary(runDir: string, results: RunResults, behaviours: SpecBehaviour[]): SummaryJson {
  const summary = buildSummary(results, behaviours);
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(path.join(runDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  fs.writeFileSync(path.join(runDir, "summary.md"), renderSummaryMarkdown(summary));
  return summary;
}
