// `vftest verify-config`: the preflight. Loads the config (bad config: exit 2), then checks every prerequisite of
// the suite against the cloud and prints each problem with how to fix it (exit 1 if any). A check whose
// prerequisite failed is printed as "skip" with the reason instead of failing twice; when only the member login
// fails, the cloud checks still run with the admin account (and say so) so one run shows every problem.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { ConnectionError, UnauthorizedError } from "../../lib/clients/errors.js";
import type { VftestConfig } from "../../lib/config/types.js";
import { type CliClients, hasCredentials, openClients } from "./cloud-clients.js";
import { configApi } from "./deps.js";
import { type CliContext, EXIT } from "./io.js";
import { addCloudOptions, type CloudFlags } from "./options.js";

export interface CheckResult {
  name: string;
  state: "ok" | "fail" | "skip";
  detail: string;
  fix?: string;
}

/** Manila API with access-rule locks (Nova locks the rules it creates). */
export const MANILA_MIN_MICROVERSION = "2.82";

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
  const [amaj = 0, amin = 0] = a.split(".").map(Number);
  const [bmaj = 0, bmin = 0] = b.split(".").map(Number);
  return amaj - bmaj || amin - bmin;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";

const LABEL: Record<CheckResult["state"], string> = { ok: "ok  ", fail: "FAIL", skip: "skip" };

export function formatResults(results: CheckResult[], warnings: string[]): string {
  const lines = results.flatMap((r) => [
    `${LABEL[r.state]}  ${r.name}: ${r.detail}`,
    ...(r.state === "fail" && r.fix ? [`      fix: ${r.fix}`] : []),
  ]);
  for (const w of warnings) lines.push(`note  ${w}`);
  const failed = results.filter((r) => r.state === "fail").length;
  lines.push("", failed ? `${failed} problem(s) found` : "all prerequisites met");
  return `${lines.join("\n")}\n`;
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
  const results = await runChecks(config);
  const { preflightProblems } = await import("../../lib/config/index.js");
  ctx.io.out(formatResults(results, preflightProblems(config)));
  return results.some((r) => r.state === "fail") ? EXIT.failed : EXIT.ok;
}

export async function runChecks(config: VftestConfig): Promise<CheckResult[]> {
  const out: CheckResult[] = [{ name: "config", state: "ok", detail: "valid (sources listed above)" }];
  const dynamic = config.auth.use_dynamic_credentials && !hasCredentials(config.auth.member);
  if (dynamic) {
    out.push({
      name: "Keystone member credentials",
      state: "skip",
      detail: "none needed: dynamic credentials create a member account per worker with the admin account",
    });
  }
  const member = dynamic ? undefined : await authCheck(config, "member", out);
  const admin = hasCredentials(config.auth.admin) ? await authCheck(config, "admin", out) : undefined;
  if (!hasCredentials(config.auth.admin)) {
    out.push({
      name: "Keystone admin credentials",
      state: "fail",
      detail: "none configured (needed for migrate, os-migrations, hypervisors and dynamic credentials)",
      fix: "set auth.admin in the config, or pass --os-cloud-admin NAME (devstack: devstack-admin)",
    });
  }
  const cloud = member ?? admin;
  if (cloud) {
    const as = member ? "" : dynamic ? " (checked as admin)" : " (checked as admin: the member login failed)";
    await cloudChecks(config, cloud, as, admin, out);
  } else {
    out.push({
      name: "cloud checks",
      state: "skip",
      detail: "not checked: no account could log in (microversions, image, flavors, compute hosts, network)",
    });
  }
  await whiteboxChecks(config, admin, out);
  return out;
}

async function authCheck(config: VftestConfig, role: "member" | "admin", out: CheckResult[]) {
  const name = `Keystone ${role} credentials`;
  const source = role === "member" ? config.auth.cloud : config.auth.admin_cloud;
  const where = source ? `the clouds.yaml entry "${source}"` : `auth.${role} in the config`;
  try {
    const clients = await openClients(config, role);
    const info = await clients.auth.authenticate();
    const project = info.projectName ? ` for project ${info.projectName}` : "";
    out.push({ name, state: "ok", detail: `token issued by ${config.auth.auth_url}${project}` });
    return clients;
  } catch (e) {
    const fix =
      e instanceof UnauthorizedError
        ? `Keystone rejected the credentials: fix the username, password (or application credential), domain and project in ${where}`
        : e instanceof ConnectionError
          ? `make auth.auth_url (${config.auth.auth_url}) reachable from this machine, or fix it`
          : `check auth.auth_url (${config.auth.auth_url}) and ${where}`;
    out.push({ name, state: "fail", detail: message(e), fix });
    return undefined;
  }
}

async function check(out: CheckResult[], name: string, fix: string, fn: () => Promise<string>): Promise<void> {
  try {
    out.push({ name, state: "ok", detail: await fn() });
  } catch (e) {
    out.push({ name, state: "fail", detail: message(e), fix });
  }
}

async function cloudChecks(
  config: VftestConfig,
  cloud: CliClients,
  as: string,
  admin: CliClients | undefined,
  out: CheckResult[],
): Promise<void> {
  const c = config.compute;
  const fe = config.compute_feature_enabled;
  let range: { min: string; max: string } | undefined;
  await check(out, "compute API", `check the compute endpoint in the Keystone catalog${as}`, async () => {
    range = await cloud.versions.microversionRange();
    return `microversions ${range.min}..${range.max}${as}`;
  });
  const inRange = (v: string) =>
    range !== undefined && compareMicroversions(v, range.min) >= 0 && compareMicroversions(v, range.max) <= 0;
  if (range) {
    const r = range;
    await check(
      out,
      "compute microversion for shares",
      `use a Nova that supports ${c.min_microversion} (2025.1 or later for 2.97), or set compute.min_microversion within ${r.min}..${r.max}`,
      async () => {
        if (!inRange(c.min_microversion)) {
          throw new Error(`compute.min_microversion ${c.min_microversion} is outside the cloud's ${r.min}..${r.max}`);
        }
        return `${c.min_microversion} within ${r.min}..${r.max}`;
      },
    );
    if (fe.cold_migration_with_shares) {
      const want = fe.cold_migration_with_shares_microversion;
      await check(
        out,
        "compute microversion for moves with shares",
        `upgrade Nova to a release with virtiofs cold migration (2026.2), or set compute_feature_enabled.cold_migration_with_shares: false (the move tests are then skipped)`,
        async () => {
          if (!inRange(want)) {
            throw new Error(
              `cold_migration_with_shares is true but the cloud's maximum is ${r.max}, below cold_migration_with_shares_microversion ${want}`,
            );
          }
          return `${want} within ${r.min}..${r.max}`;
        },
      );
    }
  }
  await check(
    out,
    "Manila microversion",
    `use a Manila with API >= ${MANILA_MIN_MICROVERSION} (access-rule locks) and set share.microversion within its range`,
    async () => {
      const { min, max } = await cloud.rest("shared-file-system").discoverMicroversions();
      const want = config.share.microversion;
      if (compareMicroversions(max, MANILA_MIN_MICROVERSION) < 0) {
        throw new Error(`Manila's maximum is ${max}, below ${MANILA_MIN_MICROVERSION}`);
      }
      if (compareMicroversions(want, min) < 0 || compareMicroversions(want, max) > 0) {
        throw new Error(`share.microversion ${want} is outside Manila's ${min}..${max}`);
      }
      return `${want} within ${min}..${max}`;
    },
  );
  await check(out, "image", "set compute.image_ref to an image id from `openstack image list`", async () => {
    const image = await cloud.images.showImage(c.image_ref);
    const status = typeof image.status === "string" ? image.status : "unknown";
    if (status !== "active") throw new Error(`image ${c.image_ref} is ${status}, not active`);
    return `${c.image_ref} active${as}`;
  });
  for (const key of ["flavor_ref", "flavor_ref_alt"] as const) {
    await check(
      out,
      `flavor (${key})`,
      `set compute.${key} to a flavor id from \`openstack flavor list\``,
      async () => {
        const f = await cloud.flavors.showFlavor(c[key]);
        return `${c[key]} (${f.name})${as}`;
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
          throw new Error(
            `${up.length} nova-compute up and enabled (${up.map((s) => s.host).join(", ") || "none"}), need ${c.min_compute_nodes}`,
          );
        }
        return `${up.length} up and enabled (${up.map((s) => s.host).join(", ")}), need ${c.min_compute_nodes}`;
      },
    );
  } else {
    out.push({ name: "compute hosts", state: "skip", detail: "not checked: needs the admin account (os-services)" });
  }
  const network = config.validation.network;
  if (network) {
    await check(out, "SSH network", "set validation.network to a network the member project can use", async () => {
      const found = await cloud.network.listNetworks({ name: network });
      if (found.length === 0) throw new Error(`no network named "${network}"${as}`);
      return `${network} exists${as}`;
    });
  }
  const floating = config.validation.connect_method === "floating" ? config.validation.floating_network : undefined;
  if (floating) {
    await check(out, "floating IP network", "set validation.floating_network to an external network", async () => {
      const found = await cloud.network.listNetworks({ name: floating });
      if (found.length === 0) throw new Error(`no network named "${floating}"`);
      return `${floating} exists`;
    });
  }
}

/** The hosts to reach: every nova-compute host (admin) and every whitebox.ctlplane_addresses entry. */
async function whiteboxHosts(config: VftestConfig, admin: CliClients | undefined): Promise<Map<string, string>> {
  const w = config.whitebox;
  const hosts = new Map(Object.entries(w.ctlplane_addresses));
  if (admin) {
    try {
      for (const s of await admin.services.listServices({ binary: "nova-compute" })) {
        if (!hosts.has(s.host)) hosts.set(s.host, s.host);
      }
    } catch {
      // Already reported by the "compute hosts" check.
    }
  }
  return hosts;
}

async function whiteboxChecks(config: VftestConfig, admin: CliClients | undefined, out: CheckResult[]): Promise<void> {
  const w = config.whitebox;
  if (!w.enabled) return;
  const hosts = await whiteboxHosts(config, admin);
  if (hosts.size === 0) {
    out.push({
      name: "whitebox hosts",
      state: "fail",
      detail: "whitebox.enabled but no compute host is known (whitebox.ctlplane_addresses is empty, no admin account)",
      fix: "list each compute host as `name: address` under whitebox.ctlplane_addresses, or set whitebox.enabled: false",
    });
    return;
  }
  if (!w.ssh_key) {
    out.push({
      name: "whitebox hosts",
      state: "fail",
      detail: "whitebox.enabled but whitebox.ssh_key is not set",
      fix: "set whitebox.ssh_key to the private key that logs in as whitebox.ssh_user on the compute hosts",
    });
    return;
  }
  const { RemoteClient } = await import("../../lib/clients/ssh.js");
  const { cmd } = await import("../../lib/clients/ssh-quote.js");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-verify-"));
  const prefix = w.command_prefix.trim() ? w.command_prefix.trim().split(/\s+/) : [];
  try {
    for (const [name, addr] of hosts) {
      await check(
        out,
        `whitebox host ${name}`,
        `make ${w.ssh_user}@${addr}:${w.ssh_port} accept whitebox.ssh_key, fix whitebox.ctlplane_addresses.${name}, or set whitebox.enabled: false`,
        async () => {
          const ssh = new RemoteClient({
            host: addr,
            port: w.ssh_port,
            username: w.ssh_user,
            privateKeyPath: w.ssh_key,
            connectTimeoutMs: 5000,
            sshTimeoutMs: 5000,
            hostKeyPolicy: "accept-new",
            knownHostsPath: path.join(dir, "known_hosts"),
          });
          try {
            await ssh.exec(prefix.length ? cmd(...prefix, "true") : cmd("true"), { timeoutMs: 10_000 });
          } finally {
            await ssh.close();
          }
          return `ssh ${w.ssh_user}@${addr}:${w.ssh_port}${prefix.length ? ` and "${prefix.join(" ")}"` : ""} work`;
        },
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
