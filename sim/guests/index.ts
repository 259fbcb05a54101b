// createGuests: the GuestBackend Nova drives. Every running server answers SSH (user root, its keypair's keys)
// on its fixed IP and any floating IP, all at one port; a stopped server refuses. Behind SSH runs a GuestOs
// (the emulated userland by default). The port is fixed at creation by a placeholder listener on the guest
// network's gateway address, so CloudHandle.guestSshPort is known before the first server boots.

import * as fs from "node:fs";
import * as net from "node:net";
import { join } from "node:path";
import type { FaultSwitch, GuestBackend, GuestSpec, Timing } from "../contracts.js";
import { pollAddresses, syncListeners, wantedAddresses } from "../userland/listeners.js";
import { recordIn, serial } from "../userland/serial.js";
import { Sshd } from "../userland/sshd.js";
import { generateEd25519 } from "../userland/sshKeys.js";
import { ConsoleLog } from "./console.js";
import { EmulatedGuestOs, emulatedGuestOs, GUEST_KERNEL } from "./emulated/emulatedOs.js";
import type { GuestMachine, GuestOs, GuestOsFactory } from "./guestOs.js";

export type { GuestMachine, GuestOs, GuestOsFactory } from "./guestOs.js";
export { EmulatedGuestOs };

export const GUEST_SSH_USER = "root";
export const GUEST_HOSTNAME = "vftest-guest";

export interface GuestsOptions {
  faults: FaultSwitch;
  timing: Timing;
  dataDir: string;
  /** Floating IPs currently associated with a fixed IP; polled while the server runs. */
  extraAddresses?: (serverIp: string) => string[];
  /** Address that holds the shared SSH port while no guest runs (default: the guest network gateway). */
  reserveAddress?: string;
  /** Fixed SSH port instead of an ephemeral one. */
  sshPort?: number;
  /** What runs behind SSH (default: the emulated userland). */
  os?: GuestOsFactory;
  /** How often floating IP associations are re-read (ms). */
  addressPollMs?: number;
}

interface RunningGuest {
  spec: GuestSpec;
  os: GuestOs;
  sshd: Sshd;
  problems: string[];
}

interface GuestRecord {
  bootCount: number;
  console: ConsoleLog;
  running?: RunningGuest;
  /** start/stop/destroy of one server run one after another: a delete during a boot must not leave the boot's
   * listener behind on an address Neutron hands to the next server. */
  queue: Promise<unknown>;
}

export interface SimGuests extends GuestBackend {
  /** Re-reads floating IPs now (also done periodically). */
  syncAddresses(): Promise<void>;
  /** Addresses a running server's SSH listens on (empty when stopped). */
  addresses(serverId: string): string[];
  /** Runs a command in a running guest without SSH (diagnostics, tests). */
  exec(serverId: string, command: string): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  isRunning(serverId: string): boolean;
}

export async function createGuests(opts: GuestsOptions): Promise<SimGuests> {
  const guestsDir = join(opts.dataDir, "guests");
  fs.mkdirSync(guestsDir, { recursive: true });
  const osFactory = opts.os ?? emulatedGuestOs;
  const records = new Map<string, GuestRecord>();
  const reserveAddress = opts.reserveAddress ?? "127.0.2.1";
  const placeholder = net.createServer((s) => s.destroy());
  const sshPort = await new Promise<number>((resolve, reject) => {
    placeholder.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `guests: cannot reserve the guest SSH port on ${reserveAddress}:${opts.sshPort ?? 0} (${err.code ?? err.message}); ` +
            "another process or a leftover simulator holds it: stop it, or pass another sshPort",
        ),
      ),
    );
    placeholder.listen(opts.sshPort ?? 0, reserveAddress, () =>
      resolve((placeholder.address() as net.AddressInfo).port),
    );
  });

  const diskDir = (serverId: string): string => {
    if (!/^[A-Za-z0-9_-]+$/.test(serverId))
      throw new Error(`guests: refusing server id '${serverId}' as a directory name`);
    return join(guestsDir, serverId);
  };

  const hostKeyFor = (dir: string): string => {
    const file = join(dir, "ssh_host_ed25519_key");
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, generateEd25519().private, { mode: 0o600 });
    }
    return fs.readFileSync(file, "utf8");
  };

  const syncOne = (serverId: string, g: RunningGuest): Promise<void> =>
    syncListeners(g.sshd, wantedAddresses(g.spec.ip, opts.extraAddresses), sshPort, (message) => {
      if (!g.problems.includes(message)) g.problems.push(message);
      records.get(serverId)?.console.plain(`sshd: ${message}`);
    });

  const syncAddresses = async (): Promise<void> => {
    await Promise.all([...records.entries()].map(([id, r]) => (r.running ? syncOne(id, r.running) : undefined)));
  };
  const poll = pollAddresses(opts.addressPollMs ?? 200, opts.extraAddresses !== undefined, syncAddresses);

  const recordOf = (serverId: string): GuestRecord =>
    recordIn(records, serverId, () => ({ bootCount: 0, console: new ConsoleLog(), queue: Promise.resolve() }));

  const stopNow = async (r: GuestRecord): Promise<void> => {
    const g = r.running;
    if (!g) return;
    r.running = undefined;
    await g.sshd.close();
    await g.os.shutdown();
    r.console.shutdown();
  };

  const startNow = async (spec: GuestSpec, record: GuestRecord): Promise<void> => {
    const dir = diskDir(spec.serverId);
    await stopNow(record);
    await opts.timing.delay("guest.boot");
    fs.mkdirSync(dir, { recursive: true });
    record.bootCount++;
    const bootKey = `${spec.serverId}#${record.bootCount}`;
    record.console.boot(spec, { hostname: GUEST_HOSTNAME, kernel: GUEST_KERNEL, bootCount: record.bootCount });
    const machine: GuestMachine = {
      serverId: spec.serverId,
      spec,
      diskDir: dir,
      hostname: GUEST_HOSTNAME,
      bootCount: record.bootCount,
      console: (line) => record.console.kernel(line),
    };
    const os = await osFactory(machine);
    const sshd = new Sshd({
      hostKey: hostKeyFor(dir),
      authorizedKeys: () => spec.authorizedKeys,
      users: [GUEST_SSH_USER],
      exec: (command, stdin) => os.exec(command, stdin),
      refuse: () => opts.faults.fireOnce("ssh-refused", bootKey, 2),
      label: `guest ${spec.serverId}`,
    });
    const running: RunningGuest = { spec, os, sshd, problems: [] };
    try {
      await sshd.listen(spec.ip, sshPort);
    } catch (err) {
      await os.shutdown();
      throw err;
    }
    record.running = running;
    await syncOne(spec.serverId, running);
  };

  return {
    sshPort,
    start: (spec) => {
      const r = recordOf(spec.serverId);
      return serial(r, () => startNow(spec, r));
    },
    stop: async (serverId) => {
      const r = records.get(serverId);
      if (r) await serial(r, () => stopNow(r));
    },
    destroy: async (serverId) => {
      const r = recordOf(serverId);
      await serial(r, async () => {
        await stopNow(r);
        fs.rmSync(diskDir(serverId), { recursive: true, force: true });
      });
      if (records.get(serverId) === r) records.delete(serverId);
    },
    consoleOutput: (serverId) => records.get(serverId)?.console.text() ?? "",
    syncAddresses,
    addresses: (serverId) => records.get(serverId)?.running?.sshd.addresses() ?? [],
    isRunning: (serverId) => records.get(serverId)?.running !== undefined,
    exec: async (serverId, command) => {
      const g = records.get(serverId)?.running;
      if (!g) throw new Error(`guest ${serverId} is not running: start the server first`);
      const r = await g.os.exec(command, Buffer.alloc(0));
      return { stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8"), exitCode: r.exitCode };
    },
    close: async () => {
      clearInterval(poll);
      await Promise.all([...records.values()].map((r) => serial(r, () => stopNow(r))));
      await new Promise<void>((resolve) => placeholder.close(() => resolve()));
    },
  };
}
