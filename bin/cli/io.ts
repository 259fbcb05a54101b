// What every subcommand gets: where to print, the environment, the working directory, and how to report its exit
// code. Injected so the CLI runs in-process in unit tests exactly as from the terminal.

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CliContext {
  io: Io;
  /** Set by a subcommand's action: 0 all passed, 1 a test (or check) failed, 2 bad usage/config. */
  setExitCode(code: number): void;
  /** --debug given (stack traces for internal errors). */
  debug(): boolean;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
}
