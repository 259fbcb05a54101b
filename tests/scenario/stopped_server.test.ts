// Scenario 4: a stopped server with a share moves while SHUTOFF: VERIFY_RESIZE with power state SHUTDOWN,
// mappings stay `inactive`, confirm/revert returns it to SHUTOFF, and starting it mounts the share where it ended.

import { moveWithShares, vfTest } from "../../lib/fixtures/index.js";

const needs = { coldMigration: true, coldMigrationWithShares: true, computeHosts: 2 } as const;

describe("Cold migration of a stopped server with a share", () => {
  vfTest(
    "be85caad-47bb-4a48-a877-f0e3e5b8e483",
    "migrate stopped server and confirm",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      await moveWithShares(t, { move: "migrate", end: "confirm", stopped: true });
    },
  );

  vfTest(
    "877c04aa-1a94-4ca7-add2-2eca02142d8a",
    "migrate stopped server and revert",
    ["scenario", "admin"],
    async (t) => {
      t.require(needs);
      await moveWithShares(t, { move: "migrate", end: "revert", stopped: true });
    },
  );
});
