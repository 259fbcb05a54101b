// dd if=… of=… bs=… count=… [status=none] [conv=…/oflag=… ignored].

import type { CommandContext } from "../types.js";

const UNITS: Record<string, number> = { "": 1, c: 1, w: 2, b: 512, K: 1024, k: 1024, M: 1 << 20, G: 1 << 30 };
const MAX_BYTES = 256 * (1 << 20);

function size(text: string): number | undefined {
  const m = /^(\d+)([cwbkKMG]?)$/.exec(text);
  return m ? Number(m[1]) * UNITS[m[2]] : undefined;
}

export const dd = (ctx: CommandContext, args: string[]): number => {
  const op: Record<string, string> = {};
  for (const a of args) {
    const eq = a.indexOf("=");
    if (eq <= 0) {
      ctx.err(`dd: unrecognized operand '${a}'\n`);
      return 1;
    }
    op[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const bs = size(op.bs ?? "512");
  const count = op.count === undefined ? undefined : size(op.count);
  if (bs === undefined || bs === 0 || (op.count !== undefined && count === undefined)) {
    ctx.err(`dd: invalid number: '${op.bs ?? op.count}'\n`);
    return 1;
  }
  const wanted = count === undefined ? undefined : bs * count;
  if (wanted !== undefined && wanted > MAX_BYTES) {
    ctx.err(`dd: this emulated guest copies at most ${MAX_BYTES} bytes per dd\n`);
    return 1;
  }
  let data: Buffer;
  try {
    if (op.if === undefined) data = ctx.stdin;
    else data = ctx.fs.readFile(op.if, ctx.cwd, wanted ?? 1 << 20);
  } catch (e) {
    ctx.err(`dd: failed to open '${op.if}': ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (wanted !== undefined) data = data.subarray(0, wanted);
  try {
    if (op.of === undefined) ctx.out(data);
    else ctx.fs.writeFile(op.of, data, { cwd: ctx.cwd, append: (op.oflag ?? "").includes("append") });
  } catch (e) {
    ctx.err(`dd: failed to open '${op.of}': ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (op.status !== "none") {
    const full = Math.floor(data.length / bs);
    const partial = data.length % bs ? 1 : 0;
    ctx.err(
      `${full}+${partial} records in\n${full}+${partial} records out\n${data.length} bytes copied, 0.00123 s, 1.0 GB/s\n`,
    );
  }
  return 0;
};
