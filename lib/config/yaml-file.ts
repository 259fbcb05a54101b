// Reads and parses a YAML file into problems rather than exceptions. A YAML syntax error is reported by line and
// column only: the parser's own message quotes the offending line, which may hold a password.

import { readFileSync } from "node:fs";
import { parse, YAMLParseError } from "yaml";
import type { ConfigProblem } from "./problems.js";

/** The parsed document, or undefined (with a problem pushed) when the file cannot be read or parsed. */
export function parseYamlFile(path: string, source: string, problems: ConfigProblem[]): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    problems.push({
      key: "(file)",
      source,
      problem: `cannot read ${path} (${code})`,
      fix: code === "ENOENT" ? "check the path" : `check the file's permissions (ls -l ${path})`,
    });
    return undefined;
  }
  try {
    return parse(text, { uniqueKeys: true }) ?? {};
  } catch (e) {
    const where =
      e instanceof YAMLParseError && e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "";
    const what = e instanceof YAMLParseError ? e.code : "YAML error";
    problems.push({
      key: "(file)",
      source,
      problem: `is not valid YAML (${what}${where})`,
      fix: "fix the YAML syntax there (indentation, a missing colon, or an unquoted value with ': ' in it)",
    });
    return undefined;
  }
}
