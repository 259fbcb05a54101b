// findmnt over a list of mount rows (the guest's virtiofs mounts or a host's NFS/CephFS mounts).
// Supports -n, -o COLS, -t TYPE, --target/-T PATH, --source/-S SRC, -M/--mountpoint PATH and a positional
// path or source; exits 1 when nothing matches, as util-linux does.

import { posix } from "node:path";
import type { CommandContext } from "../types.js";

export interface MountRow {
  source: string;
  target: string;
  fstype: string;
  options: string;
}

const COLUMNS = ["TARGET", "SOURCE", "FSTYPE", "OPTIONS"] as const;
type Column = (typeof COLUMNS)[number];

function cell(row: MountRow, c: Column): string {
  return c === "TARGET" ? row.target : c === "SOURCE" ? row.source : c === "FSTYPE" ? row.fstype : row.options;
}

export function findmnt(rows: () => MountRow[]) {
  return (ctx: CommandContext, args: string[]): number => {
    let noHeadings = false;
    let columns: Column[] = [...COLUMNS];
    let target: string | undefined;
    let mountpoint: string | undefined;
    let source: string | undefined;
    let types: string[] | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const value = (): string => {
        const eq = a.indexOf("=");
        return eq > 0 ? a.slice(eq + 1) : (args[++i] ?? "");
      };
      if (a === "-n" || a === "--noheadings") noHeadings = true;
      else if (a === "-o" || a.startsWith("--output")) {
        const cols = value().toUpperCase().split(",");
        const bad = cols.filter((c) => !(COLUMNS as readonly string[]).includes(c));
        if (bad.length) {
          ctx.err(`findmnt: unknown column: ${bad[0]}\n`);
          return 1;
        }
        columns = cols as Column[];
      } else if (a === "-T" || a.startsWith("--target")) target = value();
      else if (a === "-M" || a.startsWith("--mountpoint")) mountpoint = value();
      else if (a === "-S" || a.startsWith("--source")) source = value();
      else if (a === "-t" || a.startsWith("--types")) types = value().split(",");
      else if (a === "-l" || a === "--list" || a === "-r" || a === "--raw") continue;
      else if (a.startsWith("-")) {
        ctx.err(`findmnt: unsupported option '${a}' in this simulator\n`);
        return 1;
      } else if (a.startsWith("/") && !a.includes(":")) mountpoint = a;
      else source = a;
    }
    let selected = rows();
    if (types) selected = selected.filter((r) => types?.includes(r.fstype));
    if (source !== undefined) selected = selected.filter((r) => r.source === source);
    if (mountpoint !== undefined) {
      const m = posix.resolve(ctx.cwd, mountpoint);
      selected = selected.filter((r) => r.target === m);
    }
    if (target !== undefined) {
      // the mount holding the path: the longest target that is a prefix
      const t = posix.resolve(ctx.cwd, target);
      const holders = selected.filter((r) => t === r.target || t.startsWith(r.target === "/" ? "/" : `${r.target}/`));
      holders.sort((x, y) => y.target.length - x.target.length);
      selected = holders.slice(0, 1);
    }
    if (selected.length === 0) return 1;
    const table = selected.map((r) => columns.map((c) => cell(r, c)));
    if (!noHeadings) table.unshift([...columns]);
    const widths = columns.map((_c, i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) {
      ctx.out(`${row.map((v, i) => (i === row.length - 1 ? v : v.padEnd(widths[i]))).join(" ")}\n`);
    }
    return 0;
  };
}
