// One power-on of a real guest: resolve the domain's virtiofs exports on the server's current host, start a
// virtiofsd per exported tag, start QEMU (TCG) and wait until the guest's sshd sends its banner.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { GuestSpec } from "../contracts.js";
import type { QemuArtifacts } from "./artifacts.js";
import { type Child, spawnLogged } from "./proc.js";
import { qemuArgs } from "./qemuArgs.js";
import { freeLoopbackPort, waitForSshBanner } from "./sshFront.js";
import { startVirtiofsd } from "./virtiofsd.js";

const run = promisify(execFile);

export interface MachineBoot {
  artifacts: QemuArtifacts;
  spec: GuestSpec;
  /** "guest <serverId>", for messages. */
  label: string;
  /** Per-server files (host key, logs, console); survives stop/start. */
  diskDir: string;
  /** Short directory for vhost-user sockets (sun_path is limited to 108 bytes). */
  socketDir: string;
  /** Unique per boot in this backend; names the sockets. */
  bootId: number;
  memoryMb: number;
  /** Size of the root disk image made at first boot (sparse). */
  diskMb: number;
  sandbox: "namespace" | "chroot";
  bootTimeoutMs: number;
  /** Appends a host-side line to the serial console log. */
  console(line: string): void;
}

export interface RunningMachine {
  sshForwardPort: number;
  /** Tags the guest can mount this boot. */
  tags: string[];
  alive(): boolean;
  /** Power off (SIGTERM to QEMU, SIGKILL after 10 s) and end the virtiofsd daemons. */
  stop(): Promise<void>;
}

interface Export {
  tag: string;
  dir: string;
  readOnly: boolean;
}

/** The domain's <filesystem> devices that resolve to a directory now; the others are reported and left out. */
function resolveExports(b: MachineBoot): Export[] {
  const where = b.spec.locate();
  if (!where) {
    b.console("vftest-qemu: the server is on no host: booting without virtiofs devices");
    return [];
  }
  const domain = where.host.domain(where.instanceName);
  if (!domain) {
    b.console(
      `vftest-qemu: ${where.host.name} defines no domain ${where.instanceName}: booting without virtiofs devices`,
    );
    return [];
  }
  const out: Export[] = [];
  for (const f of domain.filesystems) {
    const r = where.host.resolveVirtiofs(where.instanceName, f.tag);
    if ("error" in r) {
      b.console(`vftest-qemu: virtiofs tag ${f.tag} not exported (${where.host.name}: ${r.error})`);
      continue;
    }
    out.push({ tag: f.tag, dir: r.dir, readOnly: r.readOnly || f.readOnly === true });
    b.console(
      `vftest-qemu: virtiofs tag ${f.tag} exported${r.readOnly || f.readOnly ? " read-only" : ""} from ${where.host.name}`,
    );
  }
  return out;
}

async function ensureHostKey(b: MachineBoot): Promise<string> {
  const file = join(b.diskDir, "dropbear_ed25519_host_key");
  if (!fs.existsSync(file)) await run(b.artifacts.dropbearkey, ["-t", "ed25519", "-f", file]);
  return file;
}

/** The server's root disk: a sparse raw ext4 image made once, kept across boots and migrations. */
async function ensureDisk(b: MachineBoot): Promise<string | undefined> {
  if (!b.artifacts.mkfsExt4) return undefined;
  const file = join(b.diskDir, "disk.raw");
  if (fs.existsSync(file)) return file;
  const tmp = `${file}.new`;
  fs.writeFileSync(tmp, "");
  fs.truncateSync(tmp, b.diskMb * 1024 * 1024);
  await run(b.artifacts.mkfsExt4, ["-q", "-F", "-L", "vftest-root", tmp]);
  fs.renameSync(tmp, file);
  return file;
}

async function stopAll(qemu: Child | undefined, daemons: readonly Child[]): Promise<void> {
  await qemu?.stop(10_000);
  // The C virtiofsd exits by itself once QEMU's vhost-user connection drops; give it a moment, then end it.
  await Promise.all(
    daemons.map(async (d) => {
      const gone = await Promise.race([
        d.exited.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 2000)),
      ]);
      if (!gone) await d.stop(2000);
    }),
  );
}

async function bootOnce(b: MachineBoot, exports: readonly Export[]): Promise<RunningMachine> {
  const authorizedKeysFile = join(b.diskDir, "authorized_keys");
  fs.writeFileSync(authorizedKeysFile, b.spec.authorizedKeys.map((k) => `${k.trim()}\n`).join(""), { mode: 0o600 });
  const hostKeyFile = await ensureHostKey(b);
  const diskImage = await ensureDisk(b);
  const daemons: Child[] = [];
  let qemu: Child | undefined;
  try {
    const filesystems = [];
    for (const [i, e] of exports.entries()) {
      const socketPath = join(b.socketDir, `b${b.bootId}-fs${i}.sock`);
      const logFile = join(b.diskDir, `virtiofsd-${i}.log`);
      daemons.push(
        await startVirtiofsd({
          binary: b.artifacts.virtiofsd,
          socketPath,
          dir: e.dir,
          readOnly: e.readOnly,
          logFile,
          sandbox: b.sandbox,
        }),
      );
      filesystems.push({ tag: e.tag, socketPath });
    }
    const sshForwardPort = await freeLoopbackPort();
    const args = qemuArgs({
      kernel: b.artifacts.kernel,
      initrd: b.artifacts.initrd,
      memoryMb: b.memoryMb,
      filesystems,
      sshForwardPort,
      authorizedKeysFile,
      hostKeyFile,
      diskImage,
      consoleFile: join(b.diskDir, "console.log"),
    });
    const started = spawnLogged("qemu", b.artifacts.qemu, args, join(b.diskDir, "qemu.log"));
    qemu = started;
    try {
      await waitForSshBanner({ port: sshForwardPort, timeoutMs: b.bootTimeoutMs, alive: started.alive, what: b.label });
    } catch (err) {
      const tail = started.logTail(5);
      throw new Error(`${err instanceof Error ? err.message : String(err)}${tail ? `; qemu said: ${tail}` : ""}`);
    }
    const all = daemons;
    return {
      sshForwardPort,
      tags: exports.map((e) => e.tag),
      alive: started.alive,
      stop: () => stopAll(started, all),
    };
  } catch (err) {
    await stopAll(qemu, daemons);
    throw err;
  } finally {
    for (const f of fs.readdirSync(b.socketDir))
      if (f.startsWith(`b${b.bootId}-`)) fs.rmSync(join(b.socketDir, f), { force: true });
  }
}

export async function bootMachine(b: MachineBoot): Promise<RunningMachine> {
  const exports = resolveExports(b);
  try {
    return await bootOnce(b, exports);
  } catch (err) {
    // The forward port is picked free and bound by QEMU a moment later; a lost race makes QEMU exit at once.
    if (!(err instanceof Error) || !/host forwarding|hostfwd/i.test(err.message)) throw err;
    b.console("vftest-qemu: SSH forward port was taken meanwhile; retrying the boot once");
    return bootOnce(b, exports);
  }
}
