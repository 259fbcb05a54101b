// Sections of summary.md beyond totals and verdicts: the environment the run talked to (environment.json), test
// names with links to their diagnostics or timeline, and the checks as a behaviour × host × layer matrix with the
// phase of the move (✓ ok, ✗ failed, – not checked), where the same fact across tests collapses into one row.

import fs from "node:fs";
import path from "node:path";
import { CHECK_LAYERS, CHECK_PHASES, type CheckOutcome, type CheckRecord } from "../run/checks.js";
import type { TestResult } from "./results-model.js";

export const NO_HOST = "(no host)";

export interface Environment {
  region?: string;
  endpoints?: Record<string, string>;
  computeMicroversions?: { min: string; max: string; cloudMax: string; cappedBy?: string };
  shareMicroversions?: { min: string; max: string };
  shareMicroversionUsed?: string;
  protocol?: string;
  computeHosts?: string[];
  whitebox?: boolean;
}

/** environment.json of the run directory, or of its first worker (parallel runs). */
export function readEnvironment(runDir: string): Environment | undefined {
  const candidates = [path.join(runDir, "environment.json"), path.join(runDir, "workers", "0", "environment.json")];
  for (const f of candidates) {
    if (fs.existsSync(f)) {
      try {
        return JSON.parse(fs.readFileSync(f, "utf8")) as Environment;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function md(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function environmentLines(env: Environment | undefined, version: string | undefined): string[] {
  const out = ["## Environment", ""];
  const rows: [string, string][] = [["vftest", version ?? "unknown"]];
  if (!env) {
    out.push(`| | |`, `|---|---|`, ...rows.map(([k, v]) => `| ${k} | ${md(v)} |`), "");
    out.push("_No environment.json: no test reached the cloud._", "");
    return out;
  }
  for (const [service, url] of Object.entries(env.endpoints ?? {})) rows.push([`${service} endpoint`, url]);
  if (env.region) rows.push(["region", env.region]);
  const c = env.computeMicroversions;
  if (c) {
    rows.push([
      "compute microversions",
      `${c.min} – ${c.cloudMax} offered; up to ${c.max} sent${c.cappedBy ? ` (capped by ${c.cappedBy})` : ""}`,
    ]);
  }
  const s = env.shareMicroversions;
  rows.push([
    "share microversions",
    s ? `${s.min} – ${s.max} offered; ${env.shareMicroversionUsed ?? "?"} sent` : "(no Manila in the catalog)",
  ]);
  if (env.protocol) rows.push(["share protocol", env.protocol]);
  rows.push(["compute hosts (up)", env.computeHosts?.join(", ") || "(none)"]);
  rows.push(["host checks (whitebox)", env.whitebox ? "on" : "off: the host layer is not checked"]);
  out.push("| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${md(v)} |`), "");
  return out;
}

/** `ColdMigrationWithShare.test_migrate_confirm` from a Tempest-shaped id (the whole id otherwise). */
export function shortName(id: string): string {
  const m = /\.([A-Za-z0-9]+)\.(test_[a-z0-9_]+)\[/.exec(id);
  return m ? `${m[1]}.${m[2]}` : id;
}

/** A markdown link to the test's diagnostics (failed tests) or its timeline, or its bare name. */
export function testLink(
  t: TestResult | undefined,
  uuid: string,
  runDir: string,
  timelines: ReadonlyMap<string, string>,
): string {
  if (!t) return `\`${uuid}\` (not run)`;
  const name = `\`${shortName(t.id)}\``;
  if (t.diagnostics) return `[${name}](${path.relative(runDir, t.diagnostics) || "."})`;
  const svg = timelines.get(uuid);
  return svg ? `[${name}](${svg})` : name;
}

/** The fact a check states, with the ids, tags, paths and hosts that vary between tests taken out. */
export function factOf(c: CheckRecord, hosts: readonly string[]): string {
  let f = c.what
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "‹id›")
    .replace(/instance-[0-9a-f]+/g, "‹instance›")
    .replace(/(\/[\w.-]+)+/g, "‹path›")
    .replace(/vftest-tag-\d+/g, "‹tag›")
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, "‹ip›");
  for (const h of hosts) f = f.split(h).join("‹host›");
  return f;
}

const MARK: Record<CheckOutcome, string> = { ok: "✓", failed: "✗", "not-checked": "–" };

function outcomeOf(c: CheckRecord): CheckOutcome {
  return c.outcome ?? (c.ok ? "ok" : "failed");
}

/** One cell: the worst outcome seen with its count (✗ beats – beats ✓), e.g. "✓ 12" or "✗ 1 / 9". */
function cell(records: readonly CheckRecord[]): string {
  if (records.length === 0) return "";
  const n = (o: CheckOutcome) => records.filter((r) => outcomeOf(r) === o).length;
  if (n("failed") > 0) return `✗ ${n("failed")} / ${records.length}`;
  if (n("not-checked") > 0) return `${MARK["not-checked"]} ${n("not-checked")}${n("ok") ? ` (✓ ${n("ok")})` : ""}`;
  return `✓ ${records.length}`;
}

export function checkMatrixLines(checks: readonly CheckRecord[]): string[] {
  const out = ["## What was checked: behaviour × host × layer, by phase", ""];
  if (checks.length === 0) return [...out, "_No test recorded a check._", ""];
  const hosts = [...new Set(checks.flatMap((c) => (c.host ? [c.host] : [])))].sort();
  const columns = [...hosts, ...(checks.some((c) => !c.host) ? [NO_HOST] : [])];
  out.push(
    "Each cell counts the checks of that fact on that host in that phase: ✓ all ok, ✗ failed / made, – not checked " +
      "(the reason is in summary.json). A fact may rightly change between phases (mounted before the move, not " +
      "mounted on the source after confirm).",
    "",
    `| Layer | Phase | Fact | ${columns.map(md).join(" | ")} |`,
    `|---|---|---|${columns.map(() => "---|").join("")}`,
  );
  const phaseRank = (p: string | undefined) => (p ? CHECK_PHASES.indexOf(p as (typeof CHECK_PHASES)[number]) : -1);
  for (const layer of CHECK_LAYERS) {
    const mine = checks.filter((c) => c.layer === layer);
    const keys = new Map<string, { phase: string; fact: string; records: CheckRecord[] }>();
    for (const c of mine) {
      const phase = c.phase ?? "(no phase)";
      const fact = factOf(c, hosts);
      const key = `${phaseRank(c.phase)}\u0000${phase}\u0000${fact}`;
      const entry = keys.get(key) ?? { phase, fact, records: [] };
      entry.records.push(c);
      keys.set(key, entry);
    }
    const sorted = [...keys.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, v]) => v);
    for (const row of sorted) {
      const cells = columns.map((h) => cell(row.records.filter((c) => (c.host ?? NO_HOST) === h)));
      out.push(`| ${layer} | ${md(row.phase)} | ${md(row.fact)} | ${cells.join(" | ")} |`);
    }
  }
  out.push("");
  return out;
}
