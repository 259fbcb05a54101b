// `vftest cleanup [--dry-run]`: find what an interrupted run left behind — every resource named `vftest-...` —
// and delete it, dependents first (servers before shares, users before projects). A resource already gone (404)
// counts as deleted. Uses the admin account when configured (sees every project), else the member account.

import { Command } from "commander";
import type { VftestConfig } from "../../lib/config/types.js";
import { type CliClients, hasCredentials, openClients } from "./cloud-clients.js";
import { configApi } from "./deps.js";
import { type CliContext, EXIT } from "./io.js";
import { addCloudOptions, type CloudFlags } from "./options.js";

export const VFTEST_PREFIX = "vftest-";

interface CleanupFlags extends CloudFlags {
  dryRun?: boolean;
}

interface Leftover {
  kind: string;
  id: string;
  name: string;
  remove: () => Promise<void>;
}

export function cleanupCommand(ctx: CliContext): Command {
  const cmd = new Command("cleanup").description(`delete resources named ${VFTEST_PREFIX}* left by an interrupted run`);
  return addCloudOptions(cmd)
    .option("--dry-run", "only list what would be deleted")
    .addHelpText(
      "after",
      `
Order: servers, shares, keypairs, security groups, users, projects. Exit 1 if something could not be deleted.

Examples:
  vftest cleanup --dry-run --os-cloud devstack-admin
  vftest cleanup --config vftest.yaml`,
    )
    .action(async (flags: CleanupFlags) => {
      ctx.setExitCode(await cleanup(ctx, flags));
    });
}

const isOurs = (name: string | undefined): name is string => typeof name === "string" && name.startsWith(VFTEST_PREFIX);

export async function findLeftovers(c: CliClients, asAdmin: boolean): Promise<Leftover[]> {
  const all = asAdmin ? { all_tenants: true } : {};
  const found: Leftover[] = [];
  const add = (kind: string, items: { id: string; name?: string }[], remove: (id: string) => Promise<void>) => {
    for (const i of items) if (isOurs(i.name)) found.push({ kind, id: i.id, name: i.name, remove: () => remove(i.id) });
  };
  add("server", await c.servers.listServers(all), (id) => c.servers.deleteServer(id));
  add("share", await c.shares.listShares(asAdmin ? { all_tenants: 1 } : {}), (id) => c.shares.deleteShare(id));
  const keypairs = await c.keypairs.listKeypairs();
  add(
    "keypair",
    keypairs.map((k) => ({ id: k.name, name: k.name })),
    (name) => c.keypairs.deleteKeypair(name),
  );
  add("security group", await c.network.listSecurityGroups(), (id) => c.network.deleteSecurityGroup(id));
  if (asAdmin) {
    add("user", await c.identity.listUsers(), (id) => c.identity.deleteUser(id));
    add("project", await c.identity.listProjects(), (id) => c.identity.deleteProject(id));
  }
  return found;
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
  const leftovers = await findLeftovers(clients, asAdmin);
  if (!asAdmin)
    io.err("vftest: no admin credentials: only the member project is searched; users and projects are not\n");
  if (leftovers.length === 0) {
    io.out(`nothing to clean up: no ${VFTEST_PREFIX}* resources found\n`);
    return EXIT.ok;
  }
  let failed = 0;
  for (const l of leftovers) {
    if (flags.dryRun) {
      io.out(`would delete ${l.kind} ${l.name} (${l.id})\n`);
      continue;
    }
    try {
      await l.remove();
      io.out(`deleted ${l.kind} ${l.name} (${l.id})\n`);
    } catch (e) {
      if ((e as { status?: unknown }).status === 404) {
        io.out(`already gone: ${l.kind} ${l.name} (${l.id})\n`);
        continue;
      }
      failed += 1;
      io.out(`could not delete ${l.kind} ${l.name} (${l.id}): ${(e as Error).message.split("\n")[0]}\n`);
    }
  }
  if (flags.dryRun) io.out(`${leftovers.length} resource(s) would be deleted (dry run)\n`);
  return failed ? EXIT.failed : EXIT.ok;
}
