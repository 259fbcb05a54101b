// createHosts: N simulated compute hosts, each answering SSH on its control-plane IP 127.0.1.<i> at one shared
// port, with one client key pair for whitebox checks (private key written 0600 to <dataDir>/hosts/id_ed25519).

import * as fs from "node:fs";
import { join } from "node:path";
import type { ComputeHost, FaultSwitch, ShareBackend, Timing } from "../contracts.js";
import { Sshd } from "../userland/sshd.js";
import { generateEd25519 } from "../userland/sshKeys.js";
import { SimComputeHost } from "./host.js";
import { createHostShell } from "./hostShell.js";

export { MOUNT_POINT_BASE, MountError, SimComputeHost } from "./host.js";
export { hashExport } from "./mountTable.js";

export const HOST_SSH_USER = "stack";

export interface HostsOptions {
  count: number;
  shares: ShareBackend;
  faults: FaultSwitch;
  timing: Timing;
  dataDir: string;
}

export interface Hosts {
  hosts: ComputeHost[];
  /** The same objects with the simulator-only extras (log, mountUsers, rootDir). */
  simHosts: SimComputeHost[];
  sshPort: number;
  sshUser: string;
  sshPrivateKeyPath: string;
  sshPublicKey: string;
  close(): Promise<void>;
}

export async function createHosts(opts: HostsOptions): Promise<Hosts> {
  if (!Number.isInteger(opts.count) || opts.count < 1 || opts.count > 254) {
    throw new Error(
      `createHosts: count must be an integer 1..254 (one 127.0.1.<i> address per host), got ${opts.count}`,
    );
  }
  const keyDir = join(opts.dataDir, "hosts");
  fs.mkdirSync(keyDir, { recursive: true });
  const client = generateEd25519("vftest-sim-hosts");
  const hostKey = generateEd25519();
  const sshPrivateKeyPath = join(keyDir, "id_ed25519");
  fs.rmSync(sshPrivateKeyPath, { force: true });
  fs.writeFileSync(sshPrivateKeyPath, client.private, { mode: 0o600 });
  fs.chmodSync(sshPrivateKeyPath, 0o600);
  fs.writeFileSync(`${sshPrivateKeyPath}.pub`, `${client.public}\n`, { mode: 0o644 });

  const simHosts: SimComputeHost[] = [];
  const daemons: Sshd[] = [];
  let sshPort = 0;
  try {
    for (let i = 1; i <= opts.count; i++) {
      const host = new SimComputeHost({ index: i, shares: opts.shares, dataDir: opts.dataDir });
      const shell = createHostShell(host);
      const sshd = new Sshd({
        hostKey: hostKey.private,
        authorizedKeys: () => [client.public],
        users: [HOST_SSH_USER, "root"],
        exec: (command, stdin) => shell.exec(command, stdin),
        label: host.name,
      });
      daemons.push(sshd);
      sshPort = await sshd.listen(host.ctlplaneIp, sshPort);
      simHosts.push(host);
    }
  } catch (err) {
    await Promise.all(daemons.map((d) => d.close()));
    throw err;
  }
  return {
    hosts: simHosts,
    simHosts,
    sshPort,
    sshUser: HOST_SSH_USER,
    sshPrivateKeyPath,
    sshPublicKey: client.public,
    close: async () => {
      await Promise.all(daemons.map((d) => d.close()));
    },
  };
}
