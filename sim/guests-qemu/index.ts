// createQemuGuests: a GuestBackend where every server is a real Linux guest under QEMU (TCG), its virtiofs tags
// served by virtiofsd from the directories the server's current host resolves for them, reachable by real SSH
// (dropbear) at its fixed IP and floating IPs on the shared guest SSH port. See README.md for limits.

import * as fs from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FaultSwitch, GuestBackend, GuestSpec, Timing } from "../contracts.js";
import { pollAddresses, syncListeners, wantedAddresses } from "../userland/listeners.js";
import { recordIn, serial } from "../userland/serial.js";
import { findQemuArtifacts, type QemuArtifacts } from "./artifacts.js";
import { bootMachine, type RunningMachine } from "./machine.js";
import { Slots } from "./slots.js";
import { SshFront } from "./sshFront.js";

export { findQemuArtifacts, type QemuArtifacts } from "./artifacts.js";

export const QEMU_GUEST_SSH_USER = "root";

export interface QemuGuestsOptions {
  faults: FaultSwitch;
  timing: Timing;
  dataDir: string;
  extraAddresses?: (serverIp: string) => string[];
  /** Address that holds the shared SSH port while no guest runs (default: the guest network gateway). */
  reserveAddress?: string;
  sshPort?: number;
  /** Running guests at most (default $VFTEST_QEMU_MAX_GUESTS or 4); a start beyond it fails with a clear error. */
  maxRunning?: number;
  /** Guests booting at the same time (default 2: TCG boots are CPU-bound, the reference machine has 2 cores). */
  maxConcurrentBoots?: number;
  /** Guest RAM in MiB whatever the flavor says (default 128: the guest uses ~20 MiB; QEMU's RSS is ~210 MiB). */
  memoryMb?: number;
  /** Root disk size in MiB, made sparse at first boot (default 256). */
  diskMb?: number;
  /** Power-on to SSH banner (default 240 s); start() itself returns once QEMU runs. */
  bootTimeoutMs?: number;
  /** virtiofsd sandbox (default $VFTEST_VIRTIOFSD_SANDBOX or "namespace"; "chroot" inside containers). */
  virtiofsdSandbox?: "namespace" | "chroot";
  /** Default: findQemuArtifacts(); creation fails listing what is missing. */
  artifacts?: QemuArtifacts;
  addressPollMs?: number;
}

export interface QemuGuests extends GuestBackend {
  isRunning(serverId: string): boolean;
  /** Addresses a running server's SSH listens on (empty when stopped). */
  addresses(serverId: string): string[];
  /** Tags exported to the guest at its current boot. */
  exportedTags(serverId: string): string[];
  syncAddresses(): Promise<void>;
}

interface Running {
  spec: GuestSpec;
  machine: RunningMachine;
  front: SshFront;
}

interface GuestRecord {
  bootCount: number;
  diskDir: string;
  running?: Running;
  booting: boolean;
  /** Serialises start/stop/destroy of one server. */
  queue: Promise<unknown>;
}

const ESC = String.fromCharCode(27);
/** SeaBIOS paints the serial line with terminal escapes; the console text is for people and logs. */
const ANSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}[c()][0-9A-Za-z]?|\r`, "g");

function envInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export async function createQemuGuests(opts: QemuGuestsOptions): Promise<QemuGuests> {
  const artifacts =
    opts.artifacts ??
    (() => {
      const found = findQemuArtifacts();
      if (!found.ok) throw new Error(`qemu guests: cannot run real guests here: ${found.missing.join("; ")}`);
      return found.artifacts;
    })();
  const maxRunning = opts.maxRunning ?? envInt(process.env.VFTEST_QEMU_MAX_GUESTS, 4);
  const bootSlots = new Slots(opts.maxConcurrentBoots ?? 2);
  const sandboxEnv = process.env.VFTEST_VIRTIOFSD_SANDBOX;
  const sandbox = opts.virtiofsdSandbox ?? (sandboxEnv === "chroot" ? "chroot" : "namespace");
  const guestsDir = join(opts.dataDir, "guests-qemu");
  fs.mkdirSync(guestsDir, { recursive: true });
  const socketDir = fs.mkdtempSync(join(tmpdir(), "vfq-"));
  const records = new Map<string, GuestRecord>();
  let bootSeq = 0;

  const reserveAddress = opts.reserveAddress ?? "127.0.2.1";
  const placeholder = net.createServer((s) => s.destroy());
  const sshPort = await new Promise<number>((resolve, reject) => {
    placeholder.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `qemu guests: cannot reserve the guest SSH port on ${reserveAddress}:${opts.sshPort ?? 0} ` +
            `(${err.code ?? err.message}); another process or a leftover simulator holds it: stop it, or pass another sshPort`,
        ),
      ),
    );
    placeholder.listen(opts.sshPort ?? 0, reserveAddress, () =>
      resolve((placeholder.address() as net.AddressInfo).port),
    );
  });

  const record = (serverId: string): GuestRecord => {
    if (!/^[A-Za-z0-9_-]+$/.test(serverId)) {
      throw new Error(`qemu guests: refusing server id '${serverId}' as a directory name`);
    }
    return recordIn(records, serverId, () => ({
      bootCount: 0,
      diskDir: join(guestsDir, serverId),
      booting: false,
      queue: Promise.resolve(),
    }));
  };

  const consoleLine = (r: GuestRecord) => (line: string) => {
    fs.mkdirSync(r.diskDir, { recursive: true });
    fs.appendFileSync(join(r.diskDir, "console.log"), `${line}\n`);
  };

  const syncOne = (r: GuestRecord, g: Running): Promise<void> =>
    syncListeners(g.front, wantedAddresses(g.spec.ip, opts.extraAddresses), sshPort, (message) =>
      consoleLine(r)(`vftest-qemu: ${message}`),
    );

  const syncAddresses = async (): Promise<void> => {
    await Promise.all([...records.values()].map((r) => (r.running ? syncOne(r, r.running) : undefined)));
  };
  const poll = pollAddresses(opts.addressPollMs ?? 200, opts.extraAddresses !== undefined, syncAddresses);

  const stopNow = async (r: GuestRecord): Promise<void> => {
    const g = r.running;
    if (!g) return;
    r.running = undefined;
    await g.front.close();
    await g.machine.stop();
    consoleLine(r)("reboot: Power down");
  };

  const startNow = async (spec: GuestSpec, r: GuestRecord): Promise<void> => {
    await stopNow(r);
    const busy = [...records.values()].filter((x) => x.running || x.booting).length;
    if (busy >= maxRunning) {
      throw new Error(
        `qemu guests: cannot power on ${spec.serverId}: ${busy} guests already run (limit ${maxRunning}, ` +
          "option maxRunning or VFTEST_QEMU_MAX_GUESTS); stop or delete a server first",
      );
    }
    fs.mkdirSync(r.diskDir, { recursive: true });
    r.booting = true;
    r.bootCount++;
    const bootKey = `${spec.serverId}#${r.bootCount}`;
    const label = `guest ${spec.serverId}`;
    const log = consoleLine(r);
    log(`vftest-qemu: boot ${r.bootCount} of server ${spec.serverId} (address ${spec.ip})`);
    // A boot slot is held until the guest answers SSH (or the boot fails): TCG boots are CPU-bound.
    const release = await bootSlots.acquire();
    try {
      const machine = await bootMachine({
        artifacts,
        spec,
        label,
        diskDir: r.diskDir,
        socketDir,
        bootId: ++bootSeq,
        memoryMb: opts.memoryMb ?? 128,
        diskMb: opts.diskMb ?? 256,
        sandbox,
        bootTimeoutMs: opts.bootTimeoutMs ?? 240_000,
        console: log,
      });
      machine.ready.then(release, release);
      const front = new SshFront({
        target: machine.ready,
        refuse: () => opts.faults.fireOnce("ssh-refused", bootKey, 2),
        label,
      });
      try {
        await front.listen(spec.ip, sshPort);
      } catch (err) {
        await machine.stop();
        throw err;
      }
      r.running = { spec, machine, front };
    } catch (err) {
      release();
      throw err;
    } finally {
      r.booting = false;
    }
    await syncOne(r, r.running);
  };

  return {
    sshPort,
    start: (spec) => {
      const r = record(spec.serverId);
      return serial(r, () => startNow(spec, r));
    },
    stop: async (serverId) => {
      const r = records.get(serverId);
      if (r) await serial(r, () => stopNow(r));
    },
    destroy: async (serverId) => {
      const r = record(serverId);
      await serial(r, async () => {
        await stopNow(r);
        fs.rmSync(r.diskDir, { recursive: true, force: true });
      });
      records.delete(serverId);
    },
    consoleOutput: (serverId) => {
      const r = records.get(serverId);
      if (!r) return "";
      try {
        return fs.readFileSync(join(r.diskDir, "console.log"), "utf8").replace(ANSI, "");
      } catch {
        return "";
      }
    },
    isRunning: (serverId) => records.get(serverId)?.running !== undefined,
    addresses: (serverId) => records.get(serverId)?.running?.front.addresses() ?? [],
    exportedTags: (serverId) => records.get(serverId)?.running?.machine.tags ?? [],
    syncAddresses,
    close: async () => {
      clearInterval(poll);
      await Promise.all([...records.values()].map((r) => serial(r, () => stopNow(r))));
      await new Promise<void>((resolve) => placeholder.close(() => resolve()));
      fs.rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
