// Scenario 8: a resize that lands on the same host (allow_resize_to_same_host) skips the grant and the mount: no
// second access rule, no rule removed at confirm, the share stays mounted, the guest keeps using it. The other
// compute services are disabled for the duration of the test so the scheduler has only the source host (serial:
// do not run in parallel).

import { SERVICES_MICROVERSION } from "../../lib/clients/microversion.js";
import { vfClass, vfTest } from "../../lib/fixtures/index.js";
import {
  confirmMove,
  duringWindow,
  expectInGuest,
  expectInManila,
  expectOnApi,
  expectOnHost,
  resizeOnSameHost,
  serverWithData,
  together,
} from "../../lib/scenario/index.js";

vfClass("SameHostResizeWithShare", "Same-host resize of a server with a share", () => {
  vfTest(
    "56b1cb77-e63c-45fa-b97b-6477f6d14e69",
    "test_resize_same_host",
    "resize on the same host skips grant and mount",
    ["scenario", "admin", "serial"],
    async (t) => {
      t.require({
        resize: true,
        coldMigrationWithShares: true,
        sameHostResize: true,
        microversion: SERVICES_MICROVERSION,
      });
      const story = await serverWithData(t, { shares: 1 });
      await expectOnHost.beforeMove(story);
      const moved = await resizeOnSameHost(story);
      await duringWindow(moved, () =>
        together(
          expectOnApi.window(moved), // still on the source host
          expectInManila.window(moved), // no new rule
          expectOnHost.window(moved),
          expectInGuest.usableDuringWindow(moved),
        ),
      );
      await confirmMove(moved, (e) =>
        together(
          expectOnApi.ended(e),
          expectInManila.cleanup(e), // every rule stays
          expectOnHost.whereItEnded(e),
          expectInGuest.usableWhereItEnded(e),
        ),
      );
    },
  );
});
