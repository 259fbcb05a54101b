// The emulated guest's disk: a small Linux tree created at first boot under <diskDir>/rootfs.

import * as fs from "node:fs";
import { join } from "node:path";

const DIRS = ["etc/ssh", "root/.ssh", "mnt", "tmp", "home", "var/log", "proc", "sys", "dev", "run", "usr/bin"];

export function ensureRootfs(rootDir: string, hostname: string): void {
  for (const d of DIRS) fs.mkdirSync(join(rootDir, d), { recursive: true });
  const seed: Record<string, string> = {
    "etc/hostname": `${hostname}\n`,
    "etc/os-release":
      'NAME="vftest emulated guest"\nID=vftest\nVERSION_ID="1"\nPRETTY_NAME="vftest emulated guest 1"\n',
    "etc/fstab": "/dev/vda1 / ext4 defaults 0 1\n",
  };
  for (const [path, content] of Object.entries(seed)) {
    const full = join(rootDir, path);
    if (!fs.existsSync(full)) fs.writeFileSync(full, content);
  }
}

/** cloud-init style: the server's keypair keys are added to root's authorized_keys at boot. */
export function installAuthorizedKeys(rootDir: string, keys: readonly string[]): string[] {
  const file = join(rootDir, "root", ".ssh", "authorized_keys");
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : [];
  const all = [...new Set([...existing, ...keys].map((k) => k.trim()).filter(Boolean))];
  fs.writeFileSync(file, all.map((k) => `${k}\n`).join(""), { mode: 0o600 });
  return all;
}
