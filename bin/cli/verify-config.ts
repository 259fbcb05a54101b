// `vftest verify-config`: the preflight. Loads the config (bad config: exit 2), runs the checks of lib/preflight
// against the cloud and prints each problem with how to fix it (exit 1 if any).

import { Command } from "commander";
import { configApi } from "./deps.js";
import { type CliContext, EXIT } from "./io.js";
import { addCloudOptions, type CloudFlags } from "./options.js";

export function verifyConfigCommand(ctx: CliContext): Command {
  const cmd = new Command("verify-config").description(
    "check the config and the cloud: credentials, endpoints, microversions, image, flavors, computes, network, hosts",
  );
  return addCloudOptions(cmd)
    .addHelpText(
      "after",
      `
Exit codes: 0 ready, 1 a prerequisite is missing (each printed with a fix), 2 the config itself is invalid.

Examples:
  vftest verify-config --config vftest.yaml
  vftest verify-config --os-cloud devstack --os-cloud-admin devstack-admin`,
    )
    .action(async (flags: CloudFlags) => {
      ctx.setExitCode(await verifyConfig(ctx, flags));
    });
}

export async function verifyConfig(ctx: CliContext, flags: CloudFlags): Promise<number> {
  const api = await configApi();
  const config = api.loadConfig({
    configFile: flags.config,
    osCloud: flags.osCloud,
    osCloudAdmin: flags.osCloudAdmin,
    env: ctx.io.env,
    cwd: ctx.io.cwd,
  });
  ctx.io.out(`${api.describeConfig(config)}\n\n`);
  // Loaded here, not at the top, so that `vftest --help` does not load the clients.
  const { anyFailed, formatResults, runChecks } = await import("../../lib/preflight/index.js");
  const { preflightProblems } = await import("../../lib/config/index.js");
  const results = await runChecks(config);
  ctx.io.out(formatResults(results, preflightProblems(config)));
  return anyFailed(results) ? EXIT.failed : EXIT.ok;
}
