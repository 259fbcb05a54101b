// The building blocks of the detection table (lib/spec/detection.ts): test UUIDs by name, groups of tests that a
// fault breaks together, and the helpers that turn them into expected failures.

import type { ExpectedFailure, ProfileExpectation } from "../report/detection.js";
import { TEST_UUIDS } from "./traceability.js";

export const U = TEST_UUIDS;
export const T = {
  migrateConfirm: U.migrateConfirm,
  migrateRevert: U.migrateRevert,
  migrateToHost: U.migrateToHost,
  resizeConfirm: U.resizeConfirm,
  resizeRevert: U.resizeRevert,
  stoppedConfirm: U.stoppedConfirm,
  stoppedRevert: U.stoppedRevert,
  twoConfirm: U.twoSharesConfirm,
  twoRevert: U.twoSharesRevert,
  sharedShare: U.sharedShare,
  sharedShareRevert: U.sharedShareRevert,
  verifyResizeBlocks: U.attachDetachInVerifyResize,
  migrationRecords: U.migrationRecords,
  partialFailure: U.partialFailure,
  sameHost: U.sameHostResize,
  bystanderOnSource: U.bystanderOnSource,
  belowMicroversion: U.refusedBelowMicroversion,
  oldCompute: U.oldComputeRefused,
  stillBlocked: U.stillBlocked,
} as const;

/** Tests that move an ACTIVE server and check it on the destination during VERIFY_RESIZE. */
export const ACTIVE_MOVES = [
  T.migrateConfirm,
  T.migrateRevert,
  T.migrateToHost,
  T.twoConfirm,
  T.twoRevert,
  T.resizeConfirm,
  T.resizeRevert,
];
/** Both shared-share tests: the moving server lands where the other server already mounts the share. */
export const SHARED = [T.sharedShare, T.sharedShareRevert];
export const CONFIRMS = [
  T.migrateConfirm,
  T.migrateToHost,
  T.twoConfirm,
  T.resizeConfirm,
  T.sharedShare,
  T.stoppedConfirm,
];
export const REVERTS = [T.migrateRevert, T.twoRevert, T.resizeRevert, T.stoppedRevert];
/** Every test whose move ends through the shared confirm/revert step, which checks the move's notifications. */
export const NOTIFIED = [...CONFIRMS, ...REVERTS, T.sharedShareRevert, T.bystanderOnSource];
/** Every test that moves a server with shares and waits for VERIFY_RESIZE. */
export const ALL_MOVES = [
  ...ACTIVE_MOVES,
  ...SHARED,
  T.stoppedConfirm,
  T.stoppedRevert,
  T.verifyResizeBlocks,
  T.migrationRecords,
];

export const all = (tests: string[], phrase: string): ExpectedFailure[] => tests.map((test) => ({ test, phrase }));
export const bug = (profile: string, note: string, mustFail: ExpectedFailure[]): ProfileExpectation => ({
  profile,
  faults: [profile],
  kind: "bug",
  note,
  mustFail,
});

/** What a share's teardown says when it had to remove a rule or lock Nova left behind (the API tests check no cleanup
 * themselves: their teardown is where a leaked rule shows). */
export const LEAK = "leak: the teardown had to remove";

/** The same-host test runs only where the cloud allows a resize onto its own host. */
export const SAME_HOST = ["--allow-resize-to-same-host"];
export const CEPHFS = ["--share-protocol", "cephfs"];

/** The same fault with whitebox off: the guest layer alone must catch it (a vendor without host SSH). */
export const guestOnly = (fault: string, note: string, mustFail: ExpectedFailure[]): ProfileExpectation => ({
  profile: `${fault}-guest-only`,
  faults: [fault],
  args: ["--without-whitebox"],
  kind: "bug",
  note,
  mustFail,
});
