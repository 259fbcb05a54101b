// The fault registry. Each profile is one Nova bug or cloud failure the suite must catch ("bug"), or a
// condition a healthy-but-imperfect cloud shows and the suite must survive without a failure ("transient").
// The room that implements a fault checks `faults.active(name)` at the exact step the bug would live in.

import type { FaultName, FaultSwitch } from "./contracts.js";

export interface FaultProfile {
  name: FaultName;
  kind: "bug" | "transient";
  description: string;
}

export const FAULT_PROFILES: readonly FaultProfile[] = [
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
  // --- Manila rules ---
  {
    name: "rule-without-locks",
    kind: "bug",
    description: "access rules are created without visibility/deletion locks",
  },
  {
    name: "move-records-share-actions",
    kind: "bug",
    description:
      "the move's grant/revoke helpers go through the share API's bookkeeping: each records an attach_share/detach_share instance action",
  },
  {
    name: "migration-owner-from-server",
    kind: "bug",
    description:
      "the migration record takes user_id/project_id from the server's owner instead of the user who asked for the move",
  },
  {
    name: "share-lock-not-placed",
    kind: "bug",
    description:
      "Manila locks a rule against deletion but places no deletion lock on its share (the share can be deleted under it)",
  },
  // --- placement / state machine ---
  {
    name: "migration-same-host",
    kind: "bug",
    description: "the scheduler puts the migrated server back on its own host",
  },
  {
    name: "stopped-server-powered-on",
    kind: "bug",
    description: "the finish step powers on a server that was stopped before the move (old_vm_state not honoured)",
  },
  {
    name: "resize-recorded-as-migration",
    kind: "bug",
    description: "the migration record of a resize says migration_type 'migration'",
  },
  {
    name: "error-mid-migration",
    kind: "bug",
    description: "the finish step fails: server goes to ERROR with a fault, migration to 'error'",
  },
  {
    name: "stuck-verify-resize",
    kind: "bug",
    description: "confirm is accepted but never completes: the server stays VERIFY_RESIZE",
  },
  { name: "share-error", kind: "bug", description: "the Manila share goes to 'error' during the migration" },
  {
    name: "old-compute-service",
    kind: "bug",
    description: "one nova-compute reports the previous service version (migrate with shares must be refused)",
  },
  // --- API gates ---
  {
    name: "no-microversion-gate",
    kind: "bug",
    description: "migrate/resize of a server with shares is accepted below microversion 2.105 (release 2026.2)",
  },
  {
    name: "resize-microversion-gate-missing",
    kind: "bug",
    description: "the 2.105 gate is checked on migrate only: resize of a server with shares is accepted below it",
  },
  {
    name: "service-gate-ignored",
    kind: "bug",
    description:
      "one nova-compute reports the previous service version and the API ignores it: moves with shares are accepted",
  },
  {
    name: "attach-in-verify-resize",
    kind: "bug",
    description: "share attach/detach is accepted while the server is in VERIFY_RESIZE (vm_state resized)",
  },
  {
    name: "blocked-action-accepted",
    kind: "bug",
    description: "shelve, suspend, evacuate, live migration and rebuild of a server with shares are accepted (202)",
  },
  {
    name: "host-without-virtiofs",
    kind: "bug",
    description:
      "the last compute host lacks COMPUTE_STORAGE_VIRTIO_FS in placement: attach there is refused and moves onto it fail",
  },
  // --- versioned notifications (sim/notifications: only with a broker) ---
  {
    name: "move-emits-share-notifications",
    kind: "bug",
    description:
      "a move sends instance.share_detach/share_attach notifications (the refactored access helpers do not suppress them)",
  },
  {
    name: "resize-finish-notification-missing",
    kind: "bug",
    description: "finish_resize on the destination sends no instance.resize_finish.start/end notification",
  },
  {
    name: "notification-payload-without-shares",
    kind: "bug",
    description: "versioned notifications of a server with shares carry an empty shares list",
  },
  // --- transient: a healthy but imperfect cloud ---
  {
    name: "api-503",
    kind: "transient",
    description: "the first request of each kind answers 503 with Retry-After: 1",
  },
  {
    name: "ssh-refused",
    kind: "transient",
    description: "the first two SSH connections to each guest after boot are refused",
  },
  { name: "slow-steps", kind: "transient", description: "every simulated step takes ten times longer" },
  {
    name: "late-cleanup",
    kind: "transient",
    description:
      "confirm/revert share cleanup finishes ~3 s after the server and migration report their end state; Manila denies take ~1 s per state",
  },
  { name: "jitter", kind: "transient", description: "every step's latency varies randomly between 0.5x and 3x" },
];

const KNOWN = new Set(FAULT_PROFILES.map((f) => f.name));

/** Throws a message naming the unknown profiles and listing the known ones. */
export function checkFaultNames(names: readonly string[]): void {
  const unknown = names.filter((n) => !KNOWN.has(n));
  if (unknown.length > 0) {
    throw new Error(`unknown fault profile(s): ${unknown.join(", ")}; known: ${[...KNOWN].join(", ")}`);
  }
}

/** Run-level faults (fixed at start) plus a per-test set replaced through the control API. */
export class Faults implements FaultSwitch {
  private readonly runLevel: ReadonlySet<string>;
  private perTest = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(runLevel: readonly string[] = []) {
    checkFaultNames(runLevel);
    this.runLevel = new Set(runLevel);
  }

  setPerTest(names: readonly string[]): void {
    checkFaultNames(names);
    this.perTest = new Set(names);
    this.counters.clear();
  }

  list(): string[] {
    return [...new Set([...this.runLevel, ...this.perTest])].sort();
  }

  active(name: FaultName): boolean {
    return this.runLevel.has(name) || this.perTest.has(name);
  }

  fireOnce(name: FaultName, key: string, times: number): boolean {
    if (!this.active(name)) return false;
    const k = `${name}\u0000${key}`;
    const n = this.counters.get(k) ?? 0;
    if (n >= times) return false;
    this.counters.set(k, n + 1);
    return true;
  }
}
