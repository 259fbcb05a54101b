// `vftest verify-config`: the preflight. Loads the config (bad config: exit 2), then checks every prerequisite of
// the suite against the cloud and prints each problem with how to fix it (exit 1 if any). Checks run in order and
// a check whose prerequisite failed (no token, so no catalog) is reported as not checked rather than failing twice.

import net from "node:net";
import { Command } from "commander";
import type { VftestConfig } from "../../lib/config/types.js";
import { type CliClients, hasCredentials, openClients } from "./cloud-clients.js";
import { configApi } from "./deps.js";
import { type CliContext, EXIT } from "./io.js";
import { addCloudOptions, type CloudFlags } from "./options.js";

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

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

/** "2.9" < "2.10"; "latest" is above everything. */
export function compareMicroversions(a: string, b: string): number {
  if (a === b) return 0;
  if (a === "latest") return 1;
  if (b === "latest") return -1;
  const [amaj, amin] = a.split(".").map(Number);
  const [bmaj, bmin] = b.split(".").map(Number);
  return amaj - bmaj || amin - bmin;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0];

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
  const results = await runChecks(config);
  for (const r of results) {
    ctx.io.out(`${r.ok ? "ok  " : "FAIL"}  ${r.name}: ${r.detail}\n`);
    if (!r.ok && r.fix) ctx.io.out(`      fix: ${r.fix}\n`);
  }
  const failed = results.filter((r) => !r.ok).length;
  ctx.io.out(failed ? `\n${failed} problem(s) found\n` : "\nall prerequisites met\n");
  return failed ? EXIT.failed : EXIT.ok;
}

export async function runChecks(config: VftestConfig): Promise<CheckResult[]> {
  const out: CheckResult[] = [
    { name: "config", ok: true, detail: `valid (${config.sources.join(", ") || "defaults"})` },
  ];
  const member = await authCheck(config, "member", out);
  const admin = hasCredentials(config.auth.admin) ? await authCheck(config, "admin", out) : undefined;
  if (!admin) {
    out.push({
      name: "admin credentials",
      ok: false,
      detail: "none configured (needed for migrate, os-migrations, hypervisors and dynamic credentials)",
      fix: "set auth.admin in the config, or pass --os-cloud-admin NAME",
    });
  }
  if (member) await cloudChecks(config, member, admin, out);
  await whiteboxChecks(config, out);
  return out;
}

async function authCheck(config: VftestConfig, role: "member" | "admin", out: CheckResult[]) {
  const name = `Keystone ${role} credentials`;
  try {
    const clients = await openClients(config, role);
    await clients.auth.authenticate();
    out.push({ name, ok: true, detail: `token issued by ${config.auth.auth_url}` });
    return clients;
  } catch (e) {
    out.push({
      name,
      ok: false,
      detail: message(e),
      fix: `check auth.auth_url (${config.auth.auth_url}) is reachable and auth.${role} username/password/project are right`,
    });
    return undefined;
  }
}

async function check(out: CheckResult[], name: string, fix: string, fn: () => Promise<string>): Promise<void> {
  try {
    out.push({ name, ok: true, detail: await fn() });
  } catch (e) {
    out.push({ name, ok: false, detail: message(e), fix });
  }
}

async function cloudChecks(
  config: VftestConfig,
  member: CliClients,
  admin: CliClients | undefined,
  out: CheckResult[],
): Promise<void> {
  const c = config.compute;
  const fe = config.compute_feature_enabled;
  await check(
    out,
    "compute microversions",
    "use a Nova of 2026.2 or later, or lower compute.min_microversion",
    async () => {
      const { min, max } = await member.versions.microversionRange();
      const need = [
        c.min_microversion,
        ...(fe.cold_migration_with_shares ? [fe.cold_migration_with_shares_microversion] : []),
      ];
      const missing = need.filter((v) => compareMicroversions(v, min) < 0 || compareMicroversions(v, max) > 0);
      if (missing.length) throw new Error(`cloud supports ${min}..${max}; needs ${missing.join(", ")}`);
      return `${min}..${max} covers ${need.join(", ")}`;
    },
  );
  await check(
    out,
    "Manila microversion",
    "use a Manila with API >= 2.82 (access-rule locks), or lower share.microversion",
    async () => {
      const { max } = await member.rest("shared-file-system").discoverMicroversions();
      if (compareMicroversions(max, config.share.microversion) < 0) {
        throw new Error(`Manila max ${max} < share.microversion ${config.share.microversion}`);
      }
      return `max ${max} >= ${config.share.microversion}`;
    },
  );
  await check(out, "image", "set compute.image_ref to an image id from `openstack image list`", async () => {
    await member.images.showImage(c.image_ref);
    return `${c.image_ref} exists`;
  });
  for (const key of ["flavor_ref", "flavor_ref_alt"] as const) {
    await check(
      out,
      `flavor (${key})`,
      `set compute.${key} to a flavor id from \`openstack flavor list\``,
      async () => {
        await member.flavors.showFlavor(c[key]);
        return `${c[key]} exists`;
      },
    );
  }
  if (admin) {
    await check(
      out,
      "compute hosts",
      `bring up at least ${c.min_compute_nodes} nova-compute services, or lower compute.min_compute_nodes`,
      async () => {
        const up = (await admin.services.listServices({ binary: "nova-compute" })).filter(
          (s) => s.state === "up" && s.status === "enabled",
        );
        if (up.length < c.min_compute_nodes) {
          throw new Error(`${up.length} nova-compute up and enabled, need ${c.min_compute_nodes}`);
        }
        return `${up.length} up (${up.map((s) => s.host).join(", ")})`;
      },
    );
  }
  const network = config.validation.network;
  if (network) {
    await check(out, "SSH network", "set validation.network to a network the member project can use", async () => {
      const found = await member.network.listNetworks({ name: network });
      if (found.length === 0) throw new Error(`no network named "${network}"`);
      return `${network} exists`;
    });
  }
}

function tcpReachable(host: string, port: number, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error(`no answer from ${host}:${port} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    s.once("connect", () => {
      clearTimeout(t);
      s.end();
      resolve();
    });
    s.once("error", (e) => {
      clearTimeout(t);
      reject(e);
    });
  });
}

async function whiteboxChecks(config: VftestConfig, out: CheckResult[]): Promise<void> {
  const w = config.whitebox;
  if (!w.enabled) return;
  const hosts = Object.entries(w.ctlplane_addresses);
  if (hosts.length === 0) {
    out.push({
      name: "whitebox hosts",
      ok: false,
      detail: "whitebox.enabled but whitebox.ctlplane_addresses is empty",
      fix: "list each compute host as `name: address` under whitebox.ctlplane_addresses, or set whitebox.enabled: false",
    });
  }
  for (const [name, addr] of hosts) {
    await check(
      out,
      `whitebox host ${name}`,
      `make ${addr}:${w.ssh_port} reachable over SSH, or fix whitebox.ctlplane_addresses`,
      async () => {
        await tcpReachable(addr, w.ssh_port);
        return `${addr}:${w.ssh_port} answers`;
      },
    );
  }
}
