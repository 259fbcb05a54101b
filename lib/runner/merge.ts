// Merges the per-worker outputs of a parallel run (`<runDir>/workers/<i>/`) into the run directory, so a parallel
// run leaves the same files as an in-process one: subunit streams concatenate, JUnit suites go under one
// <testsuites>, results.json tests concatenate with recomputed totals, request logs concatenate, Allure result files
// are copied. A crashed worker becomes a failed entry in JUnit and results.json. A selected test no worker reported
// (its worker was stopped before it, or its phase never started) is added as not run to every file, never left out.

import fs from "node:fs";
import path from "node:path";
import { readResultsJson, writeResultsJson } from "../report/results.js";
import { computeTotals, type RunResults, type TestResult } from "../report/results-model.js";
import { encodePacket } from "../report/subunit.js";
import { resultPackets } from "../report/subunit-reporter.js";
import { RESULT_FILES } from "./results-dir.js";

export interface WorkerCrash {
  worker: number;
  message: string;
  detail: string;
}

export interface MergeRequest {
  outDir: string;
  workerDirs: readonly string[];
  crashes: readonly WorkerCrash[];
  runId: string;
  /** Every test the run selected, and why one nobody reported did not run (e.g. "the run was interrupted (SIGINT)"). */
  expected?: { tests: readonly ExpectedTest[]; reason: string };
}

/** What the parent knows of a selected test without running it. */
export type ExpectedTest = Pick<TestResult, "id" | "uuid" | "title" | "fullTitle" | "classId" | "file" | "tags">;

/** The selected tests missing from the workers' results.json files, as "not run" results. */
export function notRunResults(
  expected: readonly ExpectedTest[],
  reported: ReadonlySet<string>,
  reason: string,
  now: string,
): TestResult[] {
  return expected
    .filter((t) => !reported.has(t.id))
    .map((t) => ({
      id: t.id,
      ...(t.uuid ? { uuid: t.uuid } : {}),
      title: t.title,
      fullTitle: t.fullTitle,
      classId: t.classId,
      ...(t.file ? { file: t.file } : {}),
      kind: "test" as const,
      state: "skipped" as const,
      durationMs: 0,
      startedAt: now,
      finishedAt: now,
      skipReason: `not run: ${reason}`,
      notRun: true as const,
      tags: t.tags,
      worker: -1,
    }));
}

function notRunJunitSuite(results: readonly TestResult[]): string {
  if (results.length === 0) return "";
  const cases = results.map(
    (r) =>
      `<testcase classname="${xmlEscape(r.classId)}" name="${xmlEscape(r.id.slice(r.classId.length + 1) || r.title)}" time="0"><skipped message="${xmlEscape(r.skipReason ?? "not run")}"/></testcase>`,
  );
  return `<testsuite name="vftest.not-run" tests="${results.length}" failures="0" errors="0" skipped="${results.length}">\n${cases.join("\n")}\n</testsuite>`;
}

function existing(dirs: readonly string[], file: string): string[] {
  return dirs.map((d) => path.join(d, file)).filter((f) => fs.existsSync(f));
}

function concatFiles(files: readonly string[], out: string): void {
  if (files.length === 0) return;
  fs.writeFileSync(out, Buffer.concat(files.map((f) => fs.readFileSync(f))));
}

const xmlEscape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function mergeJunit(
  files: readonly string[],
  crashes: readonly WorkerCrash[],
  out: string,
  notRun: readonly TestResult[] = [],
): void {
  const suites = [
    ...files.flatMap((f) => fs.readFileSync(f, "utf8").match(/<testsuite[\s>][\s\S]*?<\/testsuite>/g) ?? []),
    notRunJunitSuite(notRun),
  ].filter(Boolean);
  const count = (attr: string) =>
    suites.reduce((n, s) => n + Number(new RegExp(`${attr}="(\\d+)"`).exec(s)?.[1] ?? 0), 0);
  const crashSuite = crashes.length
    ? `<testsuite name="vftest.workers" tests="${crashes.length}" failures="${crashes.length}" errors="0" skipped="0">\n${crashes
        .map(
          (c) =>
            `<testcase classname="vftest.workers" name="worker-${c.worker} crashed" time="0"><failure message="${xmlEscape(c.message)}">${xmlEscape(c.detail)}</failure></testcase>`,
        )
        .join("\n")}\n</testsuite>`
    : "";
  if (suites.length === 0 && !crashSuite) return;
  const header = `<testsuites name="vftest" tests="${count("tests") + crashes.length}" failures="${count("failures") + crashes.length}" errors="${count("errors")}" skipped="${count("skipped")}">`;
  fs.writeFileSync(
    out,
    `<?xml version="1.0" encoding="UTF-8"?>\n${header}\n${[...suites, crashSuite].filter(Boolean).join("\n")}\n</testsuites>\n`,
  );
}

function crashResult(c: WorkerCrash, now: string): TestResult {
  return {
    id: `vftest.workers.worker-${c.worker} crashed`,
    title: `worker-${c.worker} crashed`,
    fullTitle: `vftest workers worker-${c.worker} crashed`,
    classId: "vftest.workers",
    kind: "test",
    state: "failed",
    durationMs: 0,
    startedAt: now,
    finishedAt: now,
    error: { message: c.message, stack: c.detail },
    tags: [`worker-${c.worker}`],
    worker: c.worker,
  };
}

export function mergeResultsJson(
  files: readonly string[],
  req: MergeRequest,
  out: string,
  notRun: readonly TestResult[] = [],
): void {
  const parts = files.map((f) => readResultsJson(f));
  const now = new Date().toISOString();
  const tests = [...parts.flatMap((p) => p.tests), ...req.crashes.map((c) => crashResult(c, now)), ...notRun];
  const startedAt = parts.map((p) => p.startedAt).sort()[0] ?? now;
  const finishedAt =
    parts
      .map((p) => p.finishedAt)
      .sort()
      .at(-1) ?? now;
  const merged: RunResults = {
    runId: req.runId,
    workers: req.workerDirs.length,
    startedAt,
    finishedAt,
    durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
    totals: computeTotals(tests),
    tests,
    checks: parts.flatMap((p) => p.checks),
  };
  writeResultsJson(out, merged);
}

function copyAllure(dirs: readonly string[], out: string): void {
  const sources = dirs.map((d) => path.join(d, RESULT_FILES.allure)).filter((d) => fs.existsSync(d));
  if (sources.length === 0) return;
  fs.mkdirSync(out, { recursive: true });
  for (const src of sources) for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(out, f));
}

/** Merges the workers' files; returns the selected tests no worker reported, added as not run. */
export async function mergeWorkerResults(req: MergeRequest): Promise<TestResult[]> {
  const { outDir, workerDirs } = req;
  const results = existing(workerDirs, RESULT_FILES.results);
  const reported = new Set(results.flatMap((f) => readResultsJson(f).tests.map((t) => t.id)));
  const notRun = req.expected
    ? notRunResults(req.expected.tests, reported, req.expected.reason, new Date().toISOString())
    : [];
  concatFiles(existing(workerDirs, RESULT_FILES.subunit), path.join(outDir, RESULT_FILES.subunit));
  if (notRun.length) {
    const packets = notRun.flatMap((r) => resultPackets(r, r.tags)).map((p) => encodePacket(p));
    fs.appendFileSync(path.join(outDir, RESULT_FILES.subunit), Buffer.concat(packets));
  }
  concatFiles(existing(workerDirs, RESULT_FILES.requests), path.join(outDir, RESULT_FILES.requests));
  mergeJunit(existing(workerDirs, RESULT_FILES.junit), req.crashes, path.join(outDir, RESULT_FILES.junit), notRun);
  if (results.length || req.crashes.length || notRun.length) {
    mergeResultsJson(results, req, path.join(outDir, RESULT_FILES.results), notRun);
  }
  copyAllure(workerDirs, path.join(outDir, RESULT_FILES.allure));
  return notRun;
}
