// One virtiofsd per exported tag and boot (QEMU 7.2's C daemon exits by itself when its QEMU goes away, so a
// new one is started at every power-on). A read-only export is a read-only bind mount of the directory in a
// private mount namespace of the daemon (`unshare`), invisible to the rest of the machine: the C virtiofsd has
// no read-only option, and the guest must see EROFS as with a read-only share on a real cloud.

import * as fs from "node:fs";
import { type Child, spawnLogged } from "./proc.js";

export interface VirtiofsdOptions {
  binary: string;
  socketPath: string;
  dir: string;
  readOnly: boolean;
  logFile: string;
  /** "namespace" (default; needs root) or "chroot" (containers without namespace rights). */
  sandbox: "namespace" | "chroot";
  /** How long to wait for the socket (ms). */
  readyTimeoutMs?: number;
}

const RO_WRAPPER = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"';

export async function startVirtiofsd(o: VirtiofsdOptions): Promise<Child> {
  fs.rmSync(o.socketPath, { force: true });
  const daemon = [o.binary, `--socket-path=${o.socketPath}`, "-o", `source=${o.dir}`, "-o", "cache=none"];
  daemon.push("-o", `sandbox=${o.sandbox}`);
  const child = o.readOnly
    ? spawnLogged(
        "virtiofsd",
        "unshare",
        ["--mount", "--propagation", "private", "sh", "-c", RO_WRAPPER, "sh", o.dir, ...daemon],
        o.logFile,
      )
    : spawnLogged("virtiofsd", daemon[0]!, daemon.slice(1), o.logFile);
  const deadline = Date.now() + (o.readyTimeoutMs ?? 15_000);
  while (!fs.existsSync(o.socketPath)) {
    if (!child.alive()) {
      throw new Error(
        `virtiofsd for ${o.dir} exited before creating its socket ${o.socketPath}: ${child.logTail(5) || "(no output)"}; ` +
          "it must run as root (or set sandbox chroot inside containers without namespace rights)",
      );
    }
    if (Date.now() > deadline) {
      await child.stop(1000);
      throw new Error(`virtiofsd for ${o.dir} did not create ${o.socketPath} within ${o.readyTimeoutMs ?? 15_000} ms`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return child;
}
