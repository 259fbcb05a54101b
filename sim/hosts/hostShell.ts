// What `ssh <host> <command>` runs: the shared userland over the host's small file tree, with its NFS/CephFS
// mounts overlaid, /proc/mounts and findmnt built from the mount table, and virsh.

import { dd } from "../userland/commands/dd.js";
import { fileCommands } from "../userland/commands/files.js";
import { findmnt, type MountRow } from "../userland/commands/findmnt.js";
import { miscCommands } from "../userland/commands/misc.js";
import { testCommand } from "../userland/commands/test.js";
import { textCommands } from "../userland/commands/text.js";
import { Shell } from "../userland/shell.js";
import type { CommandContext, CommandTable, ExecResult } from "../userland/types.js";
import { VirtualFs } from "../userland/vfs.js";
import type { SimComputeHost } from "./host.js";
import { virsh } from "./virsh.js";

const BASE_ROWS: MountRow[] = [
  { source: "/dev/vda1", target: "/", fstype: "ext4", options: "rw,relatime" },
  { source: "proc", target: "/proc", fstype: "proc", options: "rw,nosuid,nodev,noexec,relatime" },
  { source: "devtmpfs", target: "/dev", fstype: "devtmpfs", options: "rw,nosuid,relatime,mode=755" },
];

export function hostMountRows(host: SimComputeHost): MountRow[] {
  const shares = host.mounts().map((m): MountRow => {
    const mode = m.readOnly ? "ro" : "rw";
    const options =
      m.fsType === "ceph"
        ? `${mode},relatime,name=nova,acl`
        : `${mode},relatime,vers=4.2,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys,clientaddr=${host.storageIp},local_lock=none`;
    return { source: m.exportLocation, target: m.mountPath, fstype: m.fsType, options };
  });
  return [...BASE_ROWS, ...shares];
}

function procMounts(host: SimComputeHost): Buffer {
  return Buffer.from(
    hostMountRows(host)
      .map((r) => `${r.source} ${r.target} ${r.fstype} ${r.options} 0 0\n`)
      .join(""),
  );
}

function hostCommands(host: SimComputeHost): CommandTable {
  const rows = () => hostMountRows(host);
  return {
    ...fileCommands,
    ...textCommands,
    ...miscCommands({ hostname: () => host.name, kernel: "6.8.0-45-generic" }),
    dd,
    test: testCommand(false),
    "[": testCommand(true),
    findmnt: findmnt(rows),
    virsh: virsh(host),
    mount: (ctx: CommandContext, args: string[]) => {
      if (args.length > 0 && !(args.length === 2 && args[0] === "-t")) {
        ctx.err("mount: only listing is supported on a simulated compute host (nova-compute mounts shares)\n");
        return 32;
      }
      for (const r of rows().filter((x) => args.length === 0 || x.fstype === args[1])) {
        ctx.out(`${r.source} on ${r.target} type ${r.fstype} (${r.options})\n`);
      }
      return 0;
    },
  };
}

export function createHostShell(host: SimComputeHost): { exec(command: string, stdin: Buffer): Promise<ExecResult> } {
  const vfs = new VirtualFs({
    rootDir: host.rootDir,
    mounts: () => host.overlayMounts(),
    specials: {
      "/proc/mounts": { kind: "file", writable: false, read: () => procMounts(host) },
      "/proc/self/mounts": { kind: "file", writable: false, read: () => procMounts(host) },
      "/dev/null": { kind: "char", writable: true, read: () => Buffer.alloc(0) },
      "/var/log/nova/nova-compute.log": {
        kind: "file",
        writable: false,
        read: () =>
          Buffer.from(
            host
              .log()
              .map((l) => `${l}\n`)
              .join(""),
          ),
      },
    },
  });
  const commands = hostCommands(host);
  return {
    exec: (command, stdin) =>
      new Shell({
        fs: vfs,
        commands,
        cwd: "/",
        env: { HOME: "/opt/stack", USER: "stack", HOSTNAME: host.name, PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
      }).exec(command, stdin),
  };
}
