// `vftest report <run dir>`: builds the Allure HTML report from <run dir>/allure-results with the `allure` npm
// package (Allure 3, pure Node: no Java, works offline). Allure 3's report pages embed a Google Analytics tag;
// we set ALLURE_NO_ANALYTICS and strip any remaining tag so opening the report never calls out of the machine.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { NO_REASON } from "../run/skips.js";

export interface AllureReportOptions {
  /** Directory holding allure-results/ (a run dir); or pass resultsDirs explicitly. */
  runDir: string;
  resultsDirs?: string[];
  /** Default: <runDir>/allure-report. */
  outputDir?: string;
  reportName?: string;
  /** Receives the CLI's output lines (default: discarded). */
  log?: (line: string) => void;
}

function allureCli(): string {
  // createRequire, not import.meta.resolve: tsx may run this file as CommonJS, where the latter is missing.
  const entry = createRequire(import.meta.url).resolve("allure");
  const cli = path.resolve(path.dirname(entry), "..", "cli.js");
  if (!fs.existsSync(cli)) {
    throw new Error(`allure CLI not found at ${cli}; install it with: npm install --save-exact allure@3.18.0`);
  }
  return cli;
}

const ANALYTICS =
  /<script async src="https:\/\/www\.googletagmanager\.com[^"]*"><\/script>\s*<script>[\s\S]*?gtag\([\s\S]*?<\/script>/g;

/** Removes the analytics tag from every .html file under dir; returns how many files changed. */
export function stripAnalytics(dir: string): number {
  let changed = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const html = fs.readFileSync(file, "utf8");
    const clean = html.replace(ANALYTICS, "");
    if (clean !== html) {
      fs.writeFileSync(file, clean);
      changed += 1;
    }
  }
  return changed;
}

/**
 * Allure shows every skip as "Test skipped"; put the reason skipWithReason() recorded (the `skip_reason` label)
 * into the result's status message instead. Returns how many result files were updated.
 */
export function applySkipReasons(allureResultsDir: string): number {
  let changed = 0;
  for (const name of fs.readdirSync(allureResultsDir)) {
    if (!name.endsWith("-result.json")) continue;
    const file = path.join(allureResultsDir, name);
    const result = JSON.parse(fs.readFileSync(file, "utf8")) as {
      status?: string;
      labels?: { name: string; value: string }[];
      statusDetails?: { message?: string };
    };
    if (result.status !== "skipped") continue;
    const reason = result.labels?.find((l) => l.name === "skip_reason")?.value ?? NO_REASON;
    if (result.statusDetails?.message === reason) continue;
    result.statusDetails = { ...result.statusDetails, message: reason };
    fs.writeFileSync(file, JSON.stringify(result));
    changed += 1;
  }
  return changed;
}

/**
 * Generates the HTML report; resolves with its index.html path. Call with options, or positionally as
 * `generateAllureReport(allureResultsDir, outputDir)`.
 */
export async function generateAllureReport(
  optsOrResultsDir: AllureReportOptions | string,
  outputDir?: string,
): Promise<string> {
  const opts: AllureReportOptions =
    typeof optsOrResultsDir === "string"
      ? {
          runDir: path.dirname(path.resolve(optsOrResultsDir)),
          resultsDirs: [optsOrResultsDir],
          ...(outputDir ? { outputDir } : {}),
        }
      : optsOrResultsDir;
  const inputs = opts.resultsDirs ?? [path.join(opts.runDir, "allure-results")];
  for (const dir of inputs) {
    if (!fs.existsSync(dir)) {
      throw new Error(`no Allure results at ${dir}; was the run made with reporting.allure: true?`);
    }
  }
  for (const dir of inputs) applySkipReasons(dir);
  const output = opts.outputDir ?? path.join(opts.runDir, "allure-report");
  const args = [allureCli(), "generate", ...inputs, "--output", output, "--name", opts.reportName ?? "vftest"];
  const log = opts.log ?? (() => {});
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: opts.runDir,
      env: { ...process.env, ALLURE_NO_ANALYTICS: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let tail = "";
    const onData = (b: Buffer) => {
      const text = b.toString("utf8");
      tail = (tail + text).slice(-4000);
      for (const line of text.split("\n")) if (line.trim() !== "") log(line);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (c) => (c === 0 ? resolve() : reject(new Error(`allure generate exited ${c}: ${tail.trim()}`))));
  });
  const index = path.join(output, "index.html");
  if (!fs.existsSync(index)) throw new Error(`allure generate finished but wrote no ${index}`);
  stripAnalytics(output);
  return index;
}
