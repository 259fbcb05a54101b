// With whitebox enabled, every compute host (the admin's nova-compute list plus whitebox.ctlplane_addresses) must
// accept the whitebox SSH key and run whitebox.command_prefix.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Clients } from "../clients/index.js";
import type { VftestConfig } from "../config/types.js";
import { probe } from "./check.js";
import type { CheckResult } from "./types.js";

/** The hosts to reach: every nova-compute host (admin) and every whitebox.ctlplane_addresses entry. */
async function whiteboxHosts(config: VftestConfig, admin: Clients | undefined): Promise<Map<string, string>> {
  const hosts = new Map(Object.entries(config.whitebox.ctlplane_addresses));
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

/** Nothing when whitebox is disabled. Runs whether or not the cloud checks could. */
export async function whiteboxChecks(config: VftestConfig, admin: Clients | undefined): Promise<CheckResult[]> {
  const w = config.whitebox;
  if (!w.enabled) return [];
  const hosts = await whiteboxHosts(config, admin);
  if (hosts.size === 0) {
    return [
      {
        name: "whitebox hosts",
        state: "fail",
        detail:
          "whitebox.enabled but no compute host is known (whitebox.ctlplane_addresses is empty, no admin account)",
        fix: "list each compute host as `name: address` under whitebox.ctlplane_addresses, or set whitebox.enabled: false",
      },
    ];
  }
  if (!w.ssh_key) {
    return [
      {
        name: "whitebox hosts",
        state: "fail",
        detail: "whitebox.enabled but whitebox.ssh_key is not set",
        fix: "set whitebox.ssh_key to the private key that logs in as whitebox.ssh_user on the compute hosts",
      },
    ];
  }
  const { RemoteClient } = await import("../clients/ssh.js");
  const { cmd } = await import("../clients/ssh-quote.js");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-verify-"));
  const prefix = w.command_prefix.trim() ? w.command_prefix.trim().split(/\s+/) : [];
  const out: CheckResult[] = [];
  try {
    for (const [name, addr] of hosts) {
      const fix = `make ${w.ssh_user}@${addr}:${w.ssh_port} accept whitebox.ssh_key, fix whitebox.ctlplane_addresses.${name}, or set whitebox.enabled: false`;
      out.push(
        await probe(`whitebox host ${name}`, fix, async () => {
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
        }),
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
