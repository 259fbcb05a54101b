// Scenario 5: two shares with distinct tags on one server both survive migrate+confirm and migrate+revert.

import { moveWithShares, vfTest } from "../../lib/fixtures/index.js";

const needs = { coldMigration: true, coldMigrationWithShares: true, computeHosts: 2 } as const;

describe("Cold migration of a server with two shares", () => {
  vfTest(
    "a33246da-c5e2-4999-b3e6-1d84667dee3b",
    "two shares survive migrate and confirm",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      await moveWithShares(t, { move: "migrate", end: "confirm", shares: 2 });
    },
  );

  vfTest(
    "7ae50d6b-e1e3-465b-9c0b-84243d73ebc1",
    "two shares survive migrate and revert",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      await moveWithShares(t, { move: "migrate", end: "revert", shares: 2 });
    },
  );
});
