// Traceability (suite contract): each behaviour of the spec is verified, failed, skipped (with the reason) or not
// run, derived from the results of the tests that cover it. The table of behaviours lives in
// lib/spec/traceability.ts; this module only computes and renders verdicts.

export interface SpecBehaviour {
  id: string; // e.g. "dest-grant-mount"
  statement: string;
  specRef: string; // section of the spec
  testIds: string[]; // test UUIDs
  /** The check layer this behaviour is observed on (e.g. "notifications"): passing tests verify it only when they
   * recorded an "ok" check on that layer; when they recorded it only as not checked, the verdict is skipped. */
  layer?: string;
}

export type TestOutcome = "passed" | "failed" | "skipped";
export type Verdict = "verified" | "failed" | "skipped" | "not run";

export interface TraceabilityRow {
  behaviour: SpecBehaviour;
  verdict: Verdict;
  reason?: string;
}

const VERDICT_LABEL: Record<Verdict, string> = {
  verified: "✅ verified",
  failed: "❌ failed",
  skipped: "⏭️ skipped",
  "not run": "⚪ not run",
};

/**
 * A behaviour is failed if any covering test failed; verified if at least one passed and none failed; skipped if
 * every covering test that ran was skipped; not run if none of its tests has a result (or it lists no tests).
 */
export function verdictFor(
  behaviour: SpecBehaviour,
  results: Map<string, TestOutcome>,
  skipReasons: Map<string, string>,
): { verdict: Verdict; reason?: string } {
  const seen = behaviour.testIds.flatMap((uuid) => {
    const outcome = results.get(uuid);
    return outcome === undefined ? [] : [{ uuid, outcome }];
  });
  const failed = seen.filter((s) => s.outcome === "failed");
  if (failed.length > 0)
    return { verdict: "failed", reason: `failing test(s): ${failed.map((f) => f.uuid).join(", ")}` };
  if (seen.some((s) => s.outcome === "passed")) return { verdict: "verified" };
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
): { markdown: string; rows: { behaviour: SpecBehaviour; verdict: Verdict; reason?: string }[] } {
  const rows: TraceabilityRow[] = behaviours.map((behaviour) => ({
    behaviour,
    ...verdictFor(behaviour, results, skipReasons),
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
      return `| **${cell(r.behaviour.id)}**: ${cell(r.behaviour.statement)} | ${cell(r.behaviour.specRef)} | ${VERDICT_LABEL[r.verdict]} | ${cell(detail)} |`;
    }),
  ];
  return `${lines.join("\n")}\n`;
}
