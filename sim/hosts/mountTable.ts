// A compute host's share mounts, modelled on nova/virt/libvirt/volume/mount.py: one mountpoint per export at
// `<mount_point_base>/<md5hex(export)>` (volume/fs.py _get_mount_path + utils.get_hash_str), refcounted per
// (export, instance uuid); a real umount only happens when the last attachment goes.

import { createHash } from "node:crypto";
import { posix } from "node:path";
import type { MountEntry } from "../contracts.js";

export interface MountRecord extends MountEntry {
  /** Instance uuids holding this mount. */
  users: Set<string>;
  /** Kernel mounts stacked at this path: 1, more only when something mounted again past the mount manager. */
  layers: number;
}

/** Nova's utils.get_hash_str: md5 hex of the utf-8 string. */
export function hashExport(exportLocation: string): string {
  return createHash("md5").update(exportLocation, "utf8").digest("hex");
}

export class MountTable {
  private readonly byPath = new Map<string, MountRecord>();

  constructor(readonly mountPointBase: string) {}

  pathFor(exportLocation: string): string {
    return posix.join(this.mountPointBase, hashExport(exportLocation));
  }

  get(mountPath: string): MountRecord | undefined {
    return this.byPath.get(mountPath);
  }

  /** Adds a reference; returns true when this created the mount (the caller had to check access first).
   * `stack`: a second kernel mount at the same path (one more layer). */
  add(entry: MountEntry, instanceUuid: string, stack = false): boolean {
    const existing = this.byPath.get(entry.mountPath);
    if (existing) {
      existing.users.add(instanceUuid);
      if (stack) existing.layers++;
      return false;
    }
    this.byPath.set(entry.mountPath, { ...entry, users: new Set([instanceUuid]), layers: 1 });
    return true;
  }

  /** Drops a reference. "unknown": the instance held no reference; "unmounted": the last one went (one umount:
   * a stacked layer underneath stays mounted, without users: "stacked-left"). */
  remove(mountPath: string, instanceUuid: string): "unknown" | "still-used" | "unmounted" | "stacked-left" {
    const existing = this.byPath.get(mountPath);
    if (!existing?.users.has(instanceUuid)) return "unknown";
    existing.users.delete(instanceUuid);
    if (existing.users.size > 0) return "still-used";
    if (existing.layers > 1) {
      existing.layers--;
      return "stacked-left";
    }
    this.byPath.delete(mountPath);
    return "unmounted";
  }

  /** One entry per kernel mount, as /proc/mounts lists them (a stacked path appears once per layer). */
  entries(): MountEntry[] {
    return [...this.byPath.values()].flatMap(({ exportLocation, mountPath, fsType, readOnly, layers }) =>
      Array.from({ length: layers }, () => ({ exportLocation, mountPath, fsType, readOnly })),
    );
  }

  /** Who holds a mount (for diagnostics and the control API). */
  users(mountPath: string): string[] {
    return [...(this.byPath.get(mountPath)?.users ?? [])].sort();
  }
}
