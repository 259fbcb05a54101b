// Fault profiles of everything around a move's share handling (sim/faults.ts holds the registry): what the move
// records, Manila's rules, placement and the state machine, the API gates, the versioned notifications, and the
// transient conditions of a healthy but imperfect cloud.

import type { FaultProfile } from "./faults.js";

export const CLOUD_FAULTS: readonly FaultProfile[] = [
  // --- what the move records (os-migrations, instance actions) ---
  {
    name: "migration-record-duplicated",
    kind: "bug",
    description:
      "the conductor creates the move's migration record a second time (MigrationTask without its look-up of the pre-migrating record, as on a reschedule): the first stays 'pre-migrating' beside the one that moves the server",
  },
  {
    name: "migrations-filter-ignored",
    kind: "bug",
    description:
      "GET /os-migrations drops the instance_uuid query parameter (a query schema without it): every server's migrations are listed",
  },
  {
    name: "migrate-recorded-as-resize",
    kind: "bug",
    description: "the API records a cold migration's instance action as 'resize' instead of 'migrate'",
  },
  {
    name: "migration-hosts-swapped",
    kind: "bug",
    description:
      "os-migrations reports the move's hosts the wrong way round: source_compute/source_node name the destination, dest_compute/dest_node the source",
  },
  {
    name: "migration-dest-is-source",
    kind: "bug",
    description:
      "os-migrations reports the source host as dest_compute/dest_node (the destination's columns read from the source's)",
  },
  {
    name: "dest-mounts-previous-export",
    kind: "bug",
    description:
      "the finish step mounts each share after the first from the export of the share before it, at its own mount path (a loop variable set after the mount): the path is right, its source is another share's export",
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
    name: "error-without-fault",
    kind: "bug",
    description:
      "a compute method that fails lacks @wrap_instance_fault: the server goes to ERROR with no instance fault recorded",
  },
  {
    name: "end-action-not-recorded",
    kind: "bug",
    description:
      "confirmResize/revertResize record no instance action (_record_action_start skipped): their compute events are listed nowhere",
  },
  {
    name: "end-action-misnamed",
    kind: "bug",
    description:
      "confirmResize/revertResize record their instance action under the other end's name (a confirm listed as revertResize)",
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
