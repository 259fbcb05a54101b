// One power-on of a real guest: resolve the domain's virtiofs exports on the server's current host, start a
// virtiofsd per exported tag, start QEMU (TCG). Like libvirt's domain start, the power-on returns once the
// machine runs (QEMU initialised and its firmware wrote to the serial line), not when the guest OS is up: the
// guest boots on while Nova already reports the server ACTIVE, and `ready` resolves when its sshd sends its banner.
// A server stopped right after it was created (to attach a share) so costs about a second, not a whole boot.

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
  /** Tags the guest can mount this boot. */
  tags: string[];
  /** Resolves with QEMU's forward of guest port 22 once the guest's sshd answered; rejects if the boot failed. */
  ready: Promise<number>;
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
      let timer: NodeJS.Timeout | undefined;
      const gone = await Promise.race([
        d.exited.then(() => true),
        new Promise((r) => (timer = setTimeout(() => r(false), 2000))),
      ]);
      clearTimeout(timer);
      if (!gone) await d.stop(2000);
    }),
  );
}

interface Launched {
  qemu: Child;
  daemons: Child[];
  sshForwardPort: number;
  startedAt: number;
  consoleFile: string;
  /** Size of the console log before this boot: the boot's own lines follow. */
  consoleSize: number;
}

/** Whether this boot's console shows the guest's "sshd started" line (build.sh's /init prints GUEST_READY). */
function guestPrintedReady(c: Launched): boolean {
  try {
    const fd = fs.openSync(c.consoleFile, "r");
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - c.consoleSize));
      fs.readSync(fd, buf, 0, buf.length, c.consoleSize);
      return buf.includes("GUEST_READY");
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Starts the virtiofsd daemons and QEMU; resolves once QEMU runs (first serial output), rejects if it exits. */
async function launch(b: MachineBoot, exports: readonly Export[]): Promise<Launched> {
  const authorizedKeysFile = join(b.diskDir, "authorized_keys");
  fs.writeFileSync(authorizedKeysFile, b.spec.authorizedKeys.map((k) => `${k.trim()}\n`).join(""), { mode: 0o600 });
  const hostKeyFile = await ensureHostKey(b);
  const diskImage = await ensureDisk(b);
  const consoleFile = join(b.diskDir, "console.log");
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
      consoleFile,
    });
    const consoleSize = fileSize(consoleFile);
    const startedAt = performance.now();
    const started = spawnLogged("qemu", b.artifacts.qemu, args, join(b.diskDir, "qemu.log"));
    qemu = started;
    const deadline = Date.now() + b.bootTimeoutMs;
    while (fileSize(consoleFile) <= consoleSize) {
      if (!started.alive()) throw new Error(`${b.label}: QEMU exited at start: ${started.logTail(5) || "(no output)"}`);
      if (Date.now() > deadline) throw new Error(`${b.label}: QEMU wrote nothing to the serial console in time`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { qemu: started, daemons, sshForwardPort, startedAt, consoleFile, consoleSize };
  } catch (err) {
    await stopAll(qemu, daemons);
    throw err;
  } finally {
    for (const f of fs.readdirSync(b.socketDir))
      if (f.startsWith(`b${b.bootId}-`)) fs.rmSync(join(b.socketDir, f), { force: true });
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The forward port is picked free and bound by QEMU a moment later; a lost race makes QEMU exit at once. */
const lostPortRace = (err: unknown) => err instanceof Error && /host forwarding|hostfwd/i.test(err.message);

export async function bootMachine(b: MachineBoot): Promise<RunningMachine> {
  const exports = resolveExports(b);
  let current: Launched;
  try {
    current = await launch(b, exports);
  } catch (err) {
    if (!lostPortRace(err)) throw err;
    b.console("vftest-qemu: SSH forward port was taken meanwhile; retrying the boot once");
    current = await launch(b, exports);
  }
  let stopped = false;
  const ready = (async () => {
    const c = current;
    await waitForSshBanner({
      port: c.sshForwardPort,
      timeoutMs: b.bootTimeoutMs,
      alive: c.qemu.alive,
      what: b.label,
      guestUp: () => guestPrintedReady(c),
    });
    const seconds = ((performance.now() - c.startedAt) / 1000).toFixed(2);
    b.console(`vftest-qemu: SSH answered ${seconds} s after QEMU started`);
    return c.sshForwardPort;
  })();
  ready.catch((err: unknown) => {
    if (stopped) return;
    const tail = current.qemu.logTail(5);
    b.console(
      `vftest-qemu: boot failed: ${err instanceof Error ? err.message : String(err)}${tail ? `; qemu said: ${tail}` : ""}`,
    );
  });
  return {
    tags: exports.map((e) => e.tag),
    ready,
    alive: () => current.qemu.alive(),
    stop: async () => {
      stopped = true;
      await stopAll(current.qemu, current.daemons);
    },
  };
}
