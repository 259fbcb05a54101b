// What a command of the emulated userland receives and returns.

import type { VirtualFs } from "./vfs.js";

export interface ExecResult {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

export interface CommandContext {
  fs: VirtualFs;
  cwd: string;
  env: Record<string, string>;
  stdin: Buffer;
  out(data: string | Buffer): void;
  err(data: string | Buffer): void;
  /** Runs a script in the same machine (sh -c, sudo, timeout). */
  run(script: string, stdin: Buffer, argv?: string[]): Promise<number>;
  /** Runs one already-split command in the same machine. */
  runArgv(argv: string[]): Promise<number>;
}

/** A command returns its exit status. */
export type Command = (ctx: CommandContext, args: string[]) => number | Promise<number>;

export type CommandTable = Record<string, Command>;

/** "cat: /x: No such file or directory" from an FsError or anything thrown. */
export function describeError(err: unknown): string {
  if (err instanceof Error && "path" in err && typeof err.path === "string") return `${err.path}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
