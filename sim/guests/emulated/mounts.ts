// The emulated guest kernel's mount table (in memory: a reboot forgets it) and the commands over it:
// mount, umount, df, findmnt, /proc/mounts. A virtiofs mount resolves its tag through the server's CURRENT host
// (GuestSpec.locate -> ComputeHost.resolveVirtiofs) at every file operation.

import type { GuestSpec } from "../../contracts.js";
import { splitFlags } from "../../userland/commands/files.js";
import { findmnt, type MountRow } from "../../userland/commands/findmnt.js";
import type { CommandContext, CommandTable } from "../../userland/types.js";
import type { MountResolution, OverlayMount, VirtualFs } from "../../userland/vfs.js";

export interface GuestMount extends OverlayMount {
  tag: string;
}

const BASE_ROWS: MountRow[] = [
  { source: "/dev/vda1", target: "/", fstype: "ext4", options: "rw,relatime" },
  { source: "proc", target: "/proc", fstype: "proc", options: "rw,nosuid,nodev,noexec,relatime" },
  { source: "sysfs", target: "/sys", fstype: "sysfs", options: "rw,nosuid,nodev,noexec,relatime" },
  { source: "devtmpfs", target: "/dev", fstype: "devtmpfs", options: "rw,nosuid,size=241820k,mode=755" },
  { source: "tmpfs", target: "/run", fstype: "tmpfs", options: "rw,nosuid,nodev,mode=755" },
];

export interface FstabEntry {
  source: string;
  target: string;
  fstype: string;
  options: string[];
}

export function readFstab(fs: VirtualFs): FstabEntry[] {
  let text: string;
  try {
    text = fs.readFile("/etc/fstab").toString("utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(/\s+/))
    .filter((f) => f.length >= 3)
    .map(([source, target, fstype, options]) => ({
      source,
      target: fs.normalize(target),
      fstype,
      options: (options ?? "defaults").split(","),
    }));
}

/** Nominal size of a virtiofs share in df (the share's real size is Manila's business). */
const SHARE_BYTES = 1 << 30;
const ROOT_BYTES = 10 * (1 << 30);

export class GuestMountTable {
  private list: GuestMount[] = [];

  constructor(
    private readonly spec: GuestSpec,
    private readonly console: (line: string) => void,
  ) {}

  mounts(): readonly GuestMount[] {
    return this.list;
  }

  /** What the tag reaches right now, through the host the server currently runs on. */
  resolveTag(tag: string): MountResolution {
    const where = this.spec.locate();
    if (!where) return { error: "Input/output error: the server is not running on any compute host" };
    return where.host.resolveVirtiofs(where.instanceName, tag);
  }

  private tagExists(tag: string): boolean {
    const where = this.spec.locate();
    const fss = where?.host.domain(where.instanceName)?.filesystems ?? [];
    return fss.some((f) => f.tag === tag && (f.driver ?? "virtiofs") === "virtiofs");
  }

  rows(): MountRow[] {
    return [
      ...BASE_ROWS,
      // The guest's own mount options only: FUSE has no way to tell the guest kernel its export is read-only, so a
      // read-only export (ro rule, ro host mount, <readonly/>) still shows rw here; its writes fail with EROFS.
      ...this.list.map((m) => ({
        source: m.tag,
        target: m.target,
        fstype: "virtiofs",
        options: `${m.readOnly ? "ro" : "rw"},relatime`,
      })),
    ];
  }

  procMounts(): Buffer {
    return Buffer.from(
      this.rows()
        .map((r) => `${r.source} ${r.target} ${r.fstype} ${r.options} 0 0\n`)
        .join(""),
    );
  }

  commands(): CommandTable {
    return {
      mount: (ctx, args) => this.mount(ctx, args),
      umount: (ctx, args) => this.umount(ctx, args),
      df: (ctx, args) => this.df(ctx, args),
      findmnt: findmnt(() => this.rows()),
    };
  }

  private mount(ctx: CommandContext, args: string[]): number {
    let type: string | undefined;
    const options: string[] = [];
    const operands: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "-t") type = args[++i];
      else if (args[i] === "-o") options.push(...(args[++i] ?? "").split(","));
      else if (args[i] === "-r" || args[i] === "--read-only") options.push("ro");
      else if (args[i].startsWith("-")) continue;
      else operands.push(args[i]);
    }
    if (args.includes("-a")) return this.mountAll(ctx.fs, (line) => ctx.err(`${line}\n`));
    if (operands.length === 0) {
      for (const r of this.rows().filter((x) => !type || x.fstype === type)) {
        ctx.out(`${r.source} on ${r.target} type ${r.fstype} (${r.options})\n`);
      }
      return 0;
    }
    if (operands.length === 1) {
      const entry = readFstab(ctx.fs).find(
        (e) => e.source === operands[0] || e.target === ctx.fs.normalize(operands[0], ctx.cwd),
      );
      if (!entry) {
        ctx.err(`mount: ${operands[0]}: can't find in /etc/fstab.\n`);
        return 1;
      }
      type = entry.fstype;
      options.push(...entry.options);
      operands.splice(0, 1, entry.source, entry.target);
    }
    if (operands.length !== 2) {
      ctx.err("mount: bad usage\n");
      return 1;
    }
    const [tag, dir] = operands;
    const target = ctx.fs.normalize(dir, ctx.cwd);
    if (type !== "virtiofs") {
      ctx.err(
        type === undefined
          ? `mount: ${target}: special device ${tag} does not exist.\n`
          : `mount: ${target}: unknown filesystem type '${type}'.\n`,
      );
      return 32;
    }
    const problem = this.mountVirtiofs(ctx.fs, tag, target, options.includes("ro"));
    if (problem) {
      ctx.err(`${problem}\n`);
      return 32;
    }
    return 0;
  }

  /** The kernel side of `mount -t virtiofs TAG TARGET`; returns mount(8)'s error text, or undefined. */
  mountVirtiofs(fs: VirtualFs, tag: string, target: string, readOnly: boolean): string | undefined {
    let isDir: boolean;
    try {
      isDir = fs.stat(target).kind === "dir";
    } catch {
      return `mount: ${target}: mount point does not exist.`;
    }
    if (!isDir) return `mount: ${target}: mount point is not a directory.`;
    if (this.list.some((m) => m.target === target)) return `mount: ${target}: ${tag} already mounted on ${target}.`;
    const resolution = this.tagExists(tag) ? this.resolveTag(tag) : undefined;
    if (!resolution || "error" in resolution) {
      if (!resolution) this.console(`virtio-fs: tag <${tag}> not found`);
      return (
        `mount: ${target}: wrong fs type, bad option, bad superblock on ${tag}, missing codepage or helper program, or other error.\n` +
        "       dmesg(1) may have more information after failed mount system call."
      );
    }
    this.list.push({ tag, target, readOnly, resolve: () => this.resolveTag(tag) });
    return undefined;
  }

  /** `mount -a` and boot: every virtiofs line of /etc/fstab without noauto that is not mounted yet. */
  mountAll(fs: VirtualFs, report: (line: string) => void): number {
    let status = 0;
    for (const e of readFstab(fs)) {
      if (e.fstype !== "virtiofs" || e.options.includes("noauto") || this.list.some((m) => m.target === e.target))
        continue;
      const problem = this.mountVirtiofs(fs, e.source, e.target, e.options.includes("ro"));
      if (problem) {
        report(problem);
        status = 32;
      }
    }
    return status;
  }

  private umount(ctx: CommandContext, args: string[]): number {
    const { operands } = splitFlags(args);
    if (operands.length === 0) {
      ctx.err("umount: bad usage\n");
      return 1;
    }
    let status = 0;
    for (const what of operands) {
      const target = ctx.fs.normalize(what, ctx.cwd);
      let idx = -1;
      this.list.forEach((m, i) => {
        if (m.target === target || m.tag === what) idx = i;
      });
      if (idx < 0) {
        const exists = ctx.fs.exists(target);
        ctx.err(exists ? `umount: ${target}: not mounted.\n` : `umount: ${what}: no mount point specified.\n`);
        status = 32;
        continue;
      }
      const m = this.list[idx];
      if (ctx.cwd === m.target || ctx.cwd.startsWith(`${m.target}/`)) {
        ctx.err(`umount: ${m.target}: target is busy.\n`);
        status = 32;
        continue;
      }
      this.list.splice(idx, 1);
    }
    return status;
  }

  private df(ctx: CommandContext, args: string[]): number {
    const { flags, operands } = splitFlags(args);
    const human = flags.has("h");
    const rows = this.rows().filter((r) => r.fstype === "ext4" || r.fstype === "virtiofs");
    let selected = rows;
    if (operands.length) {
      selected = [];
      for (const p of operands) {
        const path = ctx.fs.normalize(p, ctx.cwd);
        if (!ctx.fs.exists(path)) {
          try {
            ctx.fs.stat(path);
          } catch (e) {
            ctx.err(`df: ${p}: ${e instanceof Error ? e.message : String(e)}\n`);
            return 1;
          }
        }
        const holder = [...rows]
          .sort((a, b) => b.target.length - a.target.length)
          .find((r) => path === r.target || path.startsWith(r.target === "/" ? "/" : `${r.target}/`));
        if (holder) selected.push(holder);
      }
    }
    const fmt = (bytes: number): string => (human ? humanSize(bytes) : String(Math.ceil(bytes / 1024)));
    const lines = [
      ["Filesystem", human ? "Size" : "1K-blocks", "Used", human ? "Avail" : "Available", "Use%", "Mounted on"],
    ];
    let status = 0;
    for (const r of selected) {
      const total = r.fstype === "ext4" ? ROOT_BYTES : SHARE_BYTES;
      let used: number;
      try {
        used = ctx.fs.usage(r.target);
      } catch (e) {
        ctx.err(`df: ${r.target}: ${e instanceof Error ? e.message : String(e)}\n`);
        status = 1;
        continue;
      }
      const pct = `${Math.ceil((used / total) * 100)}%`;
      lines.push([r.source, fmt(total), fmt(used), fmt(Math.max(0, total - used)), pct, r.target]);
    }
    const widths = lines[0].map((_c, i) => Math.max(...lines.map((l) => l[i].length)));
    for (const l of lines) ctx.out(`${l.map((v, i) => (i === l.length - 1 ? v : v.padEnd(widths[i]))).join(" ")}\n`);
    return status;
  }
}

function humanSize(bytes: number): string {
  const units = ["", "K", "M", "G", "T"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? String(v) : `${v < 10 ? v.toFixed(1) : Math.round(v)}${units[u]}`;
}
