// The file tree an emulated machine sees: a real root directory on disk, overlaid by mounts whose backing
// directory is resolved AT EVERY OPERATION (so a share revoked or unmounted on the host shows up as an I/O error
// at once), plus a few special files (/proc/mounts, /dev/null, ...). Every path is normalised and every real
// path is checked to stay inside its root or share directory (no `..`, no symlink escapes).

import * as fs from "node:fs";
import { join, posix, sep } from "node:path";
import { errnoForResolveError, FsError, fromNodeError } from "./fsError.js";

export type MountResolution = { dir: string; readOnly: boolean } | { error: string };

export interface OverlayMount {
  /** Absolute path inside the machine. */
  target: string;
  /** Mounted read-only by the machine (`-o ro`). */
  readOnly: boolean;
  resolve(): MountResolution;
}

export interface SpecialFile {
  kind: "char" | "file";
  /** Content when read (character devices: one read's worth; /dev/urandom is read through `readSpecial`). */
  read(size?: number): Buffer;
  /** Writes are discarded (char devices) unless this throws. */
  writable: boolean;
}

export interface VfsOptions {
  rootDir: string;
  mounts: () => readonly OverlayMount[];
  specials?: Record<string, SpecialFile>;
}

export type NodeKind = "file" | "dir" | "char";

export interface VStat {
  kind: NodeKind;
  size: number;
  mode: number; // permission bits
  mtimeMs: number;
  readOnly: boolean;
}

/** Where a machine path lives right now. */
export interface Located {
  path: string; // normalised machine path
  real: string; // host path
  base: string; // root or share dir the real path must stay in
  readOnly: boolean;
  mount: OverlayMount | undefined;
  special: SpecialFile | undefined;
}

export class VirtualFs {
  private readonly specials: Record<string, SpecialFile>;

  constructor(private readonly opts: VfsOptions) {
    this.specials = opts.specials ?? {};
  }

  normalize(path: string, cwd = "/"): string {
    return posix.resolve(cwd, path);
  }

  /** The innermost mount holding `path` (already normalised), if any. */
  mountAt(path: string): OverlayMount | undefined {
    let best: OverlayMount | undefined;
    for (const m of this.opts.mounts()) {
      const inside = path === m.target || path.startsWith(m.target === "/" ? "/" : `${m.target}/`);
      if (inside && (!best || m.target.length >= best.target.length)) best = m;
    }
    return best;
  }

  locate(path: string, cwd = "/"): Located {
    const p = this.normalize(path, cwd);
    const special = this.specials[p];
    const mount = this.mountAt(p);
    if (special) return { path: p, real: "", base: "", readOnly: !special.writable, mount: undefined, special };
    if (mount) {
      const r = mount.resolve();
      if ("error" in r) throw new FsError(errnoForResolveError(r.error), p);
      const rel = posix.relative(mount.target, p);
      const real = rel === "" ? r.dir : join(r.dir, ...rel.split("/"));
      const loc: Located = { path: p, real, base: r.dir, readOnly: mount.readOnly || r.readOnly, mount, special };
      this.checkContained(loc);
      return loc;
    }
    const real = join(this.opts.rootDir, ...p.split("/"));
    const loc: Located = { path: p, real, base: this.opts.rootDir, readOnly: false, mount: undefined, special };
    this.checkContained(loc);
    return loc;
  }

  /** Refuses real paths that leave their base through a symlink. */
  private checkContained(loc: Pick<Located, "real" | "base" | "path">): void {
    let baseReal: string;
    try {
      baseReal = fs.realpathSync(loc.base);
    } catch (err) {
      throw fromNodeError(err, loc.path);
    }
    let probe = loc.real;
    for (;;) {
      let real: string | undefined;
      try {
        real = fs.realpathSync(probe);
      } catch {
        real = undefined;
      }
      if (real !== undefined) {
        if (real !== baseReal && !real.startsWith(baseReal + sep)) throw new FsError("EACCES", loc.path);
        return;
      }
      if (probe === loc.base || probe.length <= loc.base.length) return;
      probe = posix.dirname(probe);
    }
  }

  stat(path: string, cwd = "/"): VStat {
    const loc = this.locate(path, cwd);
    if (loc.special) return { kind: loc.special.kind, size: 0, mode: 0o666, mtimeMs: 0, readOnly: loc.readOnly };
    try {
      const st = fs.statSync(loc.real);
      const kind: NodeKind = st.isDirectory() ? "dir" : "file";
      return {
        kind,
        size: kind === "dir" ? 4096 : st.size,
        mode: st.mode & 0o7777,
        mtimeMs: st.mtimeMs,
        readOnly: loc.readOnly,
      };
    } catch (err) {
      throw fromNodeError(err, loc.path);
    }
  }

  exists(path: string, cwd = "/"): boolean {
    try {
      this.stat(path, cwd);
      return true;
    } catch {
      return false;
    }
  }

  readFile(path: string, cwd = "/", size?: number): Buffer {
    const loc = this.locate(path, cwd);
    if (loc.special) return loc.special.read(size);
    try {
      if (fs.statSync(loc.real).isDirectory()) throw new FsError("EISDIR", loc.path);
      return fs.readFileSync(loc.real);
    } catch (err) {
      throw fromNodeError(err, loc.path);
    }
  }

  writeFile(path: string, data: Buffer, opts: { append?: boolean; cwd?: string } = {}): void {
    const loc = this.locate(path, opts.cwd);
    if (loc.special) {
      if (!loc.special.writable) throw new FsError("EACCES", loc.path);
      return;
    }
    if (loc.readOnly) throw new FsError("EROFS", loc.path);
    try {
      if (fs.existsSync(loc.real) && fs.statSync(loc.real).isDirectory()) throw new FsError("EISDIR", loc.path);
      if (opts.append) fs.appendFileSync(loc.real, data);
      else fs.writeFileSync(loc.real, data);
    } catch (err) {
      throw fromNodeError(err, loc.path);
    }
  }

  readdir(path: string, cwd = "/"): string[] {
    const loc = this.locate(path, cwd);
    if (loc.special) throw new FsError("ENOTDIR", loc.path);
    let names: string[];
    try {
      names = fs.readdirSync(loc.real);
    } catch (err) {
      throw fromNodeError(err, loc.path);
    }
    const prefix = loc.path === "/" ? "/" : `${loc.path}/`;
    for (const s of Object.keys(this.specials)) {
      if (s.startsWith(prefix) && !s.slice(prefix.length).includes("/")) names.push(s.slice(prefix.length));
    }
    return [...new Set(names)].sort();
  }

  mkdir(path: string, opts: { parents?: boolean; cwd?: string } = {}): void {
    const p = this.normalize(path, opts.cwd);
    if (opts.parents) {
      const parts = p.split("/").filter(Boolean);
      for (let i = 1; i <= parts.length; i++) {
        const sub = `/${parts.slice(0, i).join("/")}`;
        const st = this.statOrUndefined(sub);
        if (st?.kind === "dir") continue;
        if (st) throw new FsError("EEXIST", sub);
        this.mkdirOne(sub);
      }
      return;
    }
    if (this.statOrUndefined(p)) throw new FsError("EEXIST", p);
    this.mkdirOne(p);
  }

  private mkdirOne(p: string): void {
    const loc = this.locate(p);
    if (loc.readOnly) throw new FsError("EROFS", p);
    try {
      fs.mkdirSync(loc.real);
    } catch (err) {
      throw fromNodeError(err, p);
    }
  }

  private statOrUndefined(p: string): VStat | undefined {
    try {
      return this.stat(p);
    } catch (err) {
      if (err instanceof FsError && err.code === "ENOENT") return undefined;
      throw err;
    }
  }

  remove(path: string, opts: { recursive?: boolean; dirOnly?: boolean; cwd?: string } = {}): void {
    const loc = this.locate(path, opts.cwd);
    if (loc.special) throw new FsError("EACCES", loc.path);
    if (loc.mount && loc.mount.target === loc.path) throw new FsError("EBUSY", loc.path);
    const busy = this.opts.mounts().some((m) => m.target.startsWith(`${loc.path}/`));
    let st: fs.Stats;
    try {
      st = fs.lstatSync(loc.real);
    } catch (err) {
      throw fromNodeError(err, loc.path);
    }
    if (loc.readOnly) throw new FsError("EROFS", loc.path);
    if (st.isDirectory()) {
      if (!opts.recursive && !opts.dirOnly) throw new FsError("EISDIR", loc.path);
      if (busy) throw new FsError("EBUSY", loc.path);
      if (opts.dirOnly && fs.readdirSync(loc.real).length > 0) throw new FsError("ENOTEMPTY", loc.path);
    } else if (opts.dirOnly) {
      throw new FsError("ENOTDIR", loc.path);
    }
    try {
      fs.rmSync(loc.real, { recursive: true, force: false });
    } catch (err) {
      throw fromNodeError(err, loc.path);
    }
  }

  touch(path: string, cwd = "/"): void {
    const loc = this.locate(path, cwd);
    if (loc.special) return;
    if (loc.readOnly) throw new FsError("EROFS", loc.path);
    try {
      const now = new Date();
      if (fs.existsSync(loc.real)) fs.utimesSync(loc.real, now, now);
      else fs.writeFileSync(loc.real, Buffer.alloc(0));
    } catch (err) {
      throw fromNodeError(err, loc.path);
    }
  }

  chmod(path: string, mode: number, cwd = "/"): void {
    const loc = this.locate(path, cwd);
    if (loc.special) return;
    if (loc.readOnly) throw new FsError("EROFS", loc.path);
    try {
      fs.chmodSync(loc.real, mode);
    } catch (err) {
      throw fromNodeError(err, loc.path);
    }
  }

  /** Bytes used below `path` (df for a mounted share). */
  usage(path: string, cwd = "/"): number {
    const loc = this.locate(path, cwd);
    if (loc.special) return 0;
    const walk = (dir: string): number => {
      let total = 0;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, e.name);
        if (e.isDirectory()) total += walk(full);
        else if (e.isFile()) total += fs.statSync(full).size;
      }
      return total;
    };
    try {
      return fs.statSync(loc.real).isDirectory() ? walk(loc.real) : fs.statSync(loc.real).size;
    } catch (err) {
      throw fromNodeError(err, loc.path);
    }
  }
}
