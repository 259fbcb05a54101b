// Writes a (partial) configuration as commented YAML: keys in schema order, each preceded by its description,
// Tempest's name for it and its default. With `showUnset`, optional keys that are not set appear commented out,
// which is how config/vftest.yaml documents every key.

import type { TSchema } from "@sinclair/typebox";
import { Document, isMap, isScalar, type Pair, type YAMLMap } from "yaml";
import { defaultConfig } from "./defaults.js";
import { getPath, isPlainObject, type PlainObject } from "./layers.js";
import { ConfigFileSchema, schemaAt } from "./schema.js";

export interface RenderOptions {
  /** Also list optional keys that are not set, commented out (default false). */
  showUnset?: boolean;
}

const WIDTH = 116;

export function renderConfigYaml(partial: object, header: string, opts: RenderOptions = {}): string {
  const doc = new Document(orderBySchema(partial as PlainObject, ConfigFileSchema));
  doc.commentBefore = commentLines(header);
  if (isMap(doc.contents)) annotate(doc.contents, [], opts);
  return doc.toString({ lineWidth: 0 });
}

function orderBySchema(obj: PlainObject, schema: TSchema | undefined): PlainObject {
  const props = (schema?.properties as Record<string, TSchema> | undefined) ?? {};
  const keys = [...Object.keys(props).filter((k) => k in obj), ...Object.keys(obj).filter((k) => !(k in props))];
  const out: PlainObject = {};
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out[k] = isPlainObject(v) && props[k]?.properties ? orderBySchema(v, props[k]) : v;
  }
  return out;
}

function annotate(map: YAMLMap, path: string[], opts: RenderOptions): void {
  const schema = path.length ? schemaAt(path) : ConfigFileSchema;
  const props = (schema?.properties as Record<string, TSchema> | undefined) ?? {};
  const present = new Set(map.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key)));
  let pending: string[] = [];
  const byName = new Map(map.items.map((p) => [String(isScalar(p.key) ? p.key.value : p.key), p] as const));
  const order = [...Object.keys(props), ...[...present].filter((k) => !(k in props))];
  for (const name of order) {
    const p = [...path, name];
    const pair = byName.get(name);
    if (!pair) {
      if (opts.showUnset) pending.push(...unsetLines(p));
      continue;
    }
    const lines = [...pending, ...docLines(p)];
    pending = [];
    setCommentBefore(pair, lines.join("\n"), path.length === 0 && pair !== map.items[0]);
    if (isMap(pair.value) && schemaAt(p)?.properties) annotate(pair.value, p, opts);
  }
  if (pending.length) map.comment = pending.join("\n");
}

function setCommentBefore(pair: Pair, comment: string, spaced: boolean): void {
  const key = pair.key;
  if (isScalar(key)) {
    key.commentBefore = comment;
    key.spaceBefore = spaced;
  }
}

function docLines(path: string[]): string[] {
  const s = schemaAt(path);
  if (!s) return [" (not a vftest key)"];
  const lines = commentLines(String(s.description ?? "")).split("\n");
  const facts: string[] = [];
  if (!s.properties) facts.push(`default: ${defaultText(path)}`);
  if (s.tempest) facts.push(`tempest: ${String(s.tempest)}`);
  return facts.length ? [...lines, ` ${facts.join("; ")}`] : lines;
}

function unsetLines(path: string[]): string[] {
  const s = schemaAt(path);
  const example = s?.example ?? (s?.enum as unknown[] | undefined)?.[0] ?? "";
  return [...docLines(path), ` ${path[path.length - 1]}:${example === "" ? "" : ` ${String(example)}`}`];
}

function defaultText(path: string[]): string {
  const v = getPath(defaultConfig(), path);
  if (v === undefined) return "unset";
  if (v === "") return "none (required)";
  if (isPlainObject(v)) return Object.keys(v).length ? JSON.stringify(v) : "empty";
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** Text -> YAML comment body: one " line" per line, wrapped to the width. */
function commentLines(text: string): string {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > WIDTH) {
        out.push(` ${line}`);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line ? ` ${line}` : "");
  }
  return out.join("\n");
}

export const DEFAULTS_HEADER = `vftest configuration: the documented defaults.

Copy this file, keep the keys you change and delete the rest, then check it with: vftest verify-config --config FILE
Sources, later wins: these defaults -> this file (--config FILE or VFTEST_CONFIG) -> a clouds.yaml entry
(--os-cloud NAME or OS_CLOUD; --os-cloud-admin NAME for the admin account; secure.yaml is merged) -> the OS_*
environment (OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME, ...) -> command-line flags.
Keep passwords out of this file: use clouds.yaml + secure.yaml or the environment.
Relative file paths are resolved against the directory of this file; "~/" is your home directory.
Unknown keys are errors. "tempest:" names the tempest.conf option a key corresponds to (vftest init can convert a
tempest.conf). Microversions must be quoted: "2.100", not 2.100 (YAML would read the number 2.1).`;

/** The text of config/vftest.yaml: every key, documented, with its default (regenerate the file from this). */
export function renderDefaultsYaml(): string {
  return renderConfigYaml(defaultConfig(), DEFAULTS_HEADER, { showUnset: true });
}
