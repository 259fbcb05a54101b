// The preflight as text: one line per check, the fix under each failure, the config's warnings as notes, a total.

import type { CheckResult } from "./types.js";

const LABEL: Record<CheckResult["state"], string> = { ok: "ok  ", fail: "FAIL", skip: "skip" };

export function formatResults(results: CheckResult[], warnings: string[]): string {
  const lines = results.flatMap((r) => [
    `${LABEL[r.state]}  ${r.name}: ${r.detail}`,
    ...(r.state === "fail" && r.fix ? [`      fix: ${r.fix}`] : []),
  ]);
  for (const w of warnings) lines.push(`note  ${w}`);
  const failed = results.filter((r) => r.state === "fail").length;
  lines.push("", failed ? `${failed} problem(s) found` : "all prerequisites met");
  return `${lines.join("\n")}\n`;
}

export const anyFailed = (results: CheckResult[]): boolean => results.some((r) => r.state === "fail");
