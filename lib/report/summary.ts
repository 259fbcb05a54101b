// The one-page run summary (summary.md + summary.json): the page a Nova reviewer or a vendor reads first.
// It opens with the verdict and the failures (message, step, diagnostics), then the environment, every spec
// behaviour as verified / failed / skipped (with the reason) / not run with links to its tests, the scenario
// timelines, the behaviour × host × layer matrix of checks by phase, and skips with their reasons.
import fs from "node:fs";
import path from "node:path";
import type { CheckRecord } from "../run/checks.js";
import { NO_REASON } from "../run/skips.js";
import { firstLine, formatElapsed } from "./format.js";
import { hostPairsMarkdown } from "./host-pairs.js";
import { writeHostPairFiles } from "./host-pairs-html.js";
import { writeJsonFile } from "./json-file.js";
import type { RunResults, TestResult, Totals } from "./results-model.js";
import {
  checkMatrixLines,
  type Environment,
  environmentLines,
  readEnvironment,
  shortName,
  testLink,
} from "./summary-sections.js";
import { writeTimelines } from "./timelines.js";
import {
  renderTraceability,
  requireLayerChecks,
  type SpecBehaviour,
  type TestOutcome,
  VERDICT_LABEL,
  type Verdict,
} from "./traceability.js";

export interface SummaryContext {
  /** The run directory (links in summary.md are relative to it). */
  runDir: string;
  vftestVersion?: string;
  environment?: Environment;
  /** UUID -> timeline SVG path relative to runDir. */
  timelines: ReadonlyMap<string, string>;
}

export interface SummaryJson {
  runId: string;
  /** "interrupted": no failure, but tests the run never started (notRun). */
  result: "passed" | "failed" | "interrupted";
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
  failures: { id: string; uuid?: string; message: string; requestId?: string; step?: string; diagnostics?: string }[];
  vftestVersion?: string;
  environment?: Environment;
  timelines: Record<string, string>;
  skipped: { id: string; uuid?: string; reason: string }[];
  notRun?: { id: string; uuid?: string; reason: string }[];
  warnings: string[];
}

const NO_HOST = "(API and Manila, no host)";

const EMPTY_CONTEXT: SummaryContext = { runDir: ".", timelines: new Map() };

export function buildSummary(
  results: RunResults,
  behaviours: SpecBehaviour[],
  ctx: SummaryContext = EMPTY_CONTEXT,
): SummaryJson {
  const outcomes = new Map<string, TestOutcome>();
  const reasons = new Map<string, string>();
  const byUuid = new Map<string, TestResult>();
  for (const t of results.tests) {
    if (!t.uuid || t.notRun) continue;
    byUuid.set(t.uuid, t);
    // One UUID seen twice (e.g. merged workers) keeps the worst outcome.
    const prev = outcomes.get(t.uuid);
    if (prev !== "failed" && !(prev === "passed" && t.state === "skipped")) outcomes.set(t.uuid, t.state);
    if (t.state === "skipped") reasons.set(t.uuid, t.skipReason ?? NO_REASON);
  }
  const rows = requireLayerChecks(
    renderTraceability(behaviours, outcomes, reasons, results.checks).rows,
    results.checks,
  );
  const hostNames = [...new Set(results.checks.map((c) => c.host ?? NO_HOST))].sort((a, b) =>
    a === NO_HOST ? 1 : b === NO_HOST ? -1 : a < b ? -1 : a > b ? 1 : 0,
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
    result:
      results.totals.failed > 0 || leaked.length > 0
        ? "failed"
        : (results.totals.notRun ?? 0) > 0
          ? "interrupted"
          : "passed",
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
        ...(t.step ? { step: t.step } : {}),
        ...(t.diagnostics ? { diagnostics: path.relative(ctx.runDir, t.diagnostics) } : {}),
      })),
    skipped: results.tests
      .filter((t) => t.state === "skipped" && !t.notRun)
      .map((t) => ({ id: t.id, ...(t.uuid ? { uuid: t.uuid } : {}), reason: t.skipReason ?? NO_REASON })),
    notRun: results.tests
      .filter((t) => t.notRun)
      .map((t) => ({ id: t.id, ...(t.uuid ? { uuid: t.uuid } : {}), reason: t.skipReason ?? "not run" })),
    warnings,
    ...(ctx.vftestVersion ? { vftestVersion: ctx.vftestVersion } : {}),
    ...(ctx.environment ? { environment: ctx.environment } : {}),
    timelines: Object.fromEntries(ctx.timelines),
  };
}

function md(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function renderSummaryMarkdown(s: SummaryJson, results?: RunResults, runDir = "."): string {
  const t = s.totals;
  const byUuid = new Map((results?.tests ?? []).flatMap((r) => (r.uuid ? [[r.uuid, r] as const] : [])));
  const timelines = new Map(Object.entries(s.timelines ?? {}));
  const link = (uuid: string) => testLink(byUuid.get(uuid), uuid, runDir, timelines);
  const named = (text: string) =>
    text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (u) => {
      const r = byUuid.get(u);
      return r ? shortName(r.id) : u;
    });
  const out: string[] = [];
  out.push(`# vftest run ${s.runId}: ${s.result.toUpperCase()}`, "");
  out.push(
    `${t.total} tests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped` +
      `${t.notRun ? `, ${t.notRun} not run` : ""}` +
      `${t.skippedWithoutReason > 0 ? ` (${t.skippedWithoutReason} without a reason)` : ""}` +
      ` in ${formatElapsed(s.durationMs)} on ${s.workers} worker(s); started ${s.startedAt}.`,
    "",
  );
  out.push("## Failures", "");
  if (s.failures.length === 0) out.push("None.", "");
  for (const f of s.failures) {
    const rid = f.requestId && !f.message.includes(f.requestId) ? ` (request id \`${f.requestId}\`)` : "";
    out.push(`- **\`${shortName(f.id)}\`**: ${md(f.message)}${rid}`);
    if (f.step) out.push(`  - failed in step: ${md(f.step)}`);
    if (f.diagnostics) out.push(`  - diagnostics: [${f.diagnostics}](${f.diagnostics})`);
    if (f.uuid && timelines.has(f.uuid)) out.push(`  - timeline: [${timelines.get(f.uuid)}](${timelines.get(f.uuid)})`);
    out.push(`  - id: \`${f.id}\``);
  }
  if (s.failures.length > 0) out.push("");
  out.push(...environmentLines(s.environment, s.vftestVersion));
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
      "| Behaviour | Spec | Verdict | Tests | Reason |",
      "|---|---|---|---|---|",
    );
    for (const b of s.behaviours) {
      const tests = b.testIds.map(link).join(", ");
      out.push(
        `| **${md(b.id)}**: ${md(b.statement)} | ${md(b.specRef)} | ${VERDICT_LABEL[b.verdict]}${b.layers ? `: ${md(b.layers)}` : ""} | ${tests} | ${md(named(b.reason ?? ""))} |`,
      );
    }
    out.push("");
  }
  out.push("## Timelines", "");
  if (timelines.size === 0) out.push("_No scenario test ran._", "");
  for (const [uuid, svg] of timelines) {
    const r = byUuid.get(uuid);
    out.push(`- [${r ? shortName(r.id) : uuid}](${svg})${r ? ` — ${r.state}` : ""}`);
  }
  if (timelines.size > 0) out.push("");
  out.push(...checkMatrixLines(s.hosts.flatMap((h) => h.checks)));
  out.push("## Skipped", "");
  if (s.skipped.length === 0) out.push("None.", "");
  for (const k of s.skipped) out.push(`- \`${shortName(k.id)}\`: ${md(k.reason)}`);
  if (s.skipped.length > 0) out.push("");
  if (s.notRun?.length) {
    out.push("## Not run", "", ...s.notRun.map((k) => `- \`${k.id}\`: ${md(k.reason)}`), "");
  }
  if (s.warnings.length > 0) {
    out.push("## Warnings", "", ...s.warnings.map((w) => `- ${md(w)}`), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** Writes summary.md and summary.json into the run directory; returns the summary. */
export function writeSummary(
  runDir: string,
  results: RunResults,
  behaviours: SpecBehaviour[],
  opts: { vftestVersion?: string } = {},
): SummaryJson {
  const ctx: SummaryContext = {
    runDir,
    vftestVersion: opts.vftestVersion,
    environment: readEnvironment(runDir),
    timelines: writeTimelines(runDir, results),
  };
  const summary = buildSummary(results, behaviours, ctx);
  fs.mkdirSync(runDir, { recursive: true });
  writeJsonFile(path.join(runDir, "summary.json"), summary, 3);
  const pairs = hostPairsMarkdown(writeHostPairFiles(runDir, results));
  const page = renderSummaryMarkdown(summary, results, runDir);
  fs.writeFileSync(
    path.join(runDir, "summary.md"),
    page +
      (pairs
        ? `
${pairs}`
        : ""),
  );
  return summary;
}
