// What an interrupted run left behind, found by name and project: "ours" means named `vftest-...`, or living in a
// `vftest-...` project (a dynamic-credential project's default security group, floating IPs), or a floating IP on
// one of our servers. With the admin account every project is searched (and the users and projects themselves,
// and the access rules on our shares); with the member account, that project only. Deleting: leftovers-delete.ts.

import type { Clients } from "../clients/index.js";
import { VFTEST_PREFIX } from "./naming.js";

export interface LeftoverItem {
  id: string;
  name: string;
}

/** What `vftest cleanup` would delete, by kind, in deletion order. */
export interface Leftovers {
  servers: LeftoverItem[];
  /** Access rules on our shares as seen now (Nova removes most of them itself once the servers are gone). */
  accessRules: (LeftoverItem & { shareId: string })[];
  shares: LeftoverItem[];
  keypairs: (LeftoverItem & { userId?: string })[];
  securityGroups: LeftoverItem[];
  floatingIps: LeftoverItem[];
  users: LeftoverItem[];
  projects: LeftoverItem[];
}

/** Anything named with the prefix (looser than isVftestName: a hand-made `vftest-` resource counts too). */
export const isOurs = (name: unknown): name is string => typeof name === "string" && name.startsWith(VFTEST_PREFIX);

const field = (o: object, key: string): unknown => (o as Record<string, unknown>)[key];
const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

/** Keypairs are per user: the admin lists them with ?user_id= (compute 2.10+) for each user that may own ours. */
async function keypairsOf(c: Clients, userId: string | undefined): Promise<{ name: string }[]> {
  if (userId === undefined) return c.keypairs.listKeypairs();
  const r = await c
    .rest("compute", "2.10")
    .request<{ keypairs: { keypair: { name: string } }[] }>("GET", "/os-keypairs", {
      query: { user_id: userId },
      expected: [200],
    });
  return r.body.keypairs.map((k) => k.keypair);
}

export interface FindLeftoversOptions {
  /** `c` is the admin account: search every project, and users, projects and access rules too. */
  asAdmin: boolean;
  /** The member account's user id, whose keypairs the admin searches as well. */
  memberUserId?: string;
}

export async function findLeftovers(c: Clients, opts: FindLeftoversOptions): Promise<Leftovers> {
  const { asAdmin } = opts;
  const projects = asAdmin ? (await c.identity.listProjects()).filter((p) => isOurs(p.name)) : [];
  const users = asAdmin ? (await c.identity.listUsers()).filter((u) => isOurs(u.name)) : [];
  const ourProject = new Set(projects.map((p) => p.id));
  const inOurProject = (o: object) => ourProject.has(str(field(o, "project_id")) ?? str(field(o, "tenant_id")) ?? "");

  const servers = (await c.servers.listServers(asAdmin ? { all_tenants: true } : {})).filter(
    (s) => isOurs(s.name) || ourProject.has(s.tenant_id ?? ""),
  );
  const shares = (await c.shares.listShares(asAdmin ? { all_tenants: 1 } : {})).filter(
    (s) => isOurs(s.name) || inOurProject(s),
  );
  const accessRules: Leftovers["accessRules"] = [];
  if (asAdmin) {
    for (const s of shares) {
      for (const r of await c.shares.listAccessRules(s.id)) {
        accessRules.push({ id: r.id, name: `${r.access_type}:${r.access_to}`, shareId: s.id });
      }
    }
  }
  const keypairs: Leftovers["keypairs"] = [];
  const owners: (string | undefined)[] = asAdmin
    ? [...new Set([undefined, opts.memberUserId, ...users.map((u) => u.id)])]
    : [undefined];
  for (const userId of owners) {
    for (const k of await keypairsOf(c, userId))
      if (isOurs(k.name)) keypairs.push({ id: k.name, name: k.name, userId });
  }
  const securityGroups = (await c.network.listSecurityGroups()).filter((g) => isOurs(g.name) || inOurProject(g));
  const serverIds = new Set(servers.map((s) => s.id));
  const serverPorts = new Set(
    serverIds.size
      ? (await c.network.listPorts()).filter((p) => serverIds.has(p.device_id ?? "")).map((p) => p.id)
      : [],
  );
  const floatingIps = (await c.network.listFloatingIps())
    .filter((f) => isOurs(field(f, "description")) || inOurProject(f) || serverPorts.has(f.port_id ?? ""))
    .map((f) => ({ id: f.id, name: f.floating_ip_address }));
  const named = (items: { id: string; name?: string | null }[]): LeftoverItem[] =>
    items.map((i) => ({ id: i.id, name: i.name ?? "" }));
  return {
    servers: named(servers),
    accessRules,
    shares: named(shares),
    keypairs,
    securityGroups: named(securityGroups),
    floatingIps,
    users: named(users),
    projects: named(projects),
  };
}

export function countLeftovers(l: Leftovers): number {
  return Object.values(l).reduce((n: number, items: unknown[]) => n + items.length, 0);
}

/** One line per resource, in deletion order. */
export function describeLeftovers(l: Leftovers): string[] {
  return [
    ...l.servers.map((s) => `server ${s.name} (${s.id})`),
    ...l.accessRules.map((r) => `access rule ${r.name} (${r.id}) on share ${r.shareId}, unless Nova removes it first`),
    ...l.shares.map((s) => `share ${s.name} (${s.id})`),
    ...l.keypairs.map((k) => `keypair ${k.name}${k.userId ? ` of user ${k.userId}` : ""}`),
    ...l.securityGroups.map((g) => `security group ${g.name} (${g.id})`),
    ...l.floatingIps.map((f) => `floating IP ${f.name} (${f.id})`),
    ...l.users.map((u) => `user ${u.name} (${u.id})`),
    ...l.projects.map((p) => `project ${p.name} (${p.id})`),
  ];
}
