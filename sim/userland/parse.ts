// Turns a command string into lists of pipelines with redirections, using shell-quote for quoting and
// variables. Nothing is ever evaluated by a real shell.

import { type ParseEntry, parse } from "shell-quote";

export type Word = string | { glob: string };
export interface Redirect {
  fd: 0 | 1 | 2;
  op: "<" | ">" | ">>" | ">&";
  target: string;
}
export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
}
export interface Pipeline {
  commands: SimpleCommand[];
}
/** `connector` says when this pipeline runs, relative to the previous one's status. */
export interface ListItem {
  connector: ";" | "&&" | "||";
  pipeline: Pipeline;
}

export class ShellSyntaxError extends Error {}

const FD_WORDS: Record<string, 0 | 1 | 2> = { "0": 0, "1": 1, "2": 2 };

export function parseScript(script: string, env: Record<string, string>): ListItem[] {
  const entries: ParseEntry[] = parse(script, (key) => env[key] ?? "");
  const items: ListItem[] = [];
  let connector: ListItem["connector"] = ";";
  let commands: SimpleCommand[] = [];
  let current: SimpleCommand = { words: [], redirects: [] };

  const endCommand = (what: string): void => {
    if (current.words.length === 0 && current.redirects.length === 0) {
      throw new ShellSyntaxError(`syntax error near unexpected token \`${what}'`);
    }
    commands.push(current);
    current = { words: [], redirects: [] };
  };
  const endPipeline = (what: string, next: ListItem["connector"]): void => {
    endCommand(what);
    items.push({ connector, pipeline: { commands } });
    commands = [];
    connector = next;
  };

  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (typeof e === "string") {
      current.words.push(e);
      continue;
    }
    if ("comment" in e) break;
    if (e.op === "glob") {
      current.words.push({ glob: e.pattern });
      continue;
    }
    const op: string = e.op;
    if (op === "|" || op === "|&") {
      if (op === "|&") current.redirects.push({ fd: 2, op: ">&", target: "1" });
      endCommand(op);
      continue;
    }
    if (op === "&&" || op === "||" || op === ";" || op === "&") {
      if (op !== "&" && op !== ";") {
        endPipeline(op, op);
      } else if (current.words.length > 0 || commands.length > 0) {
        endPipeline(op, ";");
      }
      continue;
    }
    if (op === "<" || op === ">" || op === ">>" || op === ">&" || op === "&>") {
      const target = entries[i + 1];
      if (typeof target !== "string") throw new ShellSyntaxError(`syntax error: redirection ${op} without a target`);
      i++;
      const last = current.words[current.words.length - 1];
      let fd: 0 | 1 | 2 = op === "<" ? 0 : 1;
      if (current.words.length > 1 && typeof last === "string" && last in FD_WORDS) {
        fd = FD_WORDS[last];
        current.words.pop();
      }
      if (op === "&>") {
        current.redirects.push({ fd: 1, op: ">", target }, { fd: 2, op: ">&", target: "1" });
      } else {
        current.redirects.push({ fd, op, target });
      }
      continue;
    }
    throw new ShellSyntaxError(`syntax error: "${op}" is not supported by this shell`);
  }
  if (current.words.length > 0 || current.redirects.length > 0) {
    endPipeline("newline", ";");
  } else if (commands.length > 0 || (connector !== ";" && items.length > 0)) {
    throw new ShellSyntaxError("syntax error: unexpected end of file");
  }
  return items;
}
