// leftovers.json: what a run stopped before its cleanup finished left on the cloud, from its own cleanup stacks
// (type, name, id), written into the run directory; `vftest cleanup --from <run dir>` reads it back and deletes
// exactly those resources (leftovers-delete.ts, dependents first).

import fs from "node:fs";
import path from "node:path";
import type { Clients } from "../clients/index.js";
import type { CleanupResource, LeftoverType } from "./cleanup.js";
import type { Leftovers } from "./leftovers.js";

export const LEFTOVERS_FILE = "leftovers.json";

export interface LeftoversFile {
  runId: string;
  /** The command that deletes them (printed by the run as well). */
  command?: string;
  resources: CleanupResource[];
}

const TYPES: readonly LeftoverType[] = [
  "server",
  "share",
  "floating_ip",
  "keypair",
  "security_group",
  "user",
  "project",
];

export function writeLeftoversFile(dir: string, content: LeftoversFile): string {
  const file = path.join(dir, LEFTOVERS_FILE);
  fs.writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  return file;
}

function isResource(r: unknown): r is CleanupResource {
  if (typeof r !== "object" || r === null) return false;
  const o = r as Record<string, unknown>;
  return (
    TYPES.includes(o.type as LeftoverType) &&
    typeof o.name === "string" &&
    typeof o.id === "string" &&
    (o.userId === undefined || typeof o.userId === "string")
  );
}

/** Reads `<dir>/leftovers.json` (or the file itself); a missing or malformed file is one clear error. */
export function readLeftoversFile(dirOrFile: string): LeftoversFile {
  const file =
    fs.existsSync(dirOrFile) && fs.statSync(dirOrFile).isDirectory() ? path.join(dirOrFile, LEFTOVERS_FILE) : dirOrFile;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(
      `cannot read ${file}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}; ` +
        "--from takes the results directory of a run that was stopped before its cleanup finished",
    );
  }
  const resources = (parsed as { resources?: unknown }).resources;
  if (!Array.isArray(resources) || !resources.every(isResource)) {
    throw new Error(`${file} is not a vftest leftovers.json (expected "resources": [{type, name, id}, ...])`);
  }
  return { runId: String((parsed as { runId?: unknown }).runId ?? ""), resources };
}

/** The resources in the shape the deleter takes (same order rules as `vftest cleanup`). Without the admin account a
 * keypair is deleted as its owner (`owners: false`), which is the member account that created it. */
export function leftoversOf(resources: readonly CleanupResource[], opts: { owners: boolean }): Leftovers {
  const of = (t: LeftoverType) => resources.filter((r) => r.type === t).map((r) => ({ id: r.id, name: r.name }));
  return {
    servers: of("server"),
    accessRules: [],
    shares: of("share"),
    keypairs: resources
      .filter((r) => r.type === "keypair")
      .map((r) => ({ id: r.id, name: r.name, ...(opts.owners && r.userId ? { userId: r.userId } : {}) })),
    securityGroups: of("security_group"),
    floatingIps: of("floating_ip"),
    users: of("user"),
    projects: of("project"),
  };
}

/** One line per resource: `server vftest-…-server-1a2b (<id>)`. */
export function describeResource(r: CleanupResource): string {
  return `${r.type.replace("_", " ")} ${r.name}${r.id !== r.name ? ` (${r.id})` : ""}`;
}

/** Neutron creates a "default" security group in a project on first use; deleting the run's own (dynamic
 * credentials) project does not delete it, so the admin deletes the groups of the listed projects too. */
export async function addProjectGroups(c: Clients, l: Leftovers): Promise<Leftovers> {
  if (l.projects.length === 0) return l;
  const projects = new Set(l.projects.map((p) => p.id));
  const listed = new Set(l.securityGroups.map((g) => g.id));
  const owner = (g: object): string => {
    const o = g as { project_id?: unknown; tenant_id?: unknown };
    return String(o.project_id ?? o.tenant_id ?? "");
  };
  const extra = (await c.network.listSecurityGroups())
    .filter((g) => projects.has(owner(g)) && !listed.has(g.id))
    .map((g) => ({ id: g.id, name: g.name ?? "" }));
  return { ...l, securityGroups: [...l.securityGroups, ...extra] };
}
