// Traceability (suite contract): each behaviour of the spec is verified, partly verified, failed, skipped (with the
// reason) or not run, derived from the results of the tests that cover it and the checks they recorded: a verdict
// names the layers that proved it ("verified: API, guest, Manila, hosts"), and a behaviour whose layers could not
// all be looked at is only "partly verified", naming the layer not checked and why. Behaviours only the embedded
// cloud can provoke (fault injection) are "verified on the embedded cloud only". The table of behaviours lives in
// lib/spec/traceability.ts; this module only computes and renders verdicts.

import type { CheckLayer, CheckRecord } from "../run/checks.js";

export interface SpecBehaviour {
  id: string; // e.g. "dest-grant-mount"
  statement: string;
  specRef: string; // section of the spec
  testIds: string[]; // test UUIDs
  /** The check layer this behaviour is observed on (e.g. "notifications"): passing tests verify it only when they
   * recorded an "ok" check on that layer; when they recorded it only as not checked, the verdict is skipped. */
  layer?: string;
  /** The layers that must each have been checked for a plain "verified" (default: whatever was checked). */
  layers?: CheckLayer[];
  /** Only the embedded cloud can provoke it (a fault injected per test): never claimed for a real cloud. */
  embeddedOnly?: boolean;
}

export type TestOutcome = "passed" | "failed" | "skipped";
export type Verdict =
  | "verified"
  | "partly verified"
  | "verified on the embedded cloud only"
  | "failed"
  | "skipped"
  | "not run";

export interface TraceabilityRow {
  behaviour: SpecBehaviour;
  verdict: Verdict;
  reason?: string;
  /** Which layers proved it, and which were not checked: "API, guest, Manila — hosts not checked (whitebox ...)". */
  layers?: string;
}

/** How a verdict is shown in summary.md and the traceability table. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  verified: "✅ verified",
  "partly verified": "🟡 partly verified",
  "verified on the embedded cloud only": "🧪 verified on the embedded cloud only",
  failed: "❌ failed",
  skipped: "⏭️ skipped",
  "not run": "⚪ not run",
};

const LAYER_ORDER: readonly CheckLayer[] = ["api", "guest", "manila", "host", "notifications"];
const LAYER_NAME: Record<CheckLayer, string> = {
  api: "API",
  guest: "guest",
  manila: "Manila",
  host: "hosts",
  notifications: "notifications",
};

/**
 * For a behaviour its passing tests proved: the layers with an ok check, the needed layers without one (with the
 * not-checked reasons recorded for them), and the verdict that follows.
 */
export function layerVerdict(
  behaviour: SpecBehaviour,
  passing: string[],
  checks: readonly CheckRecord[],
): { verdict: Verdict; layers: string } {
  const mine = checks.filter((c) => passing.includes(c.testUuid));
  const ok = (l: CheckLayer) => mine.some((c) => c.layer === l && (c.outcome ?? (c.ok ? "ok" : "failed")) === "ok");
  const proved = LAYER_ORDER.filter(ok);
  const missing = (behaviour.layers ?? []).filter((l) => !ok(l));
  const notChecked = missing.map((l) => {
    const why = [...new Set(mine.filter((c) => c.layer === l && c.outcome === "not-checked").map((c) => c.reason))];
    const reason = why.filter(Boolean).join("; ") || "no check of this layer was recorded";
    return `${LAYER_NAME[l]} not checked (${reason})`;
  });
  if (!behaviour.layers && proved.length === 0)
    return { verdict: behaviour.embeddedOnly ? "verified on the embedded cloud only" : "verified", layers: "" };
  const provedText = proved.map((l) => LAYER_NAME[l]).join(", ") || "no layer check recorded";
  const layers = notChecked.length ? `${provedText} — ${notChecked.join("; ")}` : provedText;
  if (missing.length > 0) return { verdict: "partly verified", layers };
  return { verdict: behaviour.embeddedOnly ? "verified on the embedded cloud only" : "verified", layers };
}

/**
 * A behaviour is failed if any covering test failed; verified if at least one passed and none failed; skipped if
 * every covering test that ran was skipped; not run if none of its tests has a result (or it lists no tests).
 */
export function verdictFor(
  behaviour: SpecBehaviour,
  results: Map<string, TestOutcome>,
  skipReasons: Map<string, string>,
  checks?: readonly CheckRecord[],
): { verdict: Verdict; reason?: string; layers?: string } {
  const seen = behaviour.testIds.flatMap((uuid) => {
    const outcome = results.get(uuid);
    return outcome === undefined ? [] : [{ uuid, outcome }];
  });
  const failed = seen.filter((s) => s.outcome === "failed");
  if (failed.length > 0)
    return { verdict: "failed", reason: `failing test(s): ${failed.map((f) => f.uuid).join(", ")}` };
  const passing = seen.filter((s) => s.outcome === "passed").map((s) => s.uuid);
  if (passing.length > 0) {
    if (!checks) return { verdict: behaviour.embeddedOnly ? "verified on the embedded cloud only" : "verified" };
    return layerVerdict(behaviour, passing, checks);
  }
  if (seen.length > 0) {
    const why = [...new Set(seen.map((s) => skipReasons.get(s.uuid) ?? "skipped without a reason"))];
    return { verdict: "skipped", reason: why.join("; ") };
  }
  if (behaviour.testIds.length === 0) return { verdict: "not run", reason: "no test covers this behaviour" };
  return { verdict: "not run", reason: "none of its tests was selected or reached" };
}

/** A recorded check, as much as the verdict needs. */
export interface LayerCheck {
  testUuid: string;
  layer: string;
  outcome?: string;
  reason?: string;
}

/** Rows of behaviours observed on one layer: "verified" only with an ok check there, else skipped with the reason. */
export function requireLayerChecks(rows: TraceabilityRow[], checks: readonly LayerCheck[]): TraceabilityRow[] {
  return rows.map((r) => {
    const layer = r.behaviour.layer;
    if (!layer || r.verdict !== "verified") return r;
    const mine = checks.filter((c) => c.layer === layer && r.behaviour.testIds.includes(c.testUuid));
    if (mine.some((c) => c.outcome === "ok")) return r;
    const why = [...new Set(mine.map((c) => c.reason).filter((x): x is string => Boolean(x)))];
    const reason = why.length ? why.join("; ") : `no ${layer} check was recorded`;
    return { behaviour: r.behaviour, verdict: "skipped", reason: `${layer} layer ${reason}` };
  });
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function renderTraceability(
  behaviours: SpecBehaviour[],
  results: Map<string, TestOutcome>,
  skipReasons: Map<string, string>,
  checks?: readonly CheckRecord[],
): { markdown: string; rows: TraceabilityRow[] } {
  const rows: TraceabilityRow[] = behaviours.map((behaviour) => ({
    behaviour,
    ...verdictFor(behaviour, results, skipReasons, checks),
  }));
  return { markdown: traceabilityMarkdown(rows), rows };
}

/** The markdown table of verdicts: behaviour, spec section, verdict, and the reason (or the covering tests). */
export function traceabilityMarkdown(rows: readonly TraceabilityRow[]): string {
  const lines = [
    "| Behaviour | Spec | Verdict | Reason / tests |",
    "|---|---|---|---|",
    ...rows.map((r) => {
      const detail = r.reason ?? r.behaviour.testIds.join(", ");
      const label = `${VERDICT_LABEL[r.verdict]}${r.layers ? `: ${r.layers}` : ""}`;
      return `| **${cell(r.behaviour.id)}**: ${cell(r.behaviour.statement)} | ${cell(r.behaviour.specRef)} | ${cell(label)} | ${cell(detail)} |`;
    }),
  ];
  return `${lines.join("\n")}\n`;
}
