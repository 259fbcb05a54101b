// `vftest cleanup [--dry-run]`: find what an interrupted run left behind and delete it, dependents first:
// servers (and wait until gone, so Nova releases its share access), access rules Nova leaked on our shares (admin,
// unrestrict), shares (wait gone), keypairs, security groups, floating IPs, then the dynamic-credential users and
// projects. "Ours" means named `vftest-...`, or living in a `vftest-...` project (a dynamic-credential project's
// default security group, floating IPs), or a floating IP on one of our servers. A 404 counts as deleted.
// With admin credentials every project is searched; with only the member account, that project.

import { Command } from "commander";
import { ForbiddenError, isNotFound } from "../../lib/clients/errors.js";
import { waitForAccessRuleGone, waitForServerDeleted, waitForShareDeleted } from "../../lib/common/waiters.js";
import type { VftestConfig } from "../../lib/config/types.js";
import { type CliClients, hasCredentials, openClients } from "./cloud-clients.js";
import { configApi } from "./deps.js";
import { type CliContext, EXIT } from "./io.js";
import { addCloudOptions, type CloudFlags } from "./options.js";

export const VFTEST_PREFIX = "vftest-";

interface CleanupFlags extends CloudFlags {
  dryRun?: boolean;
}

interface Item {
  id: string;
  name: string;
}

/** What `vftest cleanup` would delete, by kind, in deletion order. */
export interface Leftovers {
  servers: Item[];
  /** Access rules on our shares as seen now (Nova removes most of them itself once the servers are gone). */
  accessRules: (Item & { shareId: string })[];
  shares: Item[];
  keypairs: (Item & { userId?: string })[];
  securityGroups: Item[];
  floatingIps: Item[];
  users: Item[];
  projects: Item[];
}

export function cleanupCommand(ctx: CliContext): Command {
  const cmd = new Command("cleanup").description(`delete resources named ${VFTEST_PREFIX}* left by an interrupted run`);
  return addCloudOptions(cmd)
    .option("--dry-run", "only list what would be deleted")
    .addHelpText(
      "after",
      `
Order: servers (waited until gone), access rules Nova left on our shares (admin, unrestrict), shares, keypairs,
security groups, floating IPs, users, projects. Exit 1 if something could not be deleted.

Examples:
  vftest cleanup --dry-run --os-cloud devstack --os-cloud-admin devstack-admin
  vftest cleanup --config vftest.yaml`,
    )
    .action(async (flags: CleanupFlags) => {
      ctx.setExitCode(await cleanup(ctx, flags));
    });
}

export const isOurs = (name: unknown): name is string => typeof name === "string" && name.startsWith(VFTEST_PREFIX);

const field = (o: object, key: string): unknown => (o as Record<string, unknown>)[key];
const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

/** Keypairs are per user: the admin lists them with ?user_id= (compute 2.10+) for each user that may own ours. */
async function keypairsOf(c: CliClients, userId: string | undefined): Promise<{ name: string }[]> {
  if (userId === undefined) return c.keypairs.listKeypairs();
  const r = await c
    .rest("compute", "2.10")
    .request<{ keypairs: { keypair: { name: string } }[] }>("GET", "/os-keypairs", {
      query: { user_id: userId },
      expected: [200],
    });
  return r.body.keypairs.map((k) => k.keypair);
}

async function deleteKeypair(c: CliClients, name: string, userId: string | undefined): Promise<void> {
  if (userId === undefined) {
    await c.keypairs.deleteKeypair(name);
    return;
  }
  await c.rest("compute", "2.10").request("DELETE", `/os-keypairs/${encodeURIComponent(name)}`, {
    query: { user_id: userId },
    expected: [202, 204],
  });
}

export async function findLeftovers(
  c: CliClients,
  opts: { asAdmin: boolean; memberUserId?: string },
): Promise<Leftovers> {
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
  const named = (items: { id: string; name?: string | null }[]): Item[] =>
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

export async function cleanup(ctx: CliContext, flags: CleanupFlags): Promise<number> {
  const { io } = ctx;
  const config: VftestConfig = (await configApi()).loadConfig({
    configFile: flags.config,
    osCloud: flags.osCloud,
    osCloudAdmin: flags.osCloudAdmin,
    env: io.env,
    cwd: io.cwd,
  });
  const asAdmin = hasCredentials(config.auth.admin);
  const clients = await openClients(config, asAdmin ? "admin" : "member");
  let memberUserId: string | undefined;
  if (asAdmin && hasCredentials(config.auth.member)) {
    try {
      memberUserId = (await (await openClients(config, "member")).auth.tokenInfo()).userId;
    } catch (e) {
      io.err(`vftest: warning: the member account could not log in, so its keypairs are not searched: ${msg(e)}\n`);
    }
  }
  if (!asAdmin) {
    io.err(
      "vftest: no admin credentials: only the member project is searched; leaked access rules, users and projects are not (add --os-cloud-admin NAME)\n",
    );
  }
  const found = await findLeftovers(clients, { asAdmin, memberUserId });
  const total = countLeftovers(found);
  if (total === 0) {
    io.out(`nothing to clean up: no ${VFTEST_PREFIX}* resources found\n`);
    return EXIT.ok;
  }
  if (flags.dryRun) {
    for (const line of describeLeftovers(found)) io.out(`would delete ${line}\n`);
    io.out(`${total} resource(s) would be deleted (dry run; nothing was changed)\n`);
    return EXIT.ok;
  }
  const failed = await deleteLeftovers(clients, found, config, asAdmin, (line) => io.out(`${line}\n`));
  io.out(failed ? `${failed} resource(s) could not be deleted\n` : `cleaned up ${total} resource(s)\n`);
  return failed ? EXIT.failed : EXIT.ok;
}

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

const msg = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";

/** Deletes in dependency order; returns how many could not be deleted. */
export async function deleteLeftovers(
  c: CliClients,
  l: Leftovers,
  config: VftestConfig,
  asAdmin: boolean,
  say: (line: string) => void,
): Promise<number> {
  const wait = { intervalMs: config.compute.build_interval * 1000, timeoutMs: config.compute.build_timeout * 1000 };
  let failed = 0;
  const attempt = async (what: string, fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      say(`deleted ${what}`);
      return true;
    } catch (e) {
      if (isNotFound(e)) {
        say(`already gone: ${what}`);
        return true;
      }
      failed += 1;
      say(`could not delete ${what}: ${msg(e)}`);
      return false;
    }
  };

  const deleting: Item[] = [];
  for (const s of l.servers) {
    if (await attempt(`server ${s.name} (${s.id})`, () => c.servers.deleteServer(s.id))) deleting.push(s);
  }
  for (const s of deleting) {
    try {
      await waitForServerDeleted(c.servers, s.id, wait);
    } catch (e) {
      failed += 1;
      say(`server ${s.name} (${s.id}) did not go away: ${msg(e)}`);
    }
  }

  for (const s of l.shares) {
    if (asAdmin) failed += await removeLeakedRules(c, s, wait, say);
    const ok = await attempt(`share ${s.name} (${s.id})`, async () => {
      try {
        await c.shares.deleteShare(s.id);
      } catch (e) {
        if (!(e instanceof ForbiddenError)) throw e;
        throw new Error(
          `${msg(e)}; an access rule or resource lock still protects it${asAdmin ? "" : " (run with admin credentials: --os-cloud-admin NAME)"}`,
        );
      }
    });
    if (ok) {
      try {
        await waitForShareDeleted(c.shares, s.id, wait);
      } catch (e) {
        failed += 1;
        say(`share ${s.name} (${s.id}) did not go away: ${msg(e)}`);
      }
    }
  }
  for (const k of l.keypairs) {
    await attempt(`keypair ${k.name}${k.userId ? ` of user ${k.userId}` : ""}`, () =>
      deleteKeypair(c, k.name, k.userId),
    );
  }
  for (const g of l.securityGroups) {
    await attempt(`security group ${g.name} (${g.id})`, () => c.network.deleteSecurityGroup(g.id));
  }
  for (const f of l.floatingIps) {
    await attempt(`floating IP ${f.name} (${f.id})`, () => c.network.deleteFloatingIp(f.id));
  }
  for (const u of l.users) await attempt(`user ${u.name} (${u.id})`, () => c.identity.deleteUser(u.id));
  for (const p of l.projects) await attempt(`project ${p.name} (${p.id})`, () => c.identity.deleteProject(p.id));
  return failed;
}

const beingDenied = (state: string): boolean => /deny|deleting/.test(state);

/**
 * Nova removes its access rule when the server goes; rules still on the share after that (a server deleted after
 * a failed move, or Nova killed mid-way) are locked against deletion, so the admin denies them with unrestrict.
 * Rules Nova is already denying are only waited for.
 */
async function removeLeakedRules(
  c: CliClients,
  share: Item,
  wait: { intervalMs: number; timeoutMs: number },
  say: (line: string) => void,
): Promise<number> {
  let failed = 0;
  let rules: { id: string; access_type: string; access_to: string; state: string }[];
  try {
    rules = await c.shares.listAccessRules(share.id);
  } catch (e) {
    if (isNotFound(e)) return 0;
    say(`could not list the access rules of share ${share.name} (${share.id}): ${msg(e)}`);
    return 1;
  }
  for (const r of rules) {
    const what = `access rule ${r.access_type}:${r.access_to} (${r.id}) on share ${share.id}`;
    try {
      if (!beingDenied(r.state)) {
        try {
          await c.shares.deleteAccessRule(share.id, r.id, { unrestrict: true });
        } catch (e) {
          // Nova may have started denying it between our listing and our call: then only wait.
          const now = (await c.shares.listAccessRules(share.id)).find((x) => x.id === r.id);
          if (now && !beingDenied(now.state)) throw e;
        }
      }
      await waitForAccessRuleGone(c.shares, share.id, r.id, wait);
      say(`deleted ${what}`);
    } catch (e) {
      if (isNotFound(e)) {
        say(`already gone: ${what}`);
        continue;
      }
      failed += 1;
      say(`could not delete ${what}: ${msg(e)}`);
    }
  }
  return failed;
}
