// The test-list files stestr and Tempest read: `--include-list`/`--exclude-list` hold one regex per line (anything
// after `#` is a comment, blank lines are skipped), `--load-list` holds one exact test id per line (what
// `vftest list` and `vftest last --failing --list` write). Bad input is one clear UsageError.

import fs from "node:fs";
import { UsageError } from "./errors.js";

function readLines(file: string, flag: string): string[] {
  try {
    return fs.readFileSync(file, "utf8").split(/\r?\n/);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** Compiles a regex given on the command line or in a list file, naming where it came from when it is invalid. */
export function compileRegex(source: string, where: string): RegExp {
  try {
    return new RegExp(source);
  } catch (e) {
    throw new UsageError(`${where}: "${source}" is not a valid regular expression: ${(e as Error).message}`);
  }
}

/** The regexes of an include/exclude list file (stestr's whitelist/blacklist reader). */
export function readRegexList(file: string, flag: string): string[] {
  const out: string[] = [];
  readLines(file, flag).forEach((line, i) => {
    const regex = line.split("#")[0]!.trim();
    if (regex === "") return;
    compileRegex(regex, `${flag} ${file} line ${i + 1}`);
    out.push(regex);
  });
  return out;
}

/** The test ids of a load-list file: one per line, surrounding blanks ignored. */
export function readIdList(file: string, flag: string): string[] {
  return readLines(file, flag)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}
