// Where the real-guest artifacts live and whether this machine can run them. Built by scripts/qemu-guest/build.sh
// (never by the simulator or by `npm test`): a kernel and an initramfs in the cache dir, QEMU, QEMU 7.2's C
// virtiofsd (it must run as root), dropbearkey (per-server host keys in dropbear's format) and, optionally,
// mkfs.ext4 (per-server root disks).

import * as fs from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface QemuArtifacts {
  cacheDir: string;
  kernel: string;
  initrd: string;
  qemu: string;
  virtiofsd: string;
  dropbearkey: string;
  /** Makes the per-server ext4 root disk; without it the guest's root lives in RAM (lost at power-off). */
  mkfsExt4?: string;
}

export type ArtifactCheck = { ok: true; artifacts: QemuArtifacts } | { ok: false; missing: string[] };

const SEARCH_PATH = ["/usr/bin", "/usr/local/bin", "/bin", "/usr/sbin", "/sbin"];

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.VFTEST_QEMU_CACHE ?? join(homedir(), ".cache", "vftest", "qemu-guest");
}

function executable(path: string): boolean {
  try {
    fs.accessSync(path, fs.constants.X_OK);
    return fs.statSync(path).isFile();
  } catch {
    return false;
  }
}

function which(name: string): string | undefined {
  return SEARCH_PATH.map((d) => join(d, name)).find(executable);
}

/** Checks every artifact; `missing` says what is absent and how to get it. */
export function findQemuArtifacts(env: NodeJS.ProcessEnv = process.env): ArtifactCheck {
  const cacheDir = defaultCacheDir(env);
  const build = "run scripts/qemu-guest/build.sh";
  const missing: string[] = [];
  const kernel = join(cacheDir, "kernel");
  const initrd = join(cacheDir, "initramfs.img");
  if (!fs.existsSync(kernel) || !fs.existsSync(initrd)) {
    const old = fs.existsSync(join(cacheDir, "vmlinuz")) ? " (an older build's layout: rebuild)" : "";
    missing.push(`no guest kernel/initramfs in ${cacheDir}${old} (${build})`);
  }
  const qemu = which("qemu-system-x86_64");
  if (!qemu) missing.push(`qemu-system-x86_64 not found (${build}, or apt-get install qemu-system-x86)`);
  const virtiofsd = env.VFTEST_VIRTIOFSD ?? "/usr/lib/qemu/virtiofsd";
  if (!executable(virtiofsd)) missing.push(`${virtiofsd} not found (${build}; or set VFTEST_VIRTIOFSD)`);
  const dropbearkey = which("dropbearkey");
  if (!dropbearkey) missing.push(`dropbearkey not found (${build}, or apt-get install dropbear-bin)`);
  if (process.getuid?.() !== 0) missing.push("not running as root (QEMU 7.2's C virtiofsd needs root)");
  if (missing.length > 0 || !qemu || !dropbearkey) return { ok: false, missing };
  const mkfsExt4 = which("mkfs.ext4");
  return { ok: true, artifacts: { cacheDir, kernel, initrd, qemu, virtiofsd, dropbearkey, mkfsExt4 } };
}
