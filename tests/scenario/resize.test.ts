// Scenario 3: resize to compute.flavor_ref_alt with a share, confirmed (new flavor) or reverted (old flavor).

import { vfClass, vfTest } from "../../lib/fixtures/index.js";
import {
  confirmMove,
  duringWindow,
  expectInGuest,
  expectInManila,
  expectOnApi,
  expectOnHost,
  resize,
  revertMove,
  serverWithData,
  together,
} from "../../lib/scenario/index.js";

const needs = { resize: true, coldMigrationWithShares: true, computeHosts: 2 } as const;

vfClass("ResizeWithShare", "Resize of a server with a share", () => {
  vfTest(
    "2034eef1-6f40-475d-8334-8596e518ed60",
    "test_resize_confirm",
    "resize and confirm",
    ["scenario"],
    async (t) => {
      t.require(needs);
      const story = await serverWithData(t, { shares: 1 });
      await expectOnHost.beforeMove(story);
      const moved = await resize(story);
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
          expectOnApi.ended(e), // the new flavor
          expectInManila.cleanup(e),
          expectOnHost.cleanup(e),
          expectOnHost.whereItEnded(e),
          expectInGuest.usableWhereItEnded(e),
        ),
      );
    },
  );

  vfTest("05314fde-108e-43ed-9fc2-afaae3930bd5", "test_resize_revert", "resize and revert", ["scenario"], async (t) => {
    t.require(needs);
    const story = await serverWithData(t, { shares: 1 });
    await expectOnHost.beforeMove(story);
    const moved = await resize(story);
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
        expectOnApi.ended(e), // the old flavor
        expectInManila.cleanup(e),
        expectOnHost.cleanup(e),
        expectOnHost.whereItEnded(e),
        expectInGuest.usableWhereItEnded(e),
      ),
    );
  });
});
