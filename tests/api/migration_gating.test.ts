// Which moves a server with shares may make. Without the cold-migration-with-shares feature (or below its
// microversion) migrate and resize are refused with 409; evacuate, shelve, suspend and live migration stay
// refused everywhere (rebuild too, whatever status Nova answers it with); attach/detach are refused while the server waits in VERIFY_RESIZE.

import { compareMicroversions, SHARES_MICROVERSION } from "../../lib/clients/microversion.js";
import type { TestScope } from "../../lib/fixtures/index.js";
import { coldMigrate, createServerWithShares, createShare, revert, vfClass, vfTest } from "../../lib/fixtures/index.js";
import { expectAll, expectHttpError, expectRebuildRefused } from "./helpers.js";

const FORBIDDEN_WITH_SHARE = "Feature not supported with instances that have shares.";

/** The microversion just below `v` ("2.105" -> "2.104"). */
function below(v: string): string {
  const [maj, min] = v.split(".").map(Number) as [number, number];
  return `${maj}.${min - 1}`;
}

async function serverWithShare(t: TestScope) {
  const { server, shares } = await createServerWithShares(t, { shares: 1 });
  return { server, share: shares[0]! };
}

vfClass("MigrationGatingWithShare", "Moves of a server with shares: what is refused", () => {
  vfTest(
    "1c7deede-8886-4b32-bcf1-8249e59840a4",
    "test_moves_refused_without_share_support",
    "migrate and resize are refused where the cloud cannot move shares",
    ["api", "gating", "admin"],
    async (t) => {
      t.require({ withoutColdMigrationWithShares: true, computeHosts: 1 });
      const { server } = await serverWithShare(t);
      const admin = t.env.admin.servers.withMicroversion(t.env.caps.computeMicroversions.max);
      const member = t.env.member.servers.withMicroversion(t.env.caps.computeMicroversions.max);
      await expectHttpError(() => admin.migrateServer(server.id), 409, FORBIDDEN_WITH_SHARE, "migrate");
      await expectHttpError(
        () => member.resizeServer(server.id, t.config.compute.flavor_ref_alt),
        409,
        FORBIDDEN_WITH_SHARE,
        "resize",
      );
    },
  );

  vfTest(
    "0f946899-0690-4381-aece-4bad1b6eced1",
    "test_moves_refused_below_microversion",
    "migrate and resize are refused below the enabling microversion",
    ["api", "gating", "admin"],
    async (t) => {
      const enabling = t.config.compute_feature_enabled.cold_migration_with_shares_microversion;
      t.require({ coldMigrationWithShares: true });
      if (compareMicroversions(below(enabling), SHARES_MICROVERSION) < 0)
        t.skip(`no shares microversion below ${enabling}`);
      const { server } = await serverWithShare(t);
      const old = below(enabling);
      await expectHttpError(
        () => t.env.admin.servers.withMicroversion(old).migrateServer(server.id),
        409,
        FORBIDDEN_WITH_SHARE,
        `migrate at ${old}`,
      );
      await expectHttpError(
        () => t.env.member.servers.withMicroversion(old).resizeServer(server.id, t.config.compute.flavor_ref_alt),
        409,
        FORBIDDEN_WITH_SHARE,
        `resize at ${old}`,
      );
    },
  );

  vfTest(
    "6b451958-7b4b-4cf7-b162-ee3c9f79a3d6",
    "test_other_moves_stay_refused",
    "evacuate, shelve, suspend, live migration and rebuild stay refused",
    ["api", "gating", "admin"],
    async (t) => {
      t.require({});
      const { server } = await serverWithShare(t);
      const admin = t.env.admin.servers.withMicroversion(t.env.caps.computeMicroversions.max);
      const member = t.env.member.servers.withMicroversion(t.env.caps.computeMicroversions.max);
      // Every action is tried and every acceptance reported, so each refusal is proven on its own.
      await expectAll([
        () => expectHttpError(() => member.shelveServer(server.id), 409, FORBIDDEN_WITH_SHARE, "shelve"),
        () => expectHttpError(() => member.suspendServer(server.id), 409, FORBIDDEN_WITH_SHARE, "suspend"),
        () => expectHttpError(() => admin.liveMigrateServer(server.id), 409, FORBIDDEN_WITH_SHARE, "live migrate"),
        () => expectHttpError(() => admin.evacuateServer(server.id), 409, FORBIDDEN_WITH_SHARE, "evacuate"),
        () => expectRebuildRefused(t, server),
      ]);
    },
  );

  vfTest(
    "fdfa0393-13c5-4afb-9810-c530540684be",
    "test_attach_detach_refused_in_verify_resize",
    "attach and detach are refused while in VERIFY_RESIZE",
    ["api", "gating", "admin"],
    async (t) => {
      t.require({ coldMigration: true, coldMigrationWithShares: true, computeHosts: 2 });
      const { server, share } = await serverWithShare(t);
      const other = await createShare(t);
      await coldMigrate(t, server);
      const c = t.env.member.serverShares;
      await expectAll([
        () =>
          expectHttpError(
            () => c.attachShare(server.id, { share_id: other.id }),
            409,
            "while it is in vm_state resized",
            "attach",
          ),
        () =>
          expectHttpError(() => c.detachShare(server.id, share.id), 409, "while it is in vm_state resized", "detach"),
      ]);
      await revert(t, server);
    },
  );
});
