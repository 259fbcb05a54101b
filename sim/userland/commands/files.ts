// File commands: cat, ls, stat, mkdir, rm, rmdir, touch, cp, mv, chmod.

import { posix } from "node:path";
import { FsError } from "../fsError.js";
import { type CommandContext, type CommandTable, describeError } from "../types.js";
import type { VStat } from "../vfs.js";

/** Splits "-la" style flags from operands; "--" ends options. */
export function splitFlags(args: string[]): { flags: Set<string>; operands: string[] } {
  const flags = new Set<string>();
  const operands: string[] = [];
  let done = false;
  for (const a of args) {
    if (!done && a === "--") done = true;
    else if (!done && a.startsWith("--") && a.length > 2) flags.add(a);
    else if (!done && a.startsWith("-") && a.length > 1) for (const c of a.slice(1)) flags.add(c);
    else operands.push(a);
  }
  return { flags, operands };
}

/** "cat: ARG: No such file or directory" — coreutils name the operand as the user typed it. */
function fail(ctx: CommandContext, cmd: string, arg: string, e: unknown): number {
  ctx.err(`${cmd}: ${e instanceof FsError ? `${arg}: ${e.message}` : describeError(e)}\n`);
  return 1;
}

const cat = (ctx: CommandContext, args: string[]): number => {
  const { operands } = splitFlags(args);
  let status = 0;
  for (const f of operands.length ? operands : ["-"]) {
    if (f === "-") {
      ctx.out(ctx.stdin);
      continue;
    }
    try {
      ctx.out(ctx.fs.readFile(f, ctx.cwd, 64 * 1024));
    } catch (e) {
      status = fail(ctx, "cat", f, e);
    }
  }
  return status;
};

function modeString(st: VStat): string {
  const type = st.kind === "dir" ? "d" : st.kind === "char" ? "c" : "-";
  const bits = "rwxrwxrwx";
  let s = "";
  for (let i = 0; i < 9; i++) s += st.mode & (1 << (8 - i)) ? bits[i] : "-";
  return type + s;
}

function lsDate(ms: number): string {
  const d = new Date(ms);
  const mon = d.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${mon} ${String(d.getUTCDate()).padStart(2, " ")} ${hh}:${mm}`;
}

function longLine(st: VStat, name: string): string {
  return `${modeString(st)} 1 root root ${String(st.size).padStart(6, " ")} ${lsDate(st.mtimeMs)} ${name}\n`;
}

const ls = (ctx: CommandContext, args: string[]): number => {
  const { flags, operands } = splitFlags(args);
  const long = flags.has("l");
  const all = flags.has("a");
  const targets = operands.length ? operands : ["."];
  let status = 0;
  targets.forEach((target, idx) => {
    let st: VStat;
    try {
      st = ctx.fs.stat(target, ctx.cwd);
    } catch (e) {
      ctx.err(`ls: cannot access '${target}': ${e instanceof Error ? e.message : String(e)}\n`);
      status = 2;
      return;
    }
    if (st.kind !== "dir" || flags.has("d")) {
      ctx.out(long ? longLine(st, target) : `${target}\n`);
      return;
    }
    let names: string[];
    try {
      names = ctx.fs.readdir(target, ctx.cwd);
    } catch (e) {
      ctx.err(`ls: cannot open directory '${target}': ${e instanceof Error ? e.message : String(e)}\n`);
      status = 2;
      return;
    }
    if (!all) names = names.filter((n) => !n.startsWith("."));
    else names = [".", "..", ...names];
    if (targets.length > 1) ctx.out(`${idx > 0 ? "\n" : ""}${target}:\n`);
    if (long) ctx.out(`total ${names.length * 4}\n`);
    for (const n of names) {
      if (!long) {
        ctx.out(`${n}\n`);
        continue;
      }
      try {
        ctx.out(longLine(ctx.fs.stat(posix.join(target, n), ctx.cwd), n));
      } catch (e) {
        status = fail(ctx, "ls", posix.join(target, n), e);
      }
    }
  });
  return status;
};

function statFormat(fmt: string, name: string, st: VStat): string {
  const kinds = {
    file: st.size === 0 ? "regular empty file" : "regular file",
    dir: "directory",
    char: "character special file",
  };
  return fmt.replace(/%([sanFUGYx%])/g, (_m, c: string) => {
    switch (c) {
      case "s":
        return String(st.size);
      case "a":
        return (st.mode & 0o7777).toString(8);
      case "n":
        return name;
      case "F":
        return kinds[st.kind];
      case "U":
      case "G":
        return "root";
      case "Y":
        return String(Math.floor(st.mtimeMs / 1000));
      case "x":
        return new Date(st.mtimeMs).toISOString();
      default:
        return "%";
    }
  });
}

const stat = (ctx: CommandContext, args: string[]): number => {
  let fmt: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-c" || args[i] === "--format" || args[i] === "--printf") fmt = args[++i];
    else if (args[i].startsWith("--format=")) fmt = args[i].slice(9);
    else if (args[i] === "-L") continue;
    else rest.push(args[i]);
  }
  if (rest.length === 0) {
    ctx.err("stat: missing operand\n");
    return 1;
  }
  let status = 0;
  for (const f of rest) {
    try {
      const st = ctx.fs.stat(f, ctx.cwd);
      const text =
        fmt ??
        `  File: %n\n  Size: %s\tType: %F\nAccess: (0%a)  Uid: (    0/    root)   Gid: (    0/    root)\nModify: %x`;
      ctx.out(`${statFormat(text, f, st)}\n`);
    } catch (e) {
      ctx.err(`stat: cannot statx '${f}': ${e instanceof Error ? e.message : String(e)}\n`);
      status = 1;
    }
  }
  return status;
};

const mkdir = (ctx: CommandContext, args: string[]): number => {
  const { flags, operands } = splitFlags(args.filter((a, i) => a !== "-m" && args[i - 1] !== "-m"));
  let status = 0;
  for (const d of operands) {
    try {
      ctx.fs.mkdir(d, { parents: flags.has("p"), cwd: ctx.cwd });
    } catch (e) {
      ctx.err(`mkdir: cannot create directory '${d}': ${e instanceof Error ? e.message : String(e)}\n`);
      status = 1;
    }
  }
  return status;
};

const rm = (ctx: CommandContext, args: string[]): number => {
  const { flags, operands } = splitFlags(args);
  const force = flags.has("f");
  let status = 0;
  for (const f of operands) {
    try {
      ctx.fs.remove(f, { recursive: flags.has("r") || flags.has("R"), cwd: ctx.cwd });
    } catch (e) {
      if (force && e instanceof FsError && e.code === "ENOENT") continue;
      ctx.err(`rm: cannot remove '${f}': ${e instanceof Error ? e.message : String(e)}\n`);
      status = 1;
    }
  }
  return status;
};

const rmdir = (ctx: CommandContext, args: string[]): number => {
  let status = 0;
  for (const d of splitFlags(args).operands) {
    try {
      ctx.fs.remove(d, { dirOnly: true, cwd: ctx.cwd });
    } catch (e) {
      ctx.err(`rmdir: failed to remove '${d}': ${e instanceof Error ? e.message : String(e)}\n`);
      status = 1;
    }
  }
  return status;
};

const touch = (ctx: CommandContext, args: string[]): number => {
  let status = 0;
  for (const f of splitFlags(args).operands) {
    try {
      ctx.fs.touch(f, ctx.cwd);
    } catch (e) {
      ctx.err(`touch: cannot touch '${f}': ${e instanceof Error ? e.message : String(e)}\n`);
      status = 1;
    }
  }
  return status;
};

function copy(ctx: CommandContext, cmd: "cp" | "mv", args: string[]): number {
  const { operands } = splitFlags(args);
  if (operands.length < 2) {
    ctx.err(`${cmd}: missing destination file operand after '${operands[0] ?? ""}'\n`);
    return 1;
  }
  const dest = operands[operands.length - 1];
  let status = 0;
  for (const src of operands.slice(0, -1)) {
    try {
      const data = ctx.fs.readFile(src, ctx.cwd);
      const destIsDir = ctx.fs.exists(dest, ctx.cwd) && ctx.fs.stat(dest, ctx.cwd).kind === "dir";
      ctx.fs.writeFile(destIsDir ? posix.join(dest, posix.basename(src)) : dest, data, { cwd: ctx.cwd });
      if (cmd === "mv") ctx.fs.remove(src, { cwd: ctx.cwd });
    } catch (e) {
      status = fail(ctx, cmd, src, e);
    }
  }
  return status;
}

const chmod = (ctx: CommandContext, args: string[]): number => {
  const [mode, ...files] = args;
  if (!mode || !/^[0-7]{3,4}$/.test(mode)) {
    ctx.err(`chmod: invalid mode: '${mode ?? ""}' (only octal modes are supported)\n`);
    return 1;
  }
  let status = 0;
  for (const f of files) {
    try {
      ctx.fs.chmod(f, Number.parseInt(mode, 8), ctx.cwd);
    } catch (e) {
      ctx.err(`chmod: changing permissions of '${f}': ${e instanceof Error ? e.message : String(e)}\n`);
      status = 1;
    }
  }
  return status;
};

export const fileCommands: CommandTable = {
  cat,
  ls,
  stat,
  mkdir,
  rm,
  rmdir,
  touch,
  cp: (ctx, args) => copy(ctx, "cp", args),
  mv: (ctx, args) => copy(ctx, "mv", args),
  chmod,
};
