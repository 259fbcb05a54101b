// Behaviours only a cloud that can be made to fail shows: the compute-service-version gate and the cleanup after
// a failed finish step. They run against the embedded cloud (fault injection per test) and skip elsewhere with
// that reason.

import { expect } from "chai";
import { SimControlClient } from "../../lib/clients/sim-control-client.js";
import type { TestScope } from "../../lib/fixtures/index.js";
import { accessRules, expectRuleGone, placement, vfTest } from "../../lib/fixtures/index.js";
import { waits } from "../../lib/fixtures/wait.js";
import { getRunContext } from "../../lib/runner/context.js";
import { expectHttpError } from "../api/helpers.js";

async function withFault(t: TestScope, fault: string): Promise<void> {
  const url = getRunContext().target.simControlUrl;
  if (!url) t.skip("the embedded cloud's control API is not available");
  const sim = new SimControlClient(url, t.env.admin.auth);
  await sim.setFaults([fault]);
  t.cleanup.defer(`clear fault ${fault}`, () => sim.setFaults([]));
}

describe("Gates and failure paths (embedded cloud)", () => {
  vfTest(
    "7b725de2-8dc7-4f2f-aae0-fd6ae04c4a1a",
    "migrate is refused while a nova-compute is too old",
    ["api", "gating", "embedded"],
    async (t) => {
      t.require({ coldMigrationWithShares: true, embedded: true });
      const { server } = await t.serverWithShares({ shares: 1 });
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
    "a failed finish step leaves no destination grant or mount",
    ["scenario", "embedded"],
    async (t) => {
      t.require({ coldMigrationWithShares: true, computeHosts: 2, embedded: true });
      const { server, shares } = await t.serverWithShares({ shares: 2 });
      const src = await placement(t, server);
      const before = await Promise.all(shares.map((s) => accessRules(t, s)));
      await withFault(t, "error-mid-migration");
      const mv = t.config.compute_feature_enabled.cold_migration_with_shares_microversion;
      const { requestId } = await t.env.admin.servers.withMicroversion(mv).migrateServer(server.id);
      await waits(t).serverStatus(server.id, "ERROR", requestId);
      const shown = await t.env.admin.servers.showServer(server.id);
      expect(shown.fault?.message, `server ${server.id} is ERROR without a fault message`).to.be.a("string").and.not
        .empty;
      for (const [i, share] of shares.entries()) {
        const after = await accessRules(t, share);
        const added = after.filter((r) => !before[i]!.some((b) => b.id === r.id));
        for (const rule of added) {
          await expectRuleGone(
            t,
            share,
            rule,
            `share ${share.id}: the failed finish step left the destination access rule ${rule.accessTo}`,
          );
        }
      }
      if (t.config.whitebox.enabled) {
        const dest = t.env.caps.upComputeHosts.find((h) => h !== src.host)!;
        const mounts = await t.host(dest).mounts();
        const leaked = mounts.filter((m) => shares.some((s) => s.exportLocation === m.source));
        expect(
          leaked.map((m) => m.target),
          `host ${dest}: the failed finish step left share mounts`,
        ).to.deep.equal([]);
      }
    },
  );
});
