// Detection table rows (lib/spec/detection.ts) for faults that leave the move working but record or grant the
// wrong thing: the destination rule's access_to, instance actions and events, the flavor after confirm/revert, the
// migration record (owner, type, hosts, how many, the filter that finds it), the power state of a stopped server,
// the microversion gate on resize, and a mount whose path is right but whose source is another share's export.

import type { ProfileExpectation } from "../report/detection.js";
import { ACTIVE_MOVES, all, bug, LEAK, NOTIFIED, REVERTS, SHARED, T } from "./detection-groups.js";

/** Every test that checks the migration record's hosts in the VERIFY_RESIZE window (a same-host resize has one host
 * on both sides, so a swap cannot show there), and the migration-record test's own check of them. */
const HOSTS_IN_WINDOW = [
  ...ACTIVE_MOVES,
  ...SHARED,
  T.stoppedConfirm,
  T.stoppedRevert,
  T.bystanderOnSource,
  T.migrationRecords,
];

export const RECORD_EXPECTATIONS: ProfileExpectation[] = [
  bug("dest-rule-names-network", "the destination's rule names its storage network, not its address", [
    ...all([...ACTIVE_MOVES, T.stoppedConfirm, T.stoppedRevert, T.bystanderOnSource], "expected access_to"),
    // the helper does not see the rule the other server's host already has: it adds the network rule
    ...all(SHARED, "new access rule(s) for the destination host"),
    // detach revokes the host's own address: the network rule the move added stays (a leak)
    { test: T.migrationRecords, phrase: LEAK },
  ]),
  bug("move-records-share-actions", "the move records attach_share/detach_share instance actions", [
    ...all([...NOTIFIED, T.migrationRecords], "the move recorded share attach/detach actions"),
  ]),
  bug("revert-event-on-move-action", "finish_revert_resize's event filed under the move's action", [
    ...all([...REVERTS, T.sharedShareRevert], "compute_finish_revert_resize to succeed"),
  ]),
  bug("confirm-restores-old-flavor", "confirm puts the old flavor back", [
    { test: T.resizeConfirm, phrase: "flavor after confirm is" },
  ]),
  bug("revert-keeps-new-flavor", "revert leaves the new flavor", [
    { test: T.resizeRevert, phrase: "flavor after revert is" },
  ]),
  bug("migration-owner-from-server", "os-migrations names the server's owner, not who asked for the move", [
    { test: T.migrationRecords, phrase: "migration user_id (2.80+)" },
  ]),
  bug("stopped-server-powered-on", "the move starts a server that was stopped", [
    ...all([T.stoppedConfirm, T.stoppedRevert], "expected power_state 4"),
  ]),
  bug("resize-recorded-as-migration", "a resize's migration record says 'migration'", [
    ...all([T.resizeConfirm, T.resizeRevert], "type migration, expected resize"),
  ]),
  bug("share-lock-not-placed", "a locked rule without the share deletion lock Manila places for it", [
    ...all(
      [...ACTIVE_MOVES, ...SHARED, T.stoppedConfirm, T.stoppedRevert, T.bystanderOnSource],
      "Manila places one per locked rule",
    ),
  ]),
  bug("migration-record-duplicated", "a second migration record for the one move", [
    { test: T.migrationRecords, phrase: "os-migrations for server" },
  ]),
  // Whatever else is on the cloud: the test also lists by a uuid no server has, which must list nothing.
  bug("migrations-filter-ignored", "os-migrations lists every server's migrations whatever instance_uuid asks", [
    { test: T.migrationRecords, phrase: "listed other servers' migrations" },
  ]),
  bug("migrate-recorded-as-resize", "a cold migration's instance action is named 'resize'", [
    { test: T.migrationRecords, phrase: "to include 'migrate'" },
  ]),
  bug("migration-hosts-swapped", "os-migrations names the destination as source and the source as destination", [
    ...all(HOSTS_IN_WINDOW, "source_compute"),
  ]),
  bug("migration-dest-is-source", "os-migrations names the source host as dest_compute", [
    ...all(HOSTS_IN_WINDOW, "dest_compute"),
  ]),
  bug("dest-mounts-previous-export", "the second share's mount path holds the first share's export", [
    ...all([T.twoConfirm, T.twoRevert], "expected the export"),
  ]),
  bug("resize-microversion-gate-missing", "resize with shares accepted below the enabling microversion", [
    { test: T.belowMicroversion, phrase: "resize at" },
    { test: T.belowMicroversion, phrase: "but the call succeeded" },
  ]),
];
