// Behaviours only a cloud that can be made to fail shows: the compute-service-version gate and the cleanup after
// a failed finish step. They run against the embedded cloud (fault injection per test) and skip elsewhere with
// that reason.

import { createServerWithShares, placement, vfClass, vfTest, withFault } from "../../lib/fixtures/index.js";
import {
  deleteAfterFailedMove,
  expectNoDestinationMount,
  expectNoDestinationRule,
  migrateIntoError,
  rulesOf,
} from "../../lib/scenario/index.js";
import { expectHttpError } from "../api/helpers.js";

vfClass("FaultPathsWithShare", "Gates and failure paths (embedded cloud)", () => {
  vfTest(
    "7b725de2-8dc7-4f2f-aae0-fd6ae04c4a1a",
    "test_migrate_refused_old_compute",
    "migrate is refused while a nova-compute is too old",
    ["api", "gating", "embedded", "serial"],
    async (t) => {
      t.require({ coldMigrationWithShares: true, embedded: true });
      const { server } = await createServerWithShares(t, { shares: 1 });
      await withFault(t, "old-compute-service");
      const mv = t.config.compute_feature_enabled.cold_migration_with_shares_microversion;
      await expectHttpError(
        () => t.env.admin.servers.withMicroversion(mv).migrateServer(server.id),
        409,
        "Feature not supported with instances that have shares.",
        "migrate with an old nova-compute",
      );
    },
  );

  vfTest(
    "25723bdf-13a3-4ceb-84d8-8dee2544e855",
    "test_failed_finish_leaves_no_grant",
    "a failed finish step leaves no destination grant or mount",
    ["scenario", "embedded", "serial"],
    async (t) => {
      t.require({ coldMigrationWithShares: true, computeHosts: 2, embedded: true });
      const { server, shares } = await createServerWithShares(t, { shares: 2 });
      const src = await placement(t, server);
      const before = await rulesOf(t, shares);
      await withFault(t, "error-mid-migration");
      await migrateIntoError(t, server); // ERROR with a fault message
      await expectNoDestinationRule(t, shares, before); // Manila
      const dest = t.env.caps.upComputeHosts.find((h) => h !== src.host)!;
      await expectNoDestinationMount(t, dest, shares); // host (whitebox)
      await deleteAfterFailedMove(t, server, shares, before); // the source rules the spec leaves stranded
    },
  );
});
