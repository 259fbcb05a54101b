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
      await duringWindow(moved, async () => {
        await expectOnApi.window(moved);
        await expectInManila.window(moved);
        await expectOnHost.window(moved);
      });
      await expectInGuest.usableDuringWindow(moved);
      const ended = await confirmMove(moved, async (e) => {
        await expectOnApi.ended(e); // the new flavor
        await expectInManila.cleanup(e);
        await expectOnHost.cleanup(e);
      });
      await expectInGuest.usableWhereItEnded(ended);
      await expectOnHost.whereItEnded(ended);
    },
  );

  vfTest("05314fde-108e-43ed-9fc2-afaae3930bd5", "test_resize_revert", "resize and revert", ["scenario"], async (t) => {
    t.require(needs);
    const story = await serverWithData(t, { shares: 1 });
    await expectOnHost.beforeMove(story);
    const moved = await resize(story);
    await duringWindow(moved, async () => {
      await expectOnApi.window(moved);
      await expectInManila.window(moved);
      await expectOnHost.window(moved);
    });
    await expectInGuest.usableDuringWindow(moved);
    const ended = await revertMove(moved, async (e) => {
      await expectOnApi.ended(e); // the old flavor
      await expectInManila.cleanup(e);
      await expectOnHost.cleanup(e);
    });
    await expectInGuest.usableWhereItEnded(ended);
    await expectOnHost.whereItEnded(ended);
  });
});
