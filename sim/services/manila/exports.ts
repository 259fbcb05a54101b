// What an NFS client (by IP) or a CephFS client (by cephx user) reaches at an export location: the share's directory,
// or the mount(8)-like error a real client would print (no such export, share not available, access denied).

import { cidrContains, parseCidr } from "../util.js";
import { CEPH_MON, type ManilaStore } from "./store.js";

export function resolveExport(
  store: ManilaStore,
  exportLocation: string,
  client: { ip: string; cephxUser?: string },
): { dir: string; shareId: string; readOnly: boolean } | { error: string } {
  const wanted = exportLocation.replace(/\/+$/, "");
  const share = [...store.shares.values()].find((s) => store.hasExport(s) && store.exportPath(s) === wanted);
  const isCeph = wanted.startsWith(`${CEPH_MON}:`);
  if (!share) {
    return {
      error: isCeph
        ? `mount error 2 = No such file or directory (${exportLocation})`
        : `mount.nfs: mounting ${exportLocation} failed, reason given by server: No such file or directory`,
    };
  }
  if (share.status !== "available") {
    return {
      error: isCeph
        ? `mount error 5 = Input/output error (share ${share.id} is ${share.status})`
        : `mount.nfs: Input/output error: ${exportLocation} (share ${share.id} is ${share.status})`,
    };
  }
  const rule = store
    .rulesOf(share.id)
    .find((r) =>
      r.state !== "active"
        ? false
        : share.proto === "CEPHFS"
          ? r.accessType === "cephx" && client.cephxUser !== undefined && r.accessTo === client.cephxUser
          : r.accessType === "ip" && parseCidr(r.accessTo) !== undefined && cidrContains(r.accessTo, client.ip),
    );
  if (!rule) {
    return {
      error: isCeph
        ? `mount error 13 = Permission denied (cephx user '${client.cephxUser ?? ""}' has no access to ${exportLocation})`
        : `mount.nfs: access denied by server while mounting ${exportLocation} (client ${client.ip})`,
    };
  }
  return { dir: share.dir, shareId: share.id, readOnly: rule.accessLevel === "ro" };
}
