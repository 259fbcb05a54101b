// Safe construction of remote shell commands. An SSH exec request carries ONE string that the guest's login shell
// parses, so every value that is not a literal of ours (tags, paths, file contents, share ids) must be quoted.
// `Command` can only be built here, by `cmd(...)` or the `sh` tagged template, which quote every interpolated value
// with POSIX single quotes; RemoteClient.exec accepts a Command or an argv array, never a bare string.

import { VftestError } from "./errors.js";

const BRAND: unique symbol = Symbol("vftest.Command");

/** A shell command line whose untrusted parts are already quoted. Create with `cmd`, `sh`, `pipeline`, `redirect`. */
export interface Command {
  readonly [BRAND]: true;
  /** The exact text handed to the remote shell. */
  readonly text: string;
  toString(): string;
}

/** What may be interpolated into `sh`: a value to quote, a list of values (each quoted), or an already-safe Command. */
export type ShellValue = string | number | bigint | Command | readonly (string | number | bigint)[];

/** Thrown when a value cannot be passed safely (NUL bytes cannot be represented in a C string argument). */
export class UnsafeShellValueError extends VftestError {
  override name = "UnsafeShellValueError";
}

function makeCommand(text: string): Command {
  return { [BRAND]: true, text, toString: () => text };
}

export function isCommand(v: unknown): v is Command {
  return typeof v === "object" && v !== null && (v as { [BRAND]?: unknown })[BRAND] === true;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX-quote one word: `it's` -> `'it'\''s'`. Words made only of safe characters are left bare. */
export function quote(value: string | number | bigint): string {
  const s = String(value);
  if (s.includes("\0")) {
    throw new UnsafeShellValueError(
      `cannot pass a value containing a NUL byte to a remote shell (value starts with ${JSON.stringify(s.slice(0, 20))}); strip or encode it first`,
    );
  }
  if (s === "") return "''";
  if (SAFE_WORD.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A command from an argv list; every element is quoted: `cmd("mount", "-t", "virtiofs", tag, dir)`. */
export function cmd(...argv: (string | number | bigint)[]): Command {
  if (argv.length === 0) throw new UnsafeShellValueError("cmd() needs at least the program name");
  return makeCommand(argv.map(quote).join(" "));
}

function render(v: ShellValue): string {
  if (isCommand(v)) return v.text;
  if (Array.isArray(v)) return (v as readonly (string | number | bigint)[]).map(quote).join(" ");
  return quote(v as string | number | bigint);
}

/**
 * Tagged template: the literal parts are our own trusted shell text, every `${value}` is quoted.
 * `` sh`mkdir -p ${dir} && mount -t virtiofs ${tag} ${dir}` ``
 */
export function sh(strings: TemplateStringsArray, ...values: ShellValue[]): Command {
  let text = strings[0] ?? "";
  values.forEach((v, i) => {
    text += render(v) + (strings[i + 1] ?? "");
  });
  return makeCommand(text);
}

/** `a | b | c`. The exit status is the last command's (POSIX sh has no pipefail). */
export function pipeline(...commands: Command[]): Command {
  if (commands.length === 0) throw new UnsafeShellValueError("pipeline() needs at least one command");
  return makeCommand(commands.map((c) => c.text).join(" | "));
}

export type RedirectOp = ">" | ">>" | "<" | "2>" | "2>>";

/** `command OP path` with the path quoted, e.g. `redirect(cmd("cat"), ">", "/mnt/share/x")`. */
export function redirect(command: Command, op: RedirectOp, path: string): Command {
  return makeCommand(`${command.text} ${op} ${quote(path)}`);
}

/** Run `command` in a fresh `sh -c` (for sudo, pipefail or a subshell): the whole text becomes one quoted word. */
export function shellC(command: Command): Command {
  return cmd("sh", "-c", command.text);
}

/** Run `command` as root without a password prompt (`sudo -n sh -c '<command>'`). */
export function sudo(command: Command): Command {
  return sh`sudo -n ${shellC(command)}`;
}

/**
 * Write `content` verbatim to `path` (created or truncated) with `printf %s`; no trailing newline is added.
 * Suitable for small files (arguments are limited to ~128 KiB); for larger content pipe it through exec's stdin
 * with `redirect(cmd("cat"), ">", path)`.
 */
export function writeFileCommand(path: string, content: string): Command {
  return redirect(cmd("printf", "%s", content), ">", path);
}

/** The Command for an argv list or an existing Command (what RemoteClient.exec accepts). */
export function toCommand(argvOrCommand: readonly string[] | Command): Command {
  return isCommand(argvOrCommand) ? argvOrCommand : cmd(...(argvOrCommand as string[]));
}
