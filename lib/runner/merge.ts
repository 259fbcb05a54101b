// Merges the per-worker outputs of a parallel run (`<runDir>/workers/<i>/`) into the run directory, so a parallel
// run leaves the same files as an in-process one: subunit streams concatenate, JUnit suites go under one
// <testsuites>, results.json tests concatenate with recomputed totals, request logs concatenate, Allure result files
// are copied. A crashed worker becomes a failed entry in JUnit and results.json.

import fs from "node:fs";
import path from "node:path";
import { readResultsJson, writeResultsJson } from "../report/results.js";
import { computeTotals, type RunResults, type TestResult } from "../report/results-model.js";
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

export function mergeJunit(files: readonly string[], crashes: readonly WorkerCrash[], out: string): void {
  const suites = files.flatMap((f) => fs.readFileSync(f, "utf8").match(/<testsuite[\s>][\s\S]*?<\/testsuite>/g) ?? []);
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

export function mergeResultsJson(files: readonly string[], req: MergeRequest, out: string): void {
  const parts = files.map((f) => readResultsJson(f));
  const now = new Date().toISOString();
  const tests = [...parts.flatMap((p) => p.tests), ...req.crashes.map((c) => crashResult(c, now))];
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

export async function mergeWorkerResults(req: MergeRequest): Promise<void> {
  const { outDir, workerDirs } = req;
  concatFiles(existing(workerDirs, RESULT_FILES.subunit), path.join(outDir, RESULT_FILES.subunit));
  concatFiles(existing(workerDirs, RESULT_FILES.requests), path.join(outDir, RESULT_FILES.requests));
  mergeJunit(existing(workerDirs, RESULT_FILES.junit), req.crashes, path.join(outDir, RESULT_FILES.junit));
  const results = existing(workerDirs, RESULT_FILES.results);
  if (results.length || req.crashes.length) mergeResultsJson(results, req, path.join(outDir, RESULT_FILES.results));
  copyAllure(workerDirs, path.join(outDir, RESULT_FILES.allure));
}
