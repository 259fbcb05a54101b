// Scenarios 1 and 2: an ACTIVE server with one share is cold migrated to another host, then the move is
// confirmed (source cleaned up) or reverted (destination cleaned up, source still serving, data written on the
// destination still there). Every layer is checked after every step (lib/fixtures/scenario.ts).

import { moveWithShares, vfTest } from "../../lib/fixtures/index.js";

const needs = { coldMigration: true, coldMigrationWithShares: true, computeHosts: 2 } as const;

describe("Cold migration of a server with a share", () => {
  vfTest("be1b48b9-b402-45f1-a6df-330a234b5753", "migrate and confirm", ["scenario", "admin"], async (t) => {
    t.require(needs);
    await moveWithShares(t, { move: "migrate", end: "confirm" });
  });

  vfTest("669f7d7e-57e8-468c-b64c-50688076a3ac", "migrate and revert", ["scenario", "admin"], async (t) => {
    t.require(needs);
    await moveWithShares(t, { move: "migrate", end: "revert" });
  });

  vfTest(
    "2726f88e-cded-47fb-ac05-604e5b272600",
    "migrate to a named host and confirm",
    ["scenario", "admin"],
    async (t) => {
      t.require({ ...needs, microversion: "2.56" });
      await moveWithShares(t, { move: "migrate-to-host", end: "confirm" });
    },
  );
});
