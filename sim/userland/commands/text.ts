// Text and checksum commands: echo, printf, grep, wc, head, tail, sha256sum, md5sum.

import { createHash } from "node:crypto";
import type { CommandContext, CommandTable } from "../types.js";
import { splitFlags } from "./files.js";

function backslashEscapes(s: string): string {
  return s.replace(/\\(n|t|r|\\|0[0-7]{0,3}|a|b|f|v|c)/g, (_m, c: string) => {
    if (c === "n") return "\n";
    if (c === "t") return "\t";
    if (c === "r") return "\r";
    if (c === "\\") return "\\";
    if (c === "a") return "\x07";
    if (c === "b") return "\b";
    if (c === "f") return "\f";
    if (c === "v") return "\v";
    if (c === "c") return "";
    return String.fromCharCode(Number.parseInt(c.slice(1) || "0", 8));
  });
}

const echo = (ctx: CommandContext, args: string[]): number => {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    if (args[i].includes("n")) newline = false;
    if (args[i].includes("e")) escapes = true;
    if (args[i].includes("E")) escapes = false;
  }
  const text = args.slice(i).join(" ");
  ctx.out((escapes ? backslashEscapes(text) : text) + (newline ? "\n" : ""));
  return 0;
};

/** printf FORMAT [ARG...]: %s %d %i %x %o %c %%, backslash escapes; the format is reused for extra arguments. */
const printf = (ctx: CommandContext, args: string[]): number => {
  const [format, ...rest] = args;
  if (format === undefined) {
    ctx.err("printf: usage: printf format [arguments]\n");
    return 2;
  }
  const fmt = backslashEscapes(format);
  let argIndex = 0;
  const render = (): string =>
    fmt.replace(/%(-?\d*)([sdixoc%])/g, (_m, width: string, conv: string) => {
      if (conv === "%") return "%";
      const arg = rest[argIndex++] ?? "";
      let s: string;
      if (conv === "s") s = arg;
      else if (conv === "c") s = arg.slice(0, 1);
      else {
        const n = Number.parseInt(arg || "0", 10) || 0;
        s = conv === "x" ? n.toString(16) : conv === "o" ? n.toString(8) : String(n);
      }
      const w = Number.parseInt(width || "0", 10);
      return w < 0 ? s.padEnd(-w) : s.padStart(w);
    });
  let out = render();
  while (argIndex > 0 && argIndex < rest.length) out += render();
  ctx.out(out);
  return 0;
};

function inputs(ctx: CommandContext, files: string[], cmd: string): { name: string; data: Buffer }[] | number {
  const result: { name: string; data: Buffer }[] = [];
  for (const f of files.length ? files : ["-"]) {
    if (f === "-") {
      result.push({ name: "-", data: ctx.stdin });
      continue;
    }
    try {
      result.push({ name: f, data: ctx.fs.readFile(f, ctx.cwd) });
    } catch (e) {
      ctx.err(`${cmd}: ${f}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  return result;
}

function checksum(algo: "sha256" | "md5") {
  return (ctx: CommandContext, args: string[]): number => {
    const { operands } = splitFlags(args);
    let status = 0;
    for (const f of operands.length ? operands : ["-"]) {
      const got = inputs(ctx, [f], `${algo}sum`);
      if (typeof got === "number") {
        status = got;
        continue;
      }
      ctx.out(`${createHash(algo).update(got[0].data).digest("hex")}  ${f}\n`);
    }
    return status;
  };
}

const grep = (ctx: CommandContext, args: string[]): number => {
  const flags = new Set<string>();
  const operands: string[] = [];
  const patterns: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-e") patterns.push(args[++i] ?? "");
    else if (a.startsWith("-") && a.length > 1 && operands.length === 0) for (const c of a.slice(1)) flags.add(c);
    else operands.push(a);
  }
  if (patterns.length === 0 && operands.length > 0) patterns.push(operands.shift()!);
  if (patterns.length === 0) {
    ctx.err("Usage: grep [OPTION]... PATTERNS [FILE]...\n");
    return 2;
  }
  const esc = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const source = patterns.map((p) =>
    flags.has("F") ? esc(p) : flags.has("E") ? p : p.replace(/\\([|()+?{}])/g, "$1"),
  );
  const re = new RegExp(flags.has("x") ? `^(?:${source.join("|")})$` : source.join("|"), flags.has("i") ? "i" : "");
  const got = inputs(ctx, operands, "grep");
  if (typeof got === "number") return 2;
  let matches = 0;
  for (const { name, data } of got) {
    const lines = data.toString("utf8").split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    let count = 0;
    for (const line of lines) {
      if (re.test(line) === flags.has("v")) continue;
      count++;
      if (!flags.has("q") && !flags.has("c") && !flags.has("l"))
        ctx.out(`${got.length > 1 ? `${name}:` : ""}${line}\n`);
    }
    if (flags.has("c")) ctx.out(`${got.length > 1 ? `${name}:` : ""}${count}\n`);
    if (flags.has("l") && count > 0) ctx.out(`${name}\n`);
    matches += count;
  }
  return matches > 0 ? 0 : 1;
};

const wc = (ctx: CommandContext, args: string[]): number => {
  const { flags, operands } = splitFlags(args);
  const got = inputs(ctx, operands, "wc");
  if (typeof got === "number") return got;
  for (const { name, data } of got) {
    const counts: number[] = [];
    const all = !flags.has("l") && !flags.has("c") && !flags.has("w");
    if (all || flags.has("l")) counts.push(data.toString("utf8").split("\n").length - 1);
    if (all || flags.has("w")) counts.push(data.toString("utf8").split(/\s+/).filter(Boolean).length);
    if (all || flags.has("c")) counts.push(data.length);
    ctx.out(`${counts.join(" ")}${name === "-" ? "" : ` ${name}`}\n`);
  }
  return 0;
};

function headTail(which: "head" | "tail") {
  return (ctx: CommandContext, args: string[]): number => {
    let n = 10;
    let bytes: number | undefined;
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "-n") n = Number(args[++i]);
      else if (args[i] === "-c") bytes = Number(args[++i]);
      else if (/^-\d+$/.test(args[i])) n = Number(args[i].slice(1));
      else files.push(args[i]);
    }
    const got = inputs(ctx, files, which);
    if (typeof got === "number") return got;
    for (const { data } of got) {
      if (bytes !== undefined) {
        ctx.out(which === "head" ? data.subarray(0, bytes) : data.subarray(Math.max(0, data.length - bytes)));
        continue;
      }
      const lines = data.toString("utf8").split("\n");
      const trailing = lines[lines.length - 1] === "";
      if (trailing) lines.pop();
      const pick = which === "head" ? lines.slice(0, n) : lines.slice(Math.max(0, lines.length - n));
      if (pick.length) ctx.out(`${pick.join("\n")}\n`);
    }
    return 0;
  };
}

export const textCommands: CommandTable = {
  echo,
  printf,
  grep,
  wc,
  head: headTail("head"),
  tail: headTail("tail"),
  sha256sum: checksum("sha256"),
  md5sum: checksum("md5"),
};
