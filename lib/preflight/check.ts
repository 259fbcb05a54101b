// Runs one probe and turns its answer into a result: what it returned is the "ok" detail, what it threw is the
// "fail" detail (first line only), printed with the fix.

import type { CheckResult } from "./types.js";

export const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";

export async function probe(name: string, fix: string, fn: () => Promise<string>): Promise<CheckResult> {
  try {
    return { name, state: "ok", detail: await fn() };
  } catch (e) {
    return { name, state: "fail", detail: firstLine(e), fix };
  }
}
