// Audit of "every assertion must be able to fail against a faulty cloud": every failure message of lib/expect and
// lib/scenario (chai `expect(x, msg)`, `expect.fail(msg)`, `new Error(msg)`, the message of `settle`,
// `expectRuleGone` and `expectLocksSettle`), with the `check(t, layer, what, ...)` it belongs to, and the fault
// profiles of lib/spec/detection.ts whose phrase can occur in it. A message no profile's phrase matches is an
// assertion the selftest never proves. The sources are scanned as text (no TypeScript parser in the tree): strings,
// templates, comments and regex literals are skipped when matching brackets.
// `npx tsx tests/unit/selftest/check-audit.ts` prints the unproven messages (--all: every message, with the profiles
// proving it) and a per-check summary.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DETECTION_EXPECTATIONS } from "../../../lib/spec/detection.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const AUDITED_DIRS = ["lib/expect", "lib/scenario"];

export interface AuditedMessage {
  file: string;
  line: number;
  /** The function the message is in. */
  fn: string;
  /** The check(t, layer, what) it is recorded under: "layer: what" (what as written in the source). */
  check?: string;
  /** The message: literal pieces between the placeholders that stay unknown. */
  pieces: string[];
  /** A function of the same file whose own message wraps this one (its catch rethrows with `e.message`). */
  wrappedBy?: string;
  /** Profiles with a phrase that can occur in this message (or in the message wrapping it). */
  provenBy: string[];
}

/** Index just past the string/template/comment/regex starting at `i`, or `i` when none starts there. */
function skipNonCode(s: string, i: number): number {
  const c = s[i];
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < s.length && s[j] !== c) j += s[j] === "\\" ? 2 : 1;
    return j + 1;
  }
  if (c === "`") return templateEnd(s, i);
  if (c === "/" && s[i + 1] === "/") return s.indexOf("\n", i) < 0 ? s.length : s.indexOf("\n", i);
  if (c === "/" && s[i + 1] === "*") return s.indexOf("*/", i + 2) + 2;
  if (c === "/" && /[(,=:[!&|?{};]\s*$/.test(s.slice(Math.max(0, i - 40), i))) {
    let j = i + 1;
    let inClass = false;
    while (j < s.length && (s[j] !== "/" || inClass)) {
      if (s[j] === "[") inClass = true;
      if (s[j] === "]") inClass = false;
      j += s[j] === "\\" ? 2 : 1;
    }
    return j + 1;
  }
  return i;
}

function templateEnd(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && s[j] !== "`") {
    if (s[j] === "\\") j += 2;
    else if (s[j] === "$" && s[j + 1] === "{") j = closing(s, j + 1) + 1;
    else j++;
  }
  return j + 1;
}

/** Index of the bracket closing the one at `open`. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; ) {
    const skipped = skipNonCode(s, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    if ("([{".includes(s[i]!)) depth++;
    else if (")]}".includes(s[i]!) && --depth === 0) return i;
    i++;
  }
  return s.length;
}

/** The top-level arguments of the call whose "(" is at `open`: [start, end) of each. */
function args(s: string, open: number): [number, number][] {
  const end = closing(s, open);
  const out: [number, number][] = [];
  let start = open + 1;
  for (let i = open + 1; i < end; ) {
    const skipped = skipNonCode(s, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    if ("([{".includes(s[i]!)) i = closing(s, i) + 1;
    else if (s[i] === ",") {
      out.push([start, i]);
      start = ++i;
    } else i++;
  }
  if (s.slice(start, end).trim()) out.push([start, end]);
  return out;
}

/** The source with every string, template, comment and regex blanked (same length): for searching code only. */
function codeOnly(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const j = skipNonCode(s, i);
    if (j !== i) {
      out += s.slice(i, j).replace(/[^\n]/g, " ");
      i = j;
    } else out += s[i++];
  }
  return out;
}

/** Literal pieces of a string or template literal; `${name}` of a const literal declared in `consts` is inlined. */
function pieces(lit: string, consts: Map<string, string>, depth = 0): string[] {
  if (lit[0] !== "`") return [lit.slice(1, -1)];
  const out = [""];
  for (let i = 1; i < lit.length - 1; ) {
    if (lit[i] === "\\") {
      const c = lit[i + 1]!;
      out[out.length - 1] += c === "n" ? "\n" : c === "t" ? "\t" : c;
      i += 2;
    } else if (lit[i] === "$" && lit[i + 1] === "{") {
      const end = closing(lit, i + 1);
      const inner = consts.get(lit.slice(i + 2, end).trim());
      const sub = inner !== undefined && depth < 2 ? pieces(inner, consts, depth + 1) : ["", ""];
      out[out.length - 1] += sub[0];
      out.push(...sub.slice(1));
      i = end + 1;
    } else out[out.length - 1] += lit[i++];
  }
  return out;
}

/**
 * Can `phrase` occur in some instance of the message? Within one literal piece, or across placeholders that take one
 * word each (ids, hosts, paths: no whitespace), covering at least 8 characters of literal text, and (when it ends in
 * the placeholder right after its only literal) two thirds of it — so a phrase does not "fit" a message only because
 * a placeholder could hold the rest of it.
 */
export function phraseFits(p: string[], phrase: string): boolean {
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.includes(phrase)) return true;
    for (let j = i + 1; j < p.length; j++) {
      const covered = p.slice(i + 1, j).reduce((n, x) => n + x.length, 0);
      const re = new RegExp(
        `^\\S*${p
          .slice(i + 1, j)
          .map((x) => `${esc(x)}\\S*`)
          .join("")}$`,
      );
      for (let a = 0; a <= phrase.length; a++) {
        if (!p[i]!.endsWith(phrase.slice(0, a))) continue;
        for (let b = a; b <= phrase.length; b++) {
          if (a + covered + phrase.length - b < 8) continue;
          // a literal's end and then one word, mostly word: "expected virtiofs" must not fit "expected ${events} …"
          if (j === i + 1 && b === phrase.length && a < (2 * phrase.length) / 3) continue;
          if (p[j]!.startsWith(phrase.slice(b)) && re.test(phrase.slice(a, b))) return true;
        }
      }
    }
  }
  return false;
}

const MESSAGE_ARG: Record<string, number> = {
  expect: 1,
  "expect.fail": 0,
  "new Error": 0,
  settle: 2,
  expectRuleGone: 3,
  expectLocksSettle: 4,
};

interface Span {
  name: string;
  start: number;
  end: number;
}

function scanFile(rel: string): AuditedMessage[] {
  const src = fs.readFileSync(path.join(ROOT, rel), "utf8");
  const code = codeOnly(src);
  const lineOf = (i: number) => src.slice(0, i).split("\n").length;
  const consts = new Map<string, string>();
  for (const m of code.matchAll(/\bconst (\w+) = (?=[`"'])/g)) {
    const at = m.index + m[0].length;
    consts.set(m[1]!, src.slice(at, skipNonCode(src, at)));
  }
  const fns: Span[] = [];
  for (const m of code.matchAll(/(?:function (\w+)|const (\w+) = (?:async )?)(?:<[^>(]*>)?\s*\(/g)) {
    const paramsEnd = closing(src, m.index + m[0].length - 1);
    const body = /^[^;{]*?(=>\s*)?\{\s*$/m.exec(code.slice(paramsEnd + 1));
    if (!body) continue;
    const open = paramsEnd + 1 + body.index + body[0].lastIndexOf("{");
    fns.push({ name: (m[1] ?? m[2])!, start: m.index, end: closing(src, open) });
  }
  const innermost = (spans: Span[], i: number) =>
    spans.filter((f) => f.start <= i && i <= f.end).sort((a, b) => b.start - a.start)[0];
  // check(t, layer, what, ...) calls, and the same-file functions they call (their messages belong to the check)
  const checks: Span[] = [];
  for (const m of code.matchAll(/(?<![.\w])check\s*\(/g)) {
    const open = m.index + m[0].length - 1;
    const a = args(src, open);
    const layer = src
      .slice(...a[1]!)
      .trim()
      .replace(/"/g, "");
    const name = `${layer}: ${src.slice(...a[2]!).trim()} (line ${lineOf(m.index)})`;
    const end = closing(src, open);
    checks.push({ name, start: open, end });
    for (const c of code.slice(open, end).matchAll(/(?<![.\w])(\w+)\(/g)) {
      const f = fns.find((x) => x.name === c[1]);
      if (f && !f.name.startsWith("expect")) checks.push({ name, start: f.start, end: f.end });
    }
  }
  // wrappers: a same-file function whose catch rethrows with the caught message; calls to it wrap their callbacks
  const wrappers = fns.filter((f) =>
    /catch \(e\)[\s\S]*throw new Error\(`[^`]*\(e as Error\)\.message/.test(src.slice(f.start, f.end)),
  );
  const wrapped: Span[] = [];
  for (const w of wrappers) {
    for (const c of code.matchAll(new RegExp(`(?<![.\\w])${w.name}\\(`, "g"))) {
      if (c.index < w.start || c.index > w.end)
        wrapped.push({ name: w.name, start: c.index, end: closing(src, c.index + c[0].length - 1) });
    }
  }
  const out: AuditedMessage[] = [];
  for (const m of code.matchAll(
    /(?<![.\w])(expect\.fail|expect|new Error|settle|expectRuleGone|expectLocksSettle)\s*\(/g,
  )) {
    const open = m.index + m[0].length - 1;
    const arg = args(src, open)[MESSAGE_ARG[m[1]!]!];
    if (!arg) continue;
    const text = src.slice(...arg).trim();
    const lit = /^[`"']/.test(text) ? text : consts.get(text);
    if (lit === undefined) continue; // a parameter passed through: its callers' literals are audited
    const p = pieces(lit, consts);
    if (!p.some((x) => x.trim().length >= 4)) continue; // only placeholders: a rethrow of other messages
    out.push({
      file: rel,
      line: lineOf(m.index),
      fn: innermost(fns, m.index)?.name ?? "(top level)",
      check: innermost(checks, m.index)?.name,
      pieces: p,
      wrappedBy: innermost(wrapped, m.index)?.name,
      provenBy: [],
    });
  }
  return out;
}

/** Every failure message of lib/expect and lib/scenario, with the profiles that prove it. */
export function auditChecks(): AuditedMessage[] {
  const files = AUDITED_DIRS.flatMap((d) =>
    fs
      .readdirSync(path.join(ROOT, d))
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => `${d}/${f}`),
  );
  const all = files.flatMap(scanFile);
  const phrases = DETECTION_EXPECTATIONS.flatMap((e) =>
    e.mustFail.map((f) => ({ profile: e.profile, phrase: f.phrase })),
  );
  const fits = (m: AuditedMessage) => [
    ...new Set(phrases.filter((x) => phraseFits(m.pieces, x.phrase)).map((x) => x.profile)),
  ];
  for (const m of all) m.provenBy = fits(m);
  // A wrapped message is proven by what proves the wrapper's own message(s).
  for (const m of all.filter((x) => x.wrappedBy)) {
    const own = all.filter((x) => x.file === m.file && x.fn === m.wrappedBy);
    m.provenBy = [...new Set([...m.provenBy, ...own.flatMap((x) => x.provenBy)])];
  }
  return all;
}

export const describeMessage = (m: AuditedMessage) =>
  `${m.file}:${m.line} ${m.fn}${m.check ? ` [check ${m.check}]` : ""}: "${m.pieces.join("…")}"`;

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const all = auditChecks();
  const showAll = process.argv.includes("--all");
  for (const m of all) {
    if (showAll || m.provenBy.length === 0) {
      const by = m.provenBy.length
        ? `proven by ${m.provenBy.slice(0, 3).join(", ")}${m.provenBy.length > 3 ? ", …" : ""}`
        : "NOT PROVEN";
      console.log(`${by}\n  ${describeMessage(m)}${m.wrappedBy ? ` (wrapped by ${m.wrappedBy})` : ""}`);
    }
  }
  // Per check: the check(t, layer, what) call site (or, unwrapped, the function), its messages, how many proven.
  const byCheck = new Map<string, AuditedMessage[]>();
  for (const m of all) {
    const k = m.check ? `${m.file} check ${m.check}` : `${m.file} ${m.fn} (no check() wrapper)`;
    byCheck.set(k, [...(byCheck.get(k) ?? []), m]);
  }
  console.log("\nper check: proven/messages");
  for (const [k, ms] of byCheck) console.log(`  ${ms.filter((m) => m.provenBy.length).length}/${ms.length}  ${k}`);
  const unproven = all.filter((m) => m.provenBy.length === 0).length;
  console.log(`${all.length} failure messages, ${all.length - unproven} proven by a profile, ${unproven} not`);
}
