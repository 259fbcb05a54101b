// Fault profiles of a move's share handling (sim/faults.ts holds the registry): what the finish step does on the
// destination, what happens to the share mapping records, and the source/destination cleanup of confirm and revert.

import type { FaultProfile } from "./faults.js";

export const MOVE_FAULTS: readonly FaultProfile[] = [
  // --- finish step on the destination (nova _finish_resize) ---
  {
    name: "dest-not-mounted",
    kind: "bug",
    description: "finish step does not mount the shares on the destination host",
  },
  {
    name: "dest-xml-no-filesystem",
    kind: "bug",
    description: "destination domain XML has no <filesystem> for the shares (finish_migration without share_info)",
  },
  {
    name: "dest-filesystem-not-virtiofs",
    kind: "bug",
    description:
      "destination domain XML has the <filesystem> devices without <driver type='virtiofs'/> (libvirt's 9p default)",
  },
  {
    name: "dest-not-granted",
    kind: "bug",
    description: "finish step mounts without granting Manila access to the destination (NFS: mount is refused)",
  },
  {
    name: "wrong-export-on-dest",
    kind: "bug",
    description: "destination mounts a different export at the share's mount path, so the guest sees other data",
  },
  { name: "share-readonly-on-dest", kind: "bug", description: "destination mounts the share read-only" },
  {
    name: "dest-rule-read-only",
    kind: "bug",
    description:
      "the finish step grants the destination's access rule with access_level 'ro': the host's NFS mount and the guest's virtiofs mount both say rw, but every write fails with 'Read-only file system'",
  },
  {
    name: "same-host-double-mount",
    kind: "bug",
    description:
      "a same-host resize runs the destination share setup anyway: each share is mounted a second time on the host (stacked mount)",
  },
  {
    name: "finish-fail-keeps-grant",
    kind: "bug",
    description: "the finish step fails after granting the destination and its cleanup leaves the destination's rule",
  },
  {
    name: "finish-fail-keeps-mount",
    kind: "bug",
    description:
      "the finish step fails after mounting the first shares on the destination and its cleanup revokes but does not unmount them",
  },
  {
    name: "source-revoked-on-resize",
    kind: "bug",
    description:
      "resize_instance revokes the source host's access rule when it powers the guest off (eager cleanup): no lazy cleanup, a revert comes back to a source without access",
  },
  {
    name: "dest-rule-names-network",
    kind: "bug",
    description:
      "the finish step grants the destination's storage network (a /24) instead of the host's address: the mount works, but the rule opens the share to every host on that network",
  },
  // --- share mapping records ---
  {
    name: "mapping-status-changed",
    kind: "bug",
    description: "migration changes the share mapping status (active -> inactive) although the server runs",
  },
  { name: "mapping-deleted", kind: "bug", description: "migration deletes the share mapping" },
  {
    name: "mapping-tag-changed",
    kind: "bug",
    description: "migration rewrites the mapping tag (and the destination XML target) to the share id",
  },
  // --- confirm (source cleanup) ---
  {
    name: "source-not-cleaned-on-confirm",
    kind: "bug",
    description: "confirm leaves the share mounted on the source host and its access rule in Manila",
  },
  {
    name: "stale-source-rule-on-confirm",
    kind: "bug",
    description: "confirm unmounts on the source but leaves the source host's NFS access rule",
  },
  {
    name: "source-mount-left-on-confirm",
    kind: "bug",
    description: "confirm revokes the source's Manila access but leaves the share mounted on the source host",
  },
  {
    name: "revoke-ignores-other-users",
    kind: "bug",
    description:
      "confirm/revert revoke a host's NFS rule although another server on that host still uses the share (Nova bug 2161868)",
  },
  {
    name: "confirm-over-revoke",
    kind: "bug",
    description:
      "confirm revokes the source host's NFS rule although a bystander server on the source host still uses the share",
  },
  {
    name: "cephx-revoked-in-use",
    kind: "bug",
    description:
      "confirm/revert treat the CephFS cephx rule as per host and revoke it although servers still use the share",
  },
  {
    name: "confirm-deactivates-source-mappings",
    kind: "bug",
    description:
      "confirm's source cleanup marks the share's mappings of servers on the source host inactive (picked by share id and host): the moved server is gone from there, another server of the share is hit",
  },
  {
    name: "locks-left-after-confirm",
    kind: "bug",
    description: "confirm deletes the source rule without unrestrict: resource locks for it stay behind",
  },
  {
    name: "old-host-still-exposes",
    kind: "bug",
    description: "after confirm the source host still defines the domain with its <filesystem> devices",
  },
  {
    name: "migration-record-left-finished",
    kind: "bug",
    description: "confirm completes but the migration record stays 'finished' instead of 'confirmed'",
  },
  {
    name: "confirm-restores-old-flavor",
    kind: "bug",
    description: "confirm of a resize puts the stashed old flavor back on the server instead of dropping it",
  },
  // --- revert ---
  {
    name: "dest-mount-left-on-revert",
    kind: "bug",
    description: "revert revokes the destination's Manila access but leaves the share mounted on the destination host",
  },
  {
    name: "dest-not-cleaned-on-revert",
    kind: "bug",
    description: "revert leaves the share mounted on the destination host and its access rule in Manila",
  },
  {
    name: "source-xml-not-restored-on-revert",
    kind: "bug",
    description: "revert respawns the source domain without its <filesystem> devices",
  },
  {
    name: "revert-keeps-dest-host",
    kind: "bug",
    description:
      "revert_resize does not set instance.host/node back to the source: the guest runs on the source, the API names the destination",
  },
  {
    name: "revert-keeps-new-flavor",
    kind: "bug",
    description: "revert of a resize respawns the server on the source but leaves the new flavor on it",
  },
  {
    name: "revert-event-on-move-action",
    kind: "bug",
    description:
      "the cast back to the source carries the move's request context: finish_revert_resize's event is recorded under the migrate/resize action, not revertResize",
  },
];
