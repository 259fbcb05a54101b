// Scenario 3: resize to compute.flavor_ref_alt with a share, confirmed (new flavor) or reverted (old flavor).

import { moveWithShares, vfTest } from "../../lib/fixtures/index.js";

const needs = { resize: true, coldMigrationWithShares: true, computeHosts: 2 } as const;

describe("Resize of a server with a share", () => {
  vfTest("2034eef1-6f40-475d-8334-8596e518ed60", "resize and confirm", ["scenario"], async (t) => {
    t.require(needs);
    await moveWithShares(t, { move: "resize", end: "confirm" });
  });

  vfTest("05314fde-108e-43ed-9fc2-afaae3930bd5", "resize and revert", ["scenario"], async (t) => {
    t.require(needs);
    await moveWithShares(t, { move: "resize", end: "revert" });
  });
});
