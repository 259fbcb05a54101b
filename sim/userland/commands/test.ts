// test / [ : file tests (-e -f -d -s -r -w -x), string tests (-z -n = !=), integers (-eq …), ! and -a/-o.

import type { CommandContext } from "../types.js";
import type { VStat } from "../vfs.js";

class TestSyntaxError extends Error {}

function evaluate(ctx: CommandContext, a: string[]): boolean {
  const orAt = a.indexOf("-o");
  if (orAt > 0) return evaluate(ctx, a.slice(0, orAt)) || evaluate(ctx, a.slice(orAt + 1));
  const andAt = a.indexOf("-a");
  if (andAt > 0) return evaluate(ctx, a.slice(0, andAt)) && evaluate(ctx, a.slice(andAt + 1));
  if (a[0] === "!") return !evaluate(ctx, a.slice(1));
  if (a.length === 0) return false;
  if (a.length === 1) return a[0] !== "";
  if (a.length === 2) return unary(ctx, a[0], a[1]);
  if (a.length === 3) return binary(a[0], a[1], a[2]);
  throw new TestSyntaxError("too many arguments");
}

function statOf(ctx: CommandContext, path: string): VStat | undefined {
  try {
    return ctx.fs.stat(path, ctx.cwd);
  } catch {
    return undefined;
  }
}

function unary(ctx: CommandContext, op: string, arg: string): boolean {
  if (op === "-z") return arg === "";
  if (op === "-n") return arg !== "";
  const st = statOf(ctx, arg);
  switch (op) {
    case "-e":
      return st !== undefined;
    case "-f":
      return st?.kind === "file";
    case "-d":
      return st?.kind === "dir";
    case "-c":
      return st?.kind === "char";
    case "-s":
      return st !== undefined && st.kind === "file" && st.size > 0;
    case "-r":
      return st !== undefined;
    case "-w":
      return st !== undefined && !st.readOnly;
    case "-x":
      return st !== undefined && (st.kind === "dir" || (st.mode & 0o111) !== 0);
    default:
      throw new TestSyntaxError(`${op}: unary operator expected`);
  }
}

function binary(l: string, op: string, r: string): boolean {
  switch (op) {
    case "=":
    case "==":
      return l === r;
    case "!=":
      return l !== r;
  }
  const a = Number(l);
  const b = Number(r);
  if (!Number.isInteger(a) || !Number.isInteger(b)) throw new TestSyntaxError("integer expression expected");
  switch (op) {
    case "-eq":
      return a === b;
    case "-ne":
      return a !== b;
    case "-lt":
      return a < b;
    case "-le":
      return a <= b;
    case "-gt":
      return a > b;
    case "-ge":
      return a >= b;
    default:
      throw new TestSyntaxError(`${op}: binary operator expected`);
  }
}

export function testCommand(bracket: boolean) {
  return (ctx: CommandContext, args: string[]): number => {
    let a = args;
    if (bracket) {
      if (a[a.length - 1] !== "]") {
        ctx.err("[: missing ]\n");
        return 2;
      }
      a = a.slice(0, -1);
    }
    try {
      return evaluate(ctx, a) ? 0 : 1;
    } catch (e) {
      ctx.err(`${bracket ? "[" : "test"}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  };
}
