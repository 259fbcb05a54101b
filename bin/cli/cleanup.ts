// `vftest cleanup [--dry-run]`: find what an interrupted run left behind and delete it, dependents first
// (lib/common/leftovers.ts says what counts as ours, leftovers-delete.ts the order). With admin credentials every
// project is searched; with only the member account, that project.

import path from "node:path";
import { Command } from "commander";
import { countLeftovers, describeLeftovers, findLeftovers } from "../../lib/common/leftovers.js";
import { deleteLeftovers } from "../../lib/common/leftovers-delete.js";
import {
  addProjectGroups,
  type LeftoversFile,
  leftoversOf,
  readLeftoversFile,
} from "../../lib/common/leftovers-file.js";
import { VFTEST_PREFIX } from "../../lib/common/naming.js";
import { waitOptions } from "../../lib/common/waiters.js";
import type { VftestConfig } from "../../lib/config/types.js";
import { UsageError } from "../../lib/runner/errors.js";
import { hasCredentials, openClients } from "../../lib/target/clients.js";
import { configApi } from "./deps.js";
import { type CliContext, EXIT } from "./io.js";
import { addCloudOptions, type CloudFlags } from "./options.js";

interface CleanupFlags extends CloudFlags {
  dryRun?: boolean;
  from?: string;
}

export function cleanupCommand(ctx: CliContext): Command {
  const cmd = new Command("cleanup").description(`delete resources named ${VFTEST_PREFIX}* left by an interrupted run`);
  return addCloudOptions(cmd)
    .option("--dry-run", "only list what would be deleted")
    .option("--from <run dir>", "delete exactly what this stopped run listed in its leftovers.json (no search)")
    .addHelpText(
      "after",
      `
Order: servers (waited until gone), access rules Nova left on our shares (admin, unrestrict), shares, keypairs,
security groups, floating IPs, users, projects. Exit 1 if something could not be deleted.

Examples:
  vftest cleanup --from results/20261125T101502Z-3fa2c1 --os-cloud devstack --os-cloud-admin devstack-admin
  vftest cleanup --dry-run --os-cloud devstack --os-cloud-admin devstack-admin
  vftest cleanup --config vftest.yaml`,
    )
    .action(async (flags: CleanupFlags) => {
      ctx.setExitCode(await cleanup(ctx, flags));
    });
}

const msg = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";

export async function cleanup(ctx: CliContext, flags: CleanupFlags): Promise<number> {
  const { io } = ctx;
  const from = flags.from ? readFrom(flags.from, io.cwd) : undefined;
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
  if (!from && asAdmin && hasCredentials(config.auth.member)) {
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
  const found = from
    ? await addProjectGroups(clients, leftoversOf(from.resources, { owners: asAdmin }))
    : await findLeftovers(clients, { asAdmin, memberUserId });
  const total = countLeftovers(found);
  if (total === 0) {
    io.out(
      from
        ? `nothing to clean up: ${flags.from} lists no leftovers\n`
        : `nothing to clean up: no ${VFTEST_PREFIX}* resources found\n`,
    );
    return EXIT.ok;
  }
  if (flags.dryRun) {
    for (const line of describeLeftovers(found)) io.out(`would delete ${line}\n`);
    io.out(`${total} resource(s) would be deleted (dry run; nothing was changed)\n`);
    return EXIT.ok;
  }
  const wait = waitOptions(config.compute);
  const failed = await deleteLeftovers(clients, found, { asAdmin, wait }, (line) => io.out(`${line}\n`));
  io.out(failed ? `${failed} resource(s) could not be deleted\n` : `cleaned up ${total} resource(s)\n`);
  return failed ? EXIT.failed : EXIT.ok;
}

function readFrom(dir: string, cwd: string): LeftoversFile {
  try {
    return readLeftoversFile(path.resolve(cwd, dir));
  } catch (e) {
    throw new UsageError(msg(e));
  }
}
