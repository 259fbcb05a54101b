// Scenario 5: two shares with distinct tags on one server both survive migrate+confirm and migrate+revert.

import { vfClass, vfTest } from "../../lib/fixtures/index.js";
import {
  confirmMove,
  duringWindow,
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

vfClass("ColdMigrationTwoShares", "Cold migration of a server with two shares", () => {
  vfTest(
    "a33246da-c5e2-4999-b3e6-1d84667dee3b",
    "test_migrate_confirm_two_shares",
    "two shares survive migrate and confirm",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      const story = await serverWithData(t, { shares: 2 });
      await expectOnHost.beforeMove(story);
      const moved = await migrate(story);
      await duringWindow(moved, () =>
        together(
          expectOnApi.window(moved),
          expectInManila.window(moved),
          expectOnHost.window(moved),
          expectInGuest.usableDuringWindow(moved),
        ),
      );
      await confirmMove(moved, (e) =>
        together(
          expectOnApi.ended(e),
          expectInManila.cleanup(e),
          expectOnHost.cleanup(e),
          expectOnHost.whereItEnded(e),
          expectInGuest.usableWhereItEnded(e),
        ),
      );
    },
  );

  vfTest(
    "7ae50d6b-e1e3-465b-9c0b-84243d73ebc1",
    "test_migrate_revert_two_shares",
    "two shares survive migrate and revert",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      const story = await serverWithData(t, { shares: 2 });
      await expectOnHost.beforeMove(story);
      const moved = await migrate(story);
      await duringWindow(moved, () =>
        together(
          expectOnApi.window(moved),
          expectInManila.window(moved),
          expectOnHost.window(moved),
          expectInGuest.usableDuringWindow(moved),
        ),
      );
      await revertMove(moved, (e) =>
        together(
          expectOnApi.ended(e),
          expectInManila.cleanup(e),
          expectOnHost.cleanup(e),
          expectOnHost.whereItEnded(e),
          expectInGuest.usableWhereItEnded(e),
        ),
      );
    },
  );
});
