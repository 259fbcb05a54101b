// Scenario 6: one share used by two servers. Migrating one of them — confirmed or reverted — leaves the other's
// access rule, host mount and in-guest use of the share untouched (NFS rules are per host: Nova's deny must be
// host-local and skip a rule another server on that host still needs). The third test keeps the other server on
// the host the moving one leaves, so confirm's revoke on that host must skip the rule it still needs.

import { TARGETED_MIGRATION_MICROVERSION } from "../../lib/clients/microversion.js";
import { createShare, vfClass, vfTest } from "../../lib/fixtures/index.js";
import {
  bystanderOn,
  bystanderUsing,
  confirmMove,
  duringWindow,
  expectBystanderUnaffected,
  expectInGuest,
  expectInManila,
  expectOnApi,
  expectOnHost,
  migrate,
  revertMove,
  serverWithData,
  together,
} from "../../lib/scenario/index.js";

const needs = { coldMigration: true, coldMigrationWithShares: true, computeHosts: 2 } as const;

vfClass("ColdMigrationSharedShare", "Cold migration of one of two servers sharing a share", () => {
  vfTest(
    "1780d31d-4aeb-4398-9878-f0391ebaf85b",
    "test_other_server_keeps_share_on_confirm",
    "the other server keeps its access and mount",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      const bystander = await bystanderUsing(t, await createShare(t));
      const story = await serverWithData(t, { shares: [bystander.share], otherUsersOn: [bystander.host] });
      await expectOnHost.beforeMove(story);
      const moved = await migrate(story);
      await duringWindow(moved, () =>
        together(
          expectOnApi.window(moved),
          expectInManila.window(moved), // no new rule where the bystander already holds one
          expectOnHost.window(moved),
          expectBystanderUnaffected(t, bystander, "window"),
          expectInGuest.usableDuringWindow(moved),
        ),
      );
      const ended = await confirmMove(moved, async (e) => {
        await together(
          expectOnApi.ended(e),
          expectInManila.cleanup(e), // the bystander's host keeps its rule
          expectOnHost.cleanup(e),
        );
        await expectBystanderUnaffected(t, bystander, "end"); // once the cleanup has settled
      });
      await together(expectInGuest.usableWhereItEnded(ended), expectOnHost.whereItEnded(ended));
    },
  );

  vfTest(
    "e23b8701-7fa2-43d8-a6e5-56824f85e917",
    "test_other_server_keeps_share_on_revert",
    "the other server keeps its access and mount when the move is reverted",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      const bystander = await bystanderUsing(t, await createShare(t));
      const story = await serverWithData(t, { shares: [bystander.share], otherUsersOn: [bystander.host] });
      await expectOnHost.beforeMove(story);
      const moved = await migrate(story);
      await duringWindow(moved, () =>
        together(
          expectOnApi.window(moved),
          expectInManila.window(moved),
          expectOnHost.window(moved),
          expectBystanderUnaffected(t, bystander, "window"),
          expectInGuest.usableDuringWindow(moved),
        ),
      );
      const ended = await revertMove(moved, async (e) => {
        await together(
          expectOnApi.ended(e),
          expectInManila.cleanup(e), // the source's rule stays; the bystander's host keeps its rule
          expectOnHost.cleanup(e),
        );
        await expectBystanderUnaffected(t, bystander, "end"); // once the cleanup has settled
      });
      await together(expectInGuest.usableWhereItEnded(ended), expectOnHost.whereItEnded(ended));
    },
  );

  vfTest(
    "65bd0e66-9577-42f6-ab28-2d3b10d57e8f",
    "test_migrate_confirm_bystander_on_source",
    "a server left on the source host keeps its access and mount when the move is confirmed",
    ["scenario", "admin"],
    async (t) => {
      t.require({ ...needs, microversion: TARGETED_MIGRATION_MICROVERSION });
      const alone = await serverWithData(t, { shares: 1 });
      const bystander = await bystanderOn(t, alone.shares[0]!, alone.src.host);
      const story = { ...alone, otherUsers: new Set([alone.src.host]) };
      const moved = await migrate(story);
      await duringWindow(moved, () =>
        together(expectOnApi.window(moved), expectInManila.window(moved), expectOnHost.window(moved)),
      );
      const ended = await confirmMove(moved, async (e) => {
        await together(
          expectOnApi.ended(e),
          expectInManila.cleanup(e), // the source host keeps its rule: the bystander still uses it
          expectOnHost.cleanup(e),
        );
        await expectBystanderUnaffected(t, bystander, "end"); // once the cleanup has settled
      });
      await expectInGuest.usableWhereItEnded(ended);
    },
  );
});
