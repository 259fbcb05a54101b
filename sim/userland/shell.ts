// A small POSIX-ish shell over a VirtualFs and a command table: lists (; && ||), pipelines (buffered), redirections
// (<, >, >>, 2>, 2>&1, &>), globs, `cd`, `exit`. Used by the emulated guest and by the compute hosts' SSH.

import { posix } from "node:path";
import { FsError } from "./fsError.js";
import { type ListItem, parseScript, type Redirect, ShellSyntaxError, type SimpleCommand, type Word } from "./parse.js";
import { type CommandContext, type CommandTable, describeError, type ExecResult } from "./types.js";
import type { VirtualFs } from "./vfs.js";

export interface ShellOptions {
  fs: VirtualFs;
  commands: CommandTable;
  env: Record<string, string>;
  cwd: string;
  /** "sh: <cmd>: command not found" prefix. */
  name?: string;
}

interface Sink {
  chunks: Buffer[];
  file?: { path: string; append: boolean };
}

/** `$?` is expanded when each command runs, not when the script is parsed. */
const LAST_STATUS = "\u0000vftest-last-status\u0000";

class ExitSignal {
  constructor(readonly code: number) {}
}

export class Shell {
  private cwd: string;
  private lastStatus = 0;

  constructor(private readonly opts: ShellOptions) {
    this.cwd = opts.cwd;
  }

  /** Runs a command line as an SSH exec would; never throws. */
  async exec(script: string, stdin: Buffer = Buffer.alloc(0)): Promise<ExecResult> {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const code = await this.runScript(script, stdin, { chunks: stdout }, { chunks: stderr });
    return { stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), exitCode: code };
  }

  private async runScript(script: string, stdin: Buffer, out: Sink, err: Sink, argv: string[] = []): Promise<number> {
    let items: ListItem[];
    const env: Record<string, string> = { ...this.opts.env, PWD: this.cwd, "?": LAST_STATUS, $: "1" };
    argv.forEach((a, i) => {
      env[String(i)] = a;
    });
    try {
      items = parseScript(script, env);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      err.chunks.push(Buffer.from(`${this.name()}: ${e.message}\n`));
      return 2;
    }
    let status = 0;
    try {
      for (const item of items) {
        if (item.connector === "&&" && status !== 0) continue;
        if (item.connector === "||" && status === 0) continue;
        status = await this.runPipeline(item.pipeline.commands, stdin, out, err);
        this.lastStatus = status;
      }
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      throw e;
    }
    return status;
  }

  private name(): string {
    return this.opts.name ?? "sh";
  }

  private async runPipeline(commands: SimpleCommand[], stdin: Buffer, out: Sink, err: Sink): Promise<number> {
    let input = stdin;
    let status = 0;
    for (let i = 0; i < commands.length; i++) {
      const last = i === commands.length - 1;
      const pipeOut: Sink = last ? out : { chunks: [] };
      status = await this.runCommand(commands[i], input, pipeOut, err);
      if (!last) input = Buffer.concat(pipeOut.chunks);
    }
    return status;
  }

  private expand(words: Word[]): string[] {
    return words.flatMap((w) => (typeof w === "string" ? [this.substitute(w)] : this.glob(this.substitute(w.glob))));
  }

  private substitute(word: string): string {
    return word.includes(LAST_STATUS) ? word.split(LAST_STATUS).join(String(this.lastStatus)) : word;
  }

  /** Pathname expansion; no match keeps the pattern, as sh does. */
  private glob(pattern: string): string[] {
    const absolute = pattern.startsWith("/");
    const parts = pattern.split("/").filter(Boolean);
    let paths = [absolute ? "/" : ""];
    for (const part of parts) {
      const next: string[] = [];
      const re = globRegex(part);
      for (const base of paths) {
        if (!/[*?[]/.test(part)) {
          next.push(base === "" ? part : posix.join(base, part));
          continue;
        }
        let names: string[] = [];
        try {
          names = this.opts.fs.readdir(base === "" ? "." : base, this.cwd);
        } catch {
          names = [];
        }
        for (const n of names) {
          if (re.test(n) && (!n.startsWith(".") || part.startsWith("."))) {
            next.push(base === "" ? n : posix.join(base, n));
          }
        }
      }
      paths = next;
    }
    const found = paths.filter((p) => this.opts.fs.exists(p, this.cwd));
    return found.length > 0 ? found.sort() : [pattern];
  }

  private async runCommand(cmd: SimpleCommand, stdin: Buffer, out: Sink, err: Sink): Promise<number> {
    const sinks: Record<1 | 2, Sink> = { 1: out, 2: err };
    let input = stdin;
    const files: Sink[] = [];
    for (const raw of cmd.redirects) {
      const r = { ...raw, target: this.substitute(raw.target) };
      const problem = this.applyRedirect(r, sinks, files, (data) => {
        input = data;
      });
      if (problem) {
        err.chunks.push(Buffer.from(`${this.name()}: 1: ${problem}\n`));
        return 2;
      }
    }
    const argv = this.expand(cmd.words);
    let status = 0;
    if (argv.length > 0) status = await this.invoke(argv, input, sinks[1], sinks[2]);
    for (const f of files) {
      if (!f.file) continue;
      try {
        this.opts.fs.writeFile(f.file.path, Buffer.concat(f.chunks), { append: true, cwd: this.cwd });
      } catch (e) {
        err.chunks.push(Buffer.from(`${this.name()}: 1: cannot write ${f.file.path}: ${describeError(e)}\n`));
        status = status || 1;
      }
    }
    return status;
  }

  /** Opens a redirection target the way the shell does before the command runs; returns an error text. */
  private applyRedirect(
    r: Redirect,
    sinks: Record<1 | 2, Sink>,
    files: Sink[],
    setInput: (b: Buffer) => void,
  ): string | undefined {
    const fs = this.opts.fs;
    if (r.op === "<") {
      try {
        setInput(fs.readFile(r.target, this.cwd, 1 << 20));
      } catch (e) {
        return `cannot open ${r.target}: ${e instanceof FsError ? e.message : describeError(e)}`;
      }
      return undefined;
    }
    const fd = r.fd === 0 ? 1 : r.fd;
    if (r.op === ">&") {
      if (r.target === "1" || r.target === "2") sinks[fd] = sinks[Number(r.target) as 1 | 2];
      else return `${r.target}: bad file descriptor`;
      return undefined;
    }
    try {
      if (r.op === ">") fs.writeFile(r.target, Buffer.alloc(0), { cwd: this.cwd });
      else fs.writeFile(r.target, Buffer.alloc(0), { append: true, cwd: this.cwd });
    } catch (e) {
      return `cannot create ${r.target}: ${e instanceof FsError ? e.message : describeError(e)}`;
    }
    const sink: Sink = { chunks: [], file: { path: r.target, append: true } };
    files.push(sink);
    sinks[fd] = sink;
    return undefined;
  }

  private async invoke(argv: string[], stdin: Buffer, out: Sink, err: Sink): Promise<number> {
    const [name, ...args] = argv;
    if (name === "cd") return this.cd(args[0] ?? this.opts.env.HOME ?? "/", err);
    if (name === "exit") throw new ExitSignal(Number(args[0] ?? 0) & 0xff);
    const command = this.opts.commands[name];
    if (!command) {
      err.chunks.push(Buffer.from(`${this.name()}: ${name}: command not found\n`));
      return 127;
    }
    const ctx: CommandContext = {
      fs: this.opts.fs,
      cwd: this.cwd,
      env: this.opts.env,
      stdin,
      out: (d) => out.chunks.push(Buffer.from(d)),
      err: (d) => err.chunks.push(Buffer.from(d)),
      run: (script, input, scriptArgv) => this.runScript(script, input, out, err, scriptArgv),
      runArgv: (sub) => this.invoke(sub, stdin, out, err),
    };
    try {
      return await command(ctx, args);
    } catch (e) {
      if (e instanceof ExitSignal) throw e;
      err.chunks.push(Buffer.from(`${name}: ${describeError(e)}\n`));
      return 1;
    }
  }

  private cd(dir: string, err: Sink): number {
    const target = this.opts.fs.normalize(dir, this.cwd);
    try {
      if (this.opts.fs.stat(target).kind !== "dir") throw new FsError("ENOTDIR", dir);
    } catch (e) {
      err.chunks.push(Buffer.from(`${this.name()}: 1: cd: can't cd to ${dir}: ${describeError(e)}\n`));
      return 2;
    }
    this.cwd = target;
    return 0;
  }
}

function globRegex(part: string): RegExp {
  let re = "";
  for (const ch of part) {
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else re += ch.replace(/[.+^${}()|\\\][]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
