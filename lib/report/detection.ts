// The detection matrix (selftest): for each fault profile of the embedded cloud, what the suite was expected to do
// (which tests must fail, with which phrase in the message; or that nothing fails) against what it did. One profile
// is one case; a profile passes when every expected failure happened with its phrase and nothing else failed.

import type { RunResults, TestResult } from "./results-model.js";

export interface ExpectedFailure {
  /** Test UUID. */
  test: string;
  /** A phrase the failure message must contain (case-insensitive). */
  phrase: string;
}

export interface ProfileExpectation {
  /** Fault profile name, or "healthy" for a run with no fault. */
  profile: string;
  /** Extra faults switched on with this profile (e.g. the transient run combines several). */
  faults: string[];
  /** Extra `vftest run` arguments, e.g. ["--without-whitebox"] to prove the guest layer catches it alone. */
  args?: string[];
  kind: "healthy" | "transient" | "bug";
  mustFail: ExpectedFailure[];
  /** Why this profile matters: the Nova bug or cloud failure it stands for. */
  note?: string;
}

export interface ProfileRun {
  profile: string;
  /** undefined when the run crashed before producing results. */
  results?: RunResults;
  crash?: string;
  durationMs: number;
}

export type CaseVerdict = "passed" | "failed";

export interface ProfileJudgement {
  profile: string;
  kind: ProfileExpectation["kind"];
  verdict: CaseVerdict;
  /** Failures that were expected and happened with the phrase. */
  detected: { test: string; title: string; firstLine: string }[];
  /** Expected failures that did not happen (test passed or skipped), or happened without the phrase. */
  missed: { test: string; title: string; why: string }[];
  /** Failures nobody declared. */
  unexpected: { test: string; title: string; firstLine: string }[];
  totals?: RunResults["totals"];
  durationMs: number;
  crash?: string;
}

const firstLine = (t: TestResult) => (t.error?.message ?? "").split("\n")[0] ?? "";

export function judgeProfile(exp: ProfileExpectation, run: ProfileRun): ProfileJudgement {
  const base = { profile: exp.profile, kind: exp.kind, durationMs: run.durationMs };
  if (!run.results) {
    return {
      ...base,
      verdict: "failed",
      detected: [],
      missed: exp.mustFail.map((m) => ({ test: m.test, title: "", why: "the run crashed" })),
      unexpected: [],
      crash: run.crash ?? "no results",
    };
  }
  const byUuid = new Map(run.results.tests.filter((t) => t.uuid).map((t) => [t.uuid!, t]));
  const detected: ProfileJudgement["detected"] = [];
  const missed: ProfileJudgement["missed"] = [];
  for (const m of exp.mustFail) {
    const t = byUuid.get(m.test);
    if (!t) {
      missed.push({ test: m.test, title: "", why: "the test did not run" });
    } else if (t.state !== "failed") {
      missed.push({
        test: m.test,
        title: t.title,
        why: `the test ${t.state}${t.skipReason ? ` (${t.skipReason})` : ""}`,
      });
    } else if (!(t.error?.message ?? "").toLowerCase().includes(m.phrase.toLowerCase())) {
      missed.push({ test: m.test, title: t.title, why: `failed without "${m.phrase}": ${firstLine(t)}` });
    } else {
      detected.push({ test: m.test, title: t.title, firstLine: firstLine(t) });
    }
  }
  const declared = new Set(exp.mustFail.map((m) => m.test));
  const unexpected = run.results.tests
    .filter((t) => t.state === "failed" && !(t.uuid && declared.has(t.uuid)))
    .map((t) => ({ test: t.uuid ?? t.id, title: t.title, firstLine: firstLine(t) }));
  const verdict: CaseVerdict = missed.length === 0 && unexpected.length === 0 ? "passed" : "failed";
  return { ...base, verdict, detected, missed, unexpected, totals: run.results.totals };
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ").slice(0, 160);

export function renderDetectionMatrix(judgements: ProfileJudgement[]): string {
  const lines = [
    "# vftest detection matrix",
    "",
    "Each fault profile of the embedded cloud is one case: it passes when every declared test failed with its",
    "phrase and no other test failed. Healthy and transient profiles must not fail anything.",
    "",
    "| profile | kind | expected | observed | verdict | first failing test: first line |",
    "|---|---|---|---|---|---|",
  ];
  for (const j of judgements) {
    const expected = j.kind === "bug" ? `${j.detected.length + j.missed.length} fail` : "0 fail";
    const observed = j.crash
      ? `crash: ${j.crash}`
      : `${j.totals?.failed ?? 0} failed / ${j.totals?.passed ?? 0} passed / ${j.totals?.skipped ?? 0} skipped`;
    const first = j.detected[0] ?? j.unexpected[0];
    const example = first ? `${first.title}: ${first.firstLine}` : (j.missed[0]?.why ?? "");
    lines.push(
      `| ${j.profile} | ${j.kind} | ${expected} | ${cell(observed)} | ${j.verdict === "passed" ? "✅" : "❌"} | ${cell(example)} |`,
    );
  }
  const bad = judgements.filter((j) => j.verdict === "failed");
  for (const j of bad) {
    lines.push("", `## ${j.profile}: not as declared`);
    for (const m of j.missed) lines.push(`- missed ${m.test} ${m.title}: ${m.why}`);
    for (const u of j.unexpected) lines.push(`- unexpected failure ${u.test} ${u.title}: ${u.firstLine}`);
    if (j.crash) lines.push(`- crash: ${j.crash}`);
  }
  const passed = judgements.length - bad.length;
  lines.push("", `${passed} passed, ${bad.length} failed`);
  return `${lines.join("\n")}\n`;
}
