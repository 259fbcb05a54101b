// The cold-migration spec (nova-specs 2026.2 virtiofs-cold-migration), behaviour by behaviour, mapped to the tests
// that verify it, the layers that must each be checked for a plain "verified" (else "partly verified", naming the
// layer not checked), and whether only the embedded cloud can provoke it (fault injection). Each run's summary
// shows every row as verified (by which layers), partly verified, failed, skipped (with the reason) or not run.
// tests/unit/traceability.test.ts fails when a behaviour has no test or names a test that does not exist.

import type { SpecBehaviour } from "../report/traceability.js";

const T = {
  migrateConfirm: "be1b48b9-b402-45f1-a6df-330a234b5753",
  migrateRevert: "669f7d7e-57e8-468c-b64c-50688076a3ac",
  migrateToHost: "2726f88e-cded-47fb-ac05-604e5b272600",
  resizeConfirm: "2034eef1-6f40-475d-8334-8596e518ed60",
  resizeRevert: "05314fde-108e-43ed-9fc2-afaae3930bd5",
  stoppedConfirm: "be85caad-47bb-4a48-a877-f0e3e5b8e483",
  stoppedRevert: "877c04aa-1a94-4ca7-add2-2eca02142d8a",
  twoSharesConfirm: "a33246da-c5e2-4999-b3e6-1d84667dee3b",
  twoSharesRevert: "7ae50d6b-e1e3-465b-9c0b-84243d73ebc1",
  sharedShare: "1780d31d-4aeb-4398-9878-f0391ebaf85b",
  sharedShareRevert: "e23b8701-7fa2-43d8-a6e5-56824f85e917",
  bystanderOnSource: "65bd0e66-9577-42f6-ab28-2d3b10d57e8f",
  refusedWithoutFeature: "1c7deede-8886-4b32-bcf1-8249e59840a4",
  refusedBelowMicroversion: "0f946899-0690-4381-aece-4bad1b6eced1",
  stillBlocked: "6b451958-7b4b-4cf7-b162-ee3c9f79a3d6",
  attachDetachInVerifyResize: "fdfa0393-13c5-4afb-9810-c530540684be",
  migrationRecords: "fd607065-b957-415a-a5a7-bec014b07f83",
  sameHostResize: "56b1cb77-e63c-45fa-b97b-6477f6d14e69",
  oldComputeRefused: "7b725de2-8dc7-4f2f-aae0-fd6ae04c4a1a",
  partialFailure: "25723bdf-13a3-4ceb-84d8-8dee2544e855",
} as const;

export const TEST_UUIDS = T;

export const SPEC_BEHAVIOURS: SpecBehaviour[] = [
  {
    id: "dest-grant-mount",
    statement:
      "The finish step grants Manila access to the destination host and mounts the shares there before the guest starts",
    specRef: "Proposed change: cold migration flow (_finish_resize)",
    layers: ["api", "guest", "manila", "host"],
    testIds: [T.migrateConfirm, T.migrateRevert, T.migrateToHost, T.resizeConfirm, T.twoSharesConfirm, T.sharedShare],
  },
  {
    id: "dest-xml-filesystem",
    statement: "The destination domain XML has a virtiofs <filesystem> per share (finish_migration with share_info)",
    specRef: "Problem description (gap 2); Testing: domain XML includes <filesystem>",
    layers: ["host"],
    testIds: [T.migrateConfirm, T.resizeConfirm, T.twoSharesConfirm, T.migrateToHost],
  },
  {
    id: "lazy-source-cleanup-on-confirm",
    statement:
      "The source keeps the shares mounted until confirm; confirm unmounts them, revokes the source's Manila access and removes its locks",
    specRef: "Lazy cleanup strategy (confirm_resize)",
    layers: ["api", "manila", "host"],
    testIds: [T.migrateConfirm, T.resizeConfirm, T.twoSharesConfirm, T.stoppedConfirm, T.migrateToHost],
  },
  {
    id: "dest-cleanup-on-revert",
    statement: "Revert unmounts the shares on the destination, revokes its Manila access and removes its locks",
    specRef: "Lazy cleanup strategy (revert_resize)",
    layers: ["api", "manila", "host"],
    testIds: [T.migrateRevert, T.resizeRevert, T.twoSharesRevert, T.stoppedRevert],
  },
  {
    id: "source-xml-restored-on-revert",
    statement:
      "Revert respawns the server on the source with its <filesystem> devices and the shares usable in the guest",
    specRef: "Lazy cleanup strategy (_finish_revert_resize with share_info)",
    layers: ["guest", "host"],
    testIds: [T.migrateRevert, T.resizeRevert, T.twoSharesRevert],
  },
  {
    id: "same-host-resize-skip",
    statement: "A resize that lands on the same host skips the grant and the mount (no second rule, no second mount)",
    specRef: "Same-host resize",
    layers: ["manila", "host"],
    testIds: [T.sameHostResize],
  },
  {
    id: "nfs-rule-window",
    statement: "During VERIFY_RESIZE an NFS share has both the source's and the destination's access rule, both locked",
    specRef: "Manila access rule window",
    layers: ["manila"],
    testIds: [T.migrateConfirm, T.migrateRevert, T.twoSharesConfirm],
  },
  {
    id: "mapping-status-unchanged",
    statement:
      "The share mappings keep their status and tag through the move (active for a running server, inactive for a stopped one)",
    specRef: "Compute manager access helpers (no status change, no delete)",
    layers: ["api"],
    testIds: [T.migrateConfirm, T.migrateRevert, T.stoppedConfirm, T.stoppedRevert, T.twoSharesConfirm],
  },
  {
    id: "stopped-server-move",
    statement:
      "A stopped server moves while shut down (VERIFY_RESIZE, power state SHUTDOWN), returns to SHUTOFF and mounts its shares when started",
    specRef: "Proposed change (old_vm_state); implied by Nova's resize flow",
    layers: ["api", "guest"],
    testIds: [T.stoppedConfirm, T.stoppedRevert],
  },
  {
    id: "shared-share-host-local-cleanup",
    statement:
      "Confirming or reverting one server's move leaves another server's access rule and mount of the same share untouched",
    specRef: "CephFS access management; Nova bug 2161868 (host-local deny for NFS)",
    layers: ["api", "guest", "manila", "host"],
    testIds: [T.sharedShare, T.sharedShareRevert, T.bystanderOnSource],
  },
  {
    id: "still-blocked-actions",
    statement:
      "Evacuate, shelve, suspend and live migration of a server with shares stay refused (409); rebuild too (Nova answers 500) and leaves the server unchanged",
    specRef: "Scope: still blocked",
    testIds: [T.stillBlocked],
  },
  {
    id: "microversion-gate",
    statement:
      "Migrate and resize of a server with shares are refused (409) below the enabling microversion and on clouds without the feature",
    specRef: "REST API impact (new microversion)",
    testIds: [T.refusedBelowMicroversion, T.refusedWithoutFeature],
  },
  {
    id: "compute-service-version-gate",
    statement:
      "Migrate of a server with shares is refused (409) while any nova-compute is older than the supporting service version",
    specRef: "Upgrade impact (compute service version bump)",
    embeddedOnly: true,
    testIds: [T.oldComputeRefused],
  },
  {
    id: "attach-detach-blocked-during-move",
    statement:
      "Attach and detach are refused while the server waits in VERIFY_RESIZE (vm_state check of the shares API)",
    specRef: "Scope: concurrent attach/detach prevented by the vm_state check",
    testIds: [T.attachDetachInVerifyResize],
  },
  {
    id: "partial-failure-cleanup",
    statement:
      "When the finish step fails, the shares already mounted and granted on the destination are cleaned up and the error is visible",
    specRef: "Proposed change: on partial failure, already-processed shares are cleaned up",
    layers: ["manila", "host"],
    embeddedOnly: true,
    testIds: [T.partialFailure],
  },
  {
    id: "mount-path-consistency",
    statement:
      "Every host mounts a share at <mount_point_base>/<md5(export)> and the <filesystem> source is that path (the spec's mount-path mismatch error itself is only observable in Nova's functional tests)",
    specRef: "Mount path compatibility",
    layers: ["host"],
    testIds: [T.migrateConfirm, T.migrateRevert],
  },
  {
    id: "migration-records",
    statement:
      "The move leaves an os-migrations record (type, hosts, confirmed) and instance actions with their compute events",
    specRef: "Notifications / existing resize records",
    testIds: [T.migrationRecords],
  },
  {
    id: "notifications-resize-without-share-events",
    statement:
      "A move of a server with shares sends the ordinary instance.resize_* versioned notifications (right hosts, the " +
      "move's request id, the shares unchanged in the payload) and no instance.share_attach/share_detach",
    specRef: "Notifications impact",
    layer: "notifications",
    testIds: [
      T.migrateConfirm,
      T.migrateRevert,
      T.migrateToHost,
      T.resizeConfirm,
      T.resizeRevert,
      T.stoppedConfirm,
      T.stoppedRevert,
      T.twoSharesConfirm,
      T.twoSharesRevert,
      T.sharedShare,
      T.sharedShareRevert,
    ],
  },
];
