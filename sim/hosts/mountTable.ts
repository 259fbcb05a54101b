// A compute host's share mounts, modelled on nova/virt/libvirt/volume/mount.py: one mountpoint per export at
// `<mount_point_base>/<md5hex(export)>` (volume/fs.py _get_mount_path + utils.get_hash_str), refcounted per
// (export, instance uuid); a real umount only happens when the last attachment goes.

import { createHash } from "node:crypto";
import { posix } from "node:path";
import type { MountEntry } from "../contracts.js";

export interface MountRecord extends MountEntry {
  /** Instance uuids holding this mount. */
  users: Set<string>;
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

  /** Adds a reference; returns true when this created the mount (the caller had to check access first). */
  add(entry: MountEntry, instanceUuid: string): boolean {
    const existing = this.byPath.get(entry.mountPath);
    if (existing) {
      existing.users.add(instanceUuid);
      return false;
    }
    this.byPath.set(entry.mountPath, { ...entry, users: new Set([instanceUuid]) });
    return true;
  }

  /** Drops a reference. "unknown": the instance held no reference; "unmounted": the last one went. */
  remove(mountPath: string, instanceUuid: string): "unknown" | "still-used" | "unmounted" {
    const existing = this.byPath.get(mountPath);
    if (!existing?.users.has(instanceUuid)) return "unknown";
    existing.users.delete(instanceUuid);
    if (existing.users.size > 0) return "still-used";
    this.byPath.delete(mountPath);
    return "unmounted";
  }

  entries(): MountEntry[] {
    return [...this.byPath.values()].map(({ exportLocation, mountPath, fsType, readOnly }) => ({
      exportLocation,
      mountPath,
      fsType,
      readOnly,
    }));
  }

  /** Who holds a mount (for diagnostics and the control API). */
  users(mountPath: string): string[] {
    return [...(this.byPath.get(mountPath)?.users ?? [])].sort();
  }
}
