// The emulated guest: the shared userland on the server's disk (<diskDir>/rootfs) with a fresh in-memory mount
// table per boot, virtiofs mounts resolved through the server's current host, and the usual special files.

import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { dd } from "../../userland/commands/dd.js";
import { fileCommands } from "../../userland/commands/files.js";
import { miscCommands } from "../../userland/commands/misc.js";
import { testCommand } from "../../userland/commands/test.js";
import { textCommands } from "../../userland/commands/text.js";
import { Shell } from "../../userland/shell.js";
import type { CommandTable } from "../../userland/types.js";
import { type SpecialFile, VirtualFs } from "../../userland/vfs.js";
import type { GuestMachine, GuestOs, GuestOsFactory } from "../guestOs.js";
import { GuestMountTable } from "./mounts.js";
import { ensureRootfs, installAuthorizedKeys } from "./rootfs.js";

export const GUEST_KERNEL = "6.8.0-45-generic";

function specials(mounts: GuestMountTable): Record<string, SpecialFile> {
  const procMounts: SpecialFile = { kind: "file", writable: false, read: () => mounts.procMounts() };
  return {
    "/proc/mounts": procMounts,
    "/proc/self/mounts": procMounts,
    "/proc/version": {
      kind: "file",
      writable: false,
      read: () => Buffer.from(`Linux version ${GUEST_KERNEL} (buildd@vftest) (gcc 13.2.0) #1 SMP PREEMPT_DYNAMIC\n`),
    },
    "/dev/null": { kind: "char", writable: true, read: () => Buffer.alloc(0) },
    "/dev/zero": { kind: "char", writable: true, read: (size) => Buffer.alloc(size ?? 4096) },
    "/dev/urandom": { kind: "char", writable: true, read: (size) => randomBytes(size ?? 4096) },
    "/dev/random": { kind: "char", writable: true, read: (size) => randomBytes(size ?? 4096) },
  };
}

export class EmulatedGuestOs implements GuestOs {
  private readonly mounts: GuestMountTable;
  private readonly fs: VirtualFs;
  private readonly commands: CommandTable;

  constructor(private readonly machine: GuestMachine) {
    const rootDir = join(machine.diskDir, "rootfs");
    ensureRootfs(rootDir, machine.hostname);
    installAuthorizedKeys(rootDir, machine.spec.authorizedKeys);
    this.mounts = new GuestMountTable(machine.spec, machine.console);
    this.fs = new VirtualFs({ rootDir, mounts: () => this.mounts.mounts(), specials: specials(this.mounts) });
    this.commands = {
      ...fileCommands,
      ...textCommands,
      ...miscCommands({ hostname: () => machine.hostname, kernel: GUEST_KERNEL }),
      ...this.mounts.commands(),
      dd,
      test: testCommand(false),
      "[": testCommand(true),
    };
    // systemd's local-fs stage: fstab virtiofs entries are mounted at every boot (e.g. on the migration target)
    this.mounts.mountAll(this.fs, (problem) => machine.console(`systemd[1]: ${problem.split("\n")[0]}`));
    for (const m of this.mounts.mounts()) machine.console(`systemd[1]: Mounted ${m.target} (virtiofs ${m.tag}).`);
  }

  exec(command: string, stdin: Buffer) {
    return new Shell({
      fs: this.fs,
      commands: this.commands,
      cwd: "/root",
      env: {
        HOME: "/root",
        USER: "root",
        LOGNAME: "root",
        HOSTNAME: this.machine.hostname,
        PATH: "/usr/sbin:/usr/bin:/sbin:/bin",
      },
    }).exec(command, stdin);
  }

  async shutdown(): Promise<void> {}
}

export const emulatedGuestOs: GuestOsFactory = async (machine) => new EmulatedGuestOs(machine);
