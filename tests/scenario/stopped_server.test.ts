// Scenario 4: a stopped server with a share moves while SHUTOFF: VERIFY_RESIZE with power state SHUTDOWN,
// mappings stay `inactive`, confirm/revert returns it to SHUTOFF, and starting it mounts the share where it ended.
// No host is checked during the window: a stopped server has nothing mounted until it starts.

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
  startWhereItEnded,
  stopServer,
  together,
} from "../../lib/scenario/index.js";

const needs = { coldMigration: true, coldMigrationWithShares: true, computeHosts: 2 } as const;

vfClass("ColdMigrationStoppedServer", "Cold migration of a stopped server with a share", () => {
  vfTest(
    "be85caad-47bb-4a48-a877-f0e3e5b8e483",
    "test_migrate_stopped_confirm",
    "migrate stopped server and confirm",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      const story = await serverWithData(t, { shares: 1 });
      await expectOnHost.beforeMove(story);
      await stopServer(story); // mappings turn inactive
      const moved = await migrate(story);
      await duringWindow(moved, () =>
        together(
          expectOnApi.window(moved), // power state SHUTDOWN, mappings inactive
          expectInManila.window(moved),
        ),
      );
      const ended = await confirmMove(moved, (e) =>
        together(
          expectOnApi.ended(e), // SHUTOFF on the destination
          expectInManila.cleanup(e),
          expectOnHost.cleanup(e),
        ),
      );
      await startWhereItEnded(ended);
      await together(expectInGuest.usableWhereItEnded(ended), expectOnHost.whereItEnded(ended));
    },
  );

  vfTest(
    "877c04aa-1a94-4ca7-add2-2eca02142d8a",
    "test_migrate_stopped_revert",
    "migrate stopped server and revert",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      const story = await serverWithData(t, { shares: 1 });
      await expectOnHost.beforeMove(story);
      await stopServer(story); // mappings turn inactive
      const moved = await migrate(story);
      await duringWindow(moved, () =>
        together(
          expectOnApi.window(moved), // power state SHUTDOWN, mappings inactive
          expectInManila.window(moved),
        ),
      );
      const ended = await revertMove(moved, (e) =>
        together(
          expectOnApi.ended(e), // SHUTOFF on the source
          expectInManila.cleanup(e),
          expectOnHost.cleanup(e),
        ),
      );
      await startWhereItEnded(ended);
      await together(expectInGuest.usableWhereItEnded(ended), expectOnHost.whereItEnded(ended));
    },
  );
});
