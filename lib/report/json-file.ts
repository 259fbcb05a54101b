// Writes `JSON.stringify(value, null, 2)` plus a newline to a file, byte for byte, in pieces: the top levels of
// objects and arrays are written member by member, and only what lies deeper is stringified whole. results.json and
// summary.json are written at the end of a run, when the process is at its peak; one string of the whole document
// (hundreds of KB, flattened and encoded again) is what this avoids.
import fs from "node:fs";

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === "object" && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== "function";
}

/** What JSON.stringify would make of `v` as a member (toJSON applied), or undefined when it would drop it. */
function jsonOf(v: unknown, key: string, indent: string): string | undefined {
  const text = JSON.stringify({ [key]: v }, null, 2);
  // `{ "k": <value> }` stringified alone: cut the member's value out of it and re-indent it.
  if (text === "{}") return undefined;
  const start = text.indexOf(": ") + 2;
  return text.slice(start, text.length - 2).replaceAll("\n  ", `\n${indent}`);
}

function* parts(value: unknown, indent: string, levels: number): Generator<string> {
  if (!isContainer(value) || levels <= 0) {
    yield jsonOf(value, "v", indent) ?? "null";
    return;
  }
  const inner = `${indent}  `;
  const array = Array.isArray(value);
  const entries: [string, unknown][] = array
    ? Array.from(value, (v, i): [string, unknown] => [String(i), v])
    : Object.keys(value).map((k) => [k, value[k]]);
  let first = true;
  for (const [key, v] of entries) {
    const deep = isContainer(v) && levels > 1;
    const flat = deep ? "" : jsonOf(v, "v", inner);
    if (flat === undefined && !array) continue; // JSON.stringify drops undefined members of objects
    yield `${first ? (array ? "[" : "{") : ","}\n${inner}${array ? "" : `${JSON.stringify(key)}: `}`;
    first = false;
    if (deep) yield* parts(v, inner, levels - 1);
    else yield flat ?? "null";
  }
  yield first ? (array ? "[]" : "{}") : `\n${indent}${array ? "]" : "}"}`;
}

/**
 * Writes `${JSON.stringify(value, null, 2)}\n` to `file` without building it as one string: `levels` levels of
 * objects and arrays are written member by member (2 for results.json: the object, then each test and check).
 */
export function writeJsonFile(file: string, value: unknown, levels = 2): void {
  const fd = fs.openSync(file, "w");
  try {
    for (const part of parts(value, "", levels)) fs.writeSync(fd, part);
    fs.writeSync(fd, "\n");
  } finally {
    fs.closeSync(fd);
  }
}
