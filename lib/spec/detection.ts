// What the suite must catch: for each fault profile of the embedded cloud (sim/faults.ts), the tests that must fail
// and a phrase each failure message must contain. `vftest selftest` runs the suite once per profile and compares
// (lib/report/detection.ts). Healthy and transient profiles must fail nothing. A test not listed under a profile
// must pass (or skip) under it: the table also says what each fault does NOT affect.
//
// Why some tests are absent from a profile they might seem to concern:
// - stopped-server moves (be85caad, 877c04aa) do not mount in the finish step (the server is off), so the
//   finish-step mount/XML/read-only/wrong-export faults only show once such a server starts — on its final host.
// - the shared-share test (1780d31d) moves its server onto the host where the other server already mounts the
//   share, so "destination not mounted" cannot be told apart there: the mount exists.

import type { ProfileExpectation } from "../report/detection.js";
import {
  ACTIVE_MOVES,
  ALL_MOVES,
  all,
  bug,
  CEPHFS,
  CONFIRMS,
  guestOnly,
  LEAK,
  NOTIFIED,
  REVERTS,
  SAME_HOST,
  SHARED,
  T,
} from "./detection-groups.js";
import { RECORD_EXPECTATIONS } from "./detection-records.js";

export const DETECTION_EXPECTATIONS: ProfileExpectation[] = [
  { profile: "healthy", faults: [], args: SAME_HOST, kind: "healthy", mustFail: [] },
  {
    profile: "healthy-cephfs",
    faults: [],
    args: [...SAME_HOST, ...CEPHFS],
    kind: "healthy",
    note: "CephFS shares: one cephx rule kept while any server uses the share",
    mustFail: [],
  },
  {
    profile: "late-cleanup",
    faults: ["late-cleanup"],
    args: SAME_HOST,
    kind: "transient",
    note: "confirm/revert cleanup ends ~3 s after the end state; Manila denies through queued_to_deny and denying",
    mustFail: [],
  },
  {
    profile: "transient",
    faults: ["api-503", "ssh-refused", "slow-steps", "jitter"],
    kind: "transient",
    note: "503 + Retry-After on the first request of each kind, SSH refused twice after each boot, slow and jittered steps",
    mustFail: [],
  },
  bug(
    "dest-not-mounted",
    "finish step skips the mount",
    all([...ACTIVE_MOVES, T.bystanderOnSource], "does not have share"),
  ),
  bug("dest-xml-no-filesystem", "finish_migration without share_info", [
    ...all([...ACTIVE_MOVES, ...SHARED], "has no <filesystem>"),
    { test: T.bystanderOnSource, phrase: "not mounted in guest" },
  ]),
  bug("dest-filesystem-not-virtiofs", "<filesystem> without the virtiofs driver", [
    ...all([...ACTIVE_MOVES, ...SHARED], "expected virtiofs"),
    { test: T.bystanderOnSource, phrase: "not mounted in guest" },
  ]),
  bug("dest-not-granted", "mount without Manila access: the finish step fails", [
    ...all([...ACTIVE_MOVES, T.verifyResizeBlocks, T.migrationRecords, T.bystanderOnSource], "access denied"),
    { test: T.stoppedConfirm, phrase: "access denied" },
  ]),
  bug("wrong-export-on-dest", "another export at the share's mount path", [
    ...all(
      [T.migrateConfirm, T.migrateRevert, T.migrateToHost, T.resizeConfirm, T.resizeRevert],
      "mount path mismatch",
    ),
    ...all([T.twoConfirm, T.twoRevert], "mount path mismatch"),
    ...all(SHARED, "mount path mismatch"),
    // the bystander's own move onto the other server's host: its guest then sees the wrong export
    { test: T.bystanderOnSource, phrase: "not mounted in guest" },
  ]),
  // A read-only export below the guest (host mount, <readonly/>, Manila rule) leaves the guest's virtiofs mount rw, as
  // with a real kernel: the new write is what fails.
  bug(
    "share-readonly-on-dest",
    "destination mounts read-only",
    all([...ACTIVE_MOVES, ...SHARED, T.bystanderOnSource], "share not writable in guest"),
  ),
  // The stopped server is granted too (it mounts when it starts on the destination); the shared-share tests land
  // where the other server's rule already gives access, so nothing is granted for them.
  // Manila shows the level (the window's rule check) and the guest cannot write: a running server's window checks
  // both at once, so its message carries both; the others stop at the rule check (a stopped server's too, even
  // when it reverts: the rule was granted during the window).
  bug("dest-rule-read-only", "the destination's rule is granted access_level ro", [
    ...all(ACTIVE_MOVES, "share not writable in guest"),
    ...all(
      [...ACTIVE_MOVES, T.stoppedConfirm, T.stoppedRevert, T.bystanderOnSource],
      "grants access_level ro, expected rw",
    ),
  ]),
  bug(
    "mapping-status-changed",
    "mapping active -> inactive",
    all([...ACTIVE_MOVES, ...SHARED, T.bystanderOnSource], "status changed"),
  ),
  bug("mapping-deleted", "mapping deleted by the move", [
    ...all([...ACTIVE_MOVES, ...SHARED, T.stoppedConfirm, T.stoppedRevert, T.bystanderOnSource], "no longer attached"),
    // without a mapping nothing revokes the rules: the teardown finds them (a leak)
    ...all([T.verifyResizeBlocks, T.migrationRecords], LEAK),
  ]),
  bug("mapping-tag-changed", "tag rewritten to the share id", [
    ...all([...ACTIVE_MOVES, ...SHARED, T.stoppedConfirm, T.stoppedRevert], "tag changed"),
    { test: T.bystanderOnSource, phrase: "not mounted in guest" },
  ]),
  bug("source-not-cleaned-on-confirm", "confirm leaves mount and rule on the source", [
    ...all(CONFIRMS, "source host still has its access rule"),
    { test: T.migrationRecords, phrase: LEAK },
  ]),
  bug("stale-source-rule-on-confirm", "confirm leaves the source rule", [
    ...all(CONFIRMS, "source host still has its access rule"),
    { test: T.migrationRecords, phrase: LEAK },
  ]),
  bug(
    "source-mount-left-on-confirm",
    "confirm revokes but does not unmount on the source",
    all(
      CONFIRMS.filter((t) => t !== T.stoppedConfirm),
      "still has share",
    ),
  ),
  bug(
    "dest-mount-left-on-revert",
    "revert revokes but does not unmount on the destination",
    all([T.migrateRevert, T.twoRevert, T.resizeRevert], "still has share"),
  ),
  bug("revoke-ignores-other-users", "a rule another server on that host needs is revoked (Nova bug 2161868)", [
    { test: T.sharedShareRevert, phrase: "that must stay was removed" },
    { test: T.bystanderOnSource, phrase: "that must stay was removed" },
  ]),
  bug("locks-left-after-confirm", "rule deleted without unrestrict", [
    ...all(CONFIRMS, "resource locks left"),
    { test: T.migrationRecords, phrase: LEAK },
    // the bystander's own confirm left its old rule's locks: the share keeps deletion locks for a rule that is gone
    { test: T.bystanderOnSource, phrase: "share deletion locks left" },
  ]),
  bug(
    "old-host-still-exposes",
    "source domain keeps <filesystem>",
    all([...CONFIRMS, T.bystanderOnSource], "still exposes share tag"),
  ),
  bug("migration-record-left-finished", "migration never 'confirmed'", [
    ...all([...CONFIRMS, T.migrationRecords, T.bystanderOnSource], 'last state seen: "finished'),
  ]),
  bug("dest-not-cleaned-on-revert", "revert leaves mount and rule on the destination", [
    ...all(REVERTS, "destination host still has its access rule"),
    { test: T.verifyResizeBlocks, phrase: LEAK },
  ]),
  bug(
    "source-xml-not-restored-on-revert",
    "source respawned without <filesystem>",
    all([T.migrateRevert, T.twoRevert, T.resizeRevert, T.sharedShareRevert], "not mounted in guest"),
  ),
  bug(
    "rule-without-locks",
    "access rules created without locks",
    all([...ACTIVE_MOVES, ...SHARED, T.stoppedConfirm, T.stoppedRevert, T.bystanderOnSource], "without locks"),
  ),
  bug("migration-same-host", "scheduler puts the server back on its host", [
    ...all(
      [T.migrateConfirm, T.migrateRevert, T.twoConfirm, T.twoRevert, T.resizeConfirm, T.resizeRevert, ...SHARED],
      "but it is still on host",
    ),
    ...all([T.stoppedConfirm, T.stoppedRevert], "but it is still on host"),
    { test: T.migrateToHost, phrase: "landed on" },
    { test: T.bystanderOnSource, phrase: "landed on" },
    { test: T.partialFailure, phrase: 'last state seen: "VERIFY_RESIZE' },
  ]),
  bug(
    "error-mid-migration",
    "finish step fails with a fault",
    all([...ALL_MOVES, T.bystanderOnSource], "Simulated failure in _finish_resize"),
  ),
  bug("stuck-verify-resize", "confirm never completes", [
    ...all(
      CONFIRMS.filter((t) => t !== T.stoppedConfirm),
      'last state seen: "VERIFY_RESIZE',
    ),
    { test: T.stoppedConfirm, phrase: 'last state seen: "VERIFY_RESIZE' },
    { test: T.migrationRecords, phrase: 'last state seen: "VERIFY_RESIZE' },
    // the bystander's own confirm never completes
    { test: T.bystanderOnSource, phrase: 'last state seen: "VERIFY_RESIZE' },
  ]),
  bug("share-error", "share goes to error during the move", [
    ...all(
      [...ACTIVE_MOVES, T.stoppedConfirm, T.stoppedRevert, T.verifyResizeBlocks, T.migrationRecords],
      "could not be granted",
    ),
    ...all(SHARED, "unreadable"),
    { test: T.bystanderOnSource, phrase: "not mounted in guest" },
  ]),
  bug("old-compute-service", "a nova-compute older than the supporting version", [
    ...all([...ALL_MOVES, T.bystanderOnSource], "Feature not supported with instances that have shares."),
    { test: T.partialFailure, phrase: "Feature not supported with instances that have shares." },
  ]),
  // The notification layer sees these only with a broker (the selftest starts one; without rabbitmq-server the
  // layer is not checked and these rows fail as undetected).
  bug("move-emits-share-notifications", "share_attach/share_detach notifications sent during the move", [
    ...all(NOTIFIED, "a move must not send share_attach/share_detach"),
  ]),
  bug("resize-finish-notification-missing", "no instance.resize_finish.start/end from the destination", [
    ...all(NOTIFIED, "instance.resize_finish.start (request req-"),
  ]),
  bug("notification-payload-without-shares", "the resize notifications carry an empty shares list", [
    ...all(NOTIFIED, "payload shares lack share"),
  ]),
  guestOnly("dest-not-mounted", "no host checks: the guest cannot mount the tag", [
    ...all(ACTIVE_MOVES, "not mounted in guest"),
    { test: T.bystanderOnSource, phrase: "unreadable in guest" },
  ]),
  guestOnly("wrong-export-on-dest", "no host checks: the guest sees other data", [
    ...all(
      [T.migrateConfirm, T.migrateRevert, T.migrateToHost, T.resizeConfirm, T.resizeRevert],
      "not mounted in guest",
    ),
    ...all([T.twoConfirm, T.twoRevert], "data differs in guest"),
    ...all([...SHARED, T.bystanderOnSource], "not mounted in guest"),
  ]),
  guestOnly("share-readonly-on-dest", "no host checks: the guest cannot write to the share", [
    ...all([...ACTIVE_MOVES, ...SHARED, T.bystanderOnSource], "share not writable in guest"),
  ]),
  {
    profile: "same-host-double-mount",
    faults: ["same-host-double-mount"],
    args: SAME_HOST,
    kind: "bug",
    note: "same-host resize grants and mounts again (stacked mount)",
    mustFail: [{ test: T.sameHost, phrase: "mounted 2 times" }],
  },
  bug("no-microversion-gate", "moves with shares accepted below the enabling microversion", [
    { test: T.belowMicroversion, phrase: "but the call succeeded" },
  ]),
  ...RECORD_EXPECTATIONS,
  bug("service-gate-ignored", "an old nova-compute does not block moves with shares", [
    { test: T.oldCompute, phrase: "but the call succeeded" },
  ]),
  bug("attach-in-verify-resize", "attach/detach accepted in VERIFY_RESIZE", [
    { test: T.verifyResizeBlocks, phrase: "attach: expected HTTP 409" },
    { test: T.verifyResizeBlocks, phrase: "detach: expected HTTP 409" },
  ]),
  bug(
    "blocked-action-accepted",
    "shelve, suspend, evacuate, live migration, rebuild accepted: each refusal is caught on its own",
    [
      "shelve: expected HTTP 409",
      "suspend: expected HTTP 409",
      "live migrate: expected HTTP 409",
      "evacuate: expected HTTP 409",
      "the spec keeps rebuild blocked",
    ].map((phrase) => ({ test: T.stillBlocked, phrase })),
  ),
  bug("finish-fail-keeps-grant", "failed finish step leaves the destination's rule", [
    ...all([...ALL_MOVES, T.bystanderOnSource], "Simulated failure in _finish_resize"),
    { test: T.partialFailure, phrase: "left the destination access rule" },
  ]),
  bug("finish-fail-keeps-mount", "failed finish step leaves the first shares mounted on the destination", [
    ...all([...ALL_MOVES, T.bystanderOnSource], "Simulated failure in _finish_resize"),
    { test: T.partialFailure, phrase: "the failed finish step left share mounts" },
  ]),
  bug("source-revoked-on-resize", "the source's rule is revoked when the guest is powered off for the move", [
    ...all(
      [...ACTIVE_MOVES, ...SHARED, T.stoppedConfirm, T.stoppedRevert],
      "the source host's access rule was removed before confirm",
    ),
  ]),
  bug("error-without-fault", "a failed compute method leaves ERROR without an instance fault", [
    { test: T.partialFailure, phrase: "is ERROR without a fault message" },
  ]),
  bug("end-action-not-recorded", "confirm/revert record no instance action", [
    ...all([...CONFIRMS, ...REVERTS, T.sharedShareRevert, T.bystanderOnSource], "no instance action"),
    { test: T.migrationRecords, phrase: "to include 'confirmResize'" },
  ]),
  bug("end-action-misnamed", "confirm/revert recorded under the other end's action name", [
    ...all([...CONFIRMS, ...REVERTS, T.sharedShareRevert, T.bystanderOnSource], "recorded action"),
    { test: T.migrationRecords, phrase: "to include 'confirmResize'" },
  ]),
  bug("revert-keeps-dest-host", "revert leaves instance.host on the destination", [
    ...all([...REVERTS, T.sharedShareRevert], "expected to run on"),
    // its revert is not checked; deleting the server then revokes the destination's access, not the source's
    { test: T.verifyResizeBlocks, phrase: LEAK },
  ]),
  bug("confirm-deactivates-source-mappings", "confirm marks other servers' mappings on the source inactive", [
    { test: T.bystanderOnSource, phrase: "share mapping is inactive after the other server's end" },
  ]),
  {
    profile: "cephx-revoked-in-use",
    faults: ["cephx-revoked-in-use"],
    args: CEPHFS,
    kind: "bug",
    note: "CephFS: the one cephx rule revoked while servers still use the share",
    mustFail: [
      ...all([...CONFIRMS, ...REVERTS], "that must stay was removed"),
      // the bystander's own move (to the other server's host) already revokes the rule it then needs
      { test: T.bystanderOnSource, phrase: "not mounted in guest" },
    ],
  },
  bug("confirm-over-revoke", "confirm revokes the rule a server left on the source host needs", [
    { test: T.bystanderOnSource, phrase: "that must stay was removed" },
  ]),
  // Which tests meet the host without virtiofs depends on where the scheduler puts each server (least loaded first:
  // a test's first server boots on compute1 of an empty cloud and moves onto compute2, the last host): a move onto
  // it fails in libvirt; the shared-share tests' second server boots there and its attach is refused.
  bug("host-without-virtiofs", "the last host lacks COMPUTE_STORAGE_VIRTIO_FS", [
    ...all(
      [T.verifyResizeBlocks, T.migrationRecords, ...ACTIVE_MOVES, T.stoppedConfirm, T.stoppedRevert],
      "virtiofs is not supported",
    ),
    ...all([...SHARED, T.bystanderOnSource], "not configured correctly"),
  ]),
];
