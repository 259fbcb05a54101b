// Reads this repository's Zuul configuration (zuul.d/*.yaml) and playbooks for the gate tests.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export const ROOT = path.resolve(import.meta.dirname, "../../..");

export type Tree = Record<string, unknown>;
export const isTree = (v: unknown): v is Tree => typeof v === "object" && v !== null && !Array.isArray(v);

export interface Job {
  name: string;
  parent?: string;
  nodeset?: string;
  abstract?: boolean;
  "pre-run"?: string | string[];
  run?: string | string[];
  "post-run"?: string | string[];
  vars?: Tree;
  "group-vars"?: Record<string, Tree>;
  "override-checkout"?: string;
  "required-projects"?: string[];
  [k: string]: unknown;
}

export interface ZuulConfig {
  jobs: Job[];
  nodesets: string[];
  projects: Tree[];
}

export function readZuul(): ZuulConfig {
  const dir = path.join(ROOT, "zuul.d");
  const out: ZuulConfig = { jobs: [], nodesets: [], projects: [] };
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".yaml"))
    .sort()) {
    const doc: unknown = parse(fs.readFileSync(path.join(dir, f), "utf8"), { uniqueKeys: true });
    if (!Array.isArray(doc)) throw new Error(`zuul.d/${f}: not a list of Zuul objects`);
    for (const item of doc) {
      if (!isTree(item)) throw new Error(`zuul.d/${f}: an item is not a mapping`);
      if (isTree(item.job)) out.jobs.push(item.job as Job);
      else if (isTree(item.nodeset)) out.nodesets.push(String(item.nodeset.name));
      else if (isTree(item.project)) out.projects.push(item.project);
      else throw new Error(`zuul.d/${f}: unexpected item ${Object.keys(item).join(",")}`);
    }
  }
  return out;
}

export const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : [v].flat());

export const playbookFiles = (): string[] =>
  fs
    .readdirSync(path.join(ROOT, "playbooks"))
    .filter((n) => n.endsWith(".yaml"))
    .map((n) => `playbooks/${n}`);

export type Play = Tree & { hosts?: string; roles?: unknown[]; tasks?: Tree[] };

export function readPlaybook(rel: string): Play[] {
  const doc: unknown = parse(fs.readFileSync(path.join(ROOT, rel), "utf8"), { uniqueKeys: true });
  if (!Array.isArray(doc)) throw new Error(`${rel}: not a list of plays`);
  return doc as Play[];
}

/** Roles a playbook uses: `roles:` entries and include_role/import_role tasks. */
export function rolesOf(plays: Play[]): string[] {
  const names: string[] = [];
  for (const play of plays) {
    for (const r of play.roles ?? []) names.push(isTree(r) ? String(r.role) : String(r));
    for (const t of play.tasks ?? []) {
      for (const k of ["include_role", "import_role", "ansible.builtin.include_role", "ansible.builtin.import_role"]) {
        const spec = t[k];
        if (isTree(spec)) names.push(String(spec.name));
      }
    }
  }
  return names;
}

/** Module names of every task (the key that is not a task keyword). */
const TASK_KEYWORDS = new Set([
  "name",
  "when",
  "become",
  "become_user",
  "register",
  "vars",
  "args",
  "failed_when",
  "changed_when",
  "loop",
  "ignore_errors",
  "run_once",
  "delegate_to",
  "environment",
  "no_log",
  "tags",
  "block",
  "rescue",
  "always",
]);
export function modulesOf(plays: Play[]): string[] {
  return plays.flatMap((p) => (p.tasks ?? []).flatMap((t) => Object.keys(t).filter((k) => !TASK_KEYWORDS.has(k))));
}
