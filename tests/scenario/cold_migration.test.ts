// Scenarios 1 and 2: an ACTIVE server with one share is cold migrated to another host, then the move is
// confirmed (source cleaned up) or reverted (destination cleaned up, source still serving, data written on the
// destination still there). Every layer is checked after every step: API, guest, Manila, hosts (whitebox).

import { TARGETED_MIGRATION_MICROVERSION } from "../../lib/clients/microversion.js";
import { vfClass, vfTest } from "../../lib/fixtures/index.js";
import {
  confirmMove,
  duringWindow,
  expectInGuest,
  expectInManila,
  expectOnApi,
  expectOnHost,
  migrate,
  migrateToAnotherHost,
  revertMove,
  serverWithData,
  together,
} from "../../lib/scenario/index.js";

const needs = { coldMigration: true, coldMigrationWithShares: true, computeHosts: 2 } as const;

vfClass("ColdMigrationWithShare", "Cold migration of a server with a share", () => {
  vfTest(
    "be1b48b9-b402-45f1-a6df-330a234b5753",
    "test_migrate_confirm",
    "migrate and confirm",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      const story = await serverWithData(t, { shares: 1 });
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
    "669f7d7e-57e8-468c-b64c-50688076a3ac",
    "test_migrate_revert",
    "migrate and revert",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      const story = await serverWithData(t, { shares: 1 });
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

  vfTest(
    "2726f88e-cded-47fb-ac05-604e5b272600",
    "test_migrate_to_host_confirm",
    "migrate to a named host and confirm",
    ["scenario", "admin"],
    async (t) => {
      t.require({ ...needs, microversion: TARGETED_MIGRATION_MICROVERSION });
      const story = await serverWithData(t, { shares: 1 });
      await expectOnHost.beforeMove(story);
      const moved = await migrateToAnotherHost(story);
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
});
