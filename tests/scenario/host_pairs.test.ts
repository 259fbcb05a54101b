// The host-pair certificate (`vftest run --host-pairs all|A:B,...`): for every ordered pair of compute hosts the
// run names, a server with a share runs on the pair's source, is cold migrated to its destination (targeted
// migration) and the move is confirmed, or reverted, with every layer checked as in cold_migration.test.ts. The
// tests are generated from the run's pairs, each with a UUID derived from its pair and end (stable across runs);
// without --host-pairs this file declares none.

import { TARGETED_MIGRATION_MICROVERSION } from "../../lib/clients/microversion.js";
import type { TestScope } from "../../lib/fixtures/index.js";
import { vfClass, vfTest } from "../../lib/fixtures/index.js";
import { runAtLoad } from "../../lib/run/run.js";
import {
  confirmMove,
  duringWindow,
  expectInGuest,
  expectInManila,
  expectOnApi,
  expectOnHost,
  migrateToHost,
  revertMove,
  serverWithData,
  together,
} from "../../lib/scenario/index.js";
import {
  HOST_PAIR_TAG,
  type HostPair,
  PAIR_ENDS,
  type PairEnd,
  pairTestTitle,
  pairTestUuid,
} from "../../lib/spec/host-pairs.js";

const needs = {
  coldMigration: true,
  coldMigrationWithShares: true,
  computeHosts: 2,
  microversion: TARGETED_MIGRATION_MICROVERSION,
} as const;

async function movePair(t: TestScope, pair: HostPair, end: PairEnd): Promise<void> {
  t.require(needs);
  const story = await serverWithData(t, { shares: 1, on: pair.from });
  await expectOnHost.beforeMove(story);
  const moved = await migrateToHost(story, pair.from, pair.to);
  await duringWindow(moved, () =>
    together(
      expectOnApi.window(moved),
      expectInManila.window(moved),
      expectOnHost.window(moved),
      expectInGuest.usableDuringWindow(moved),
    ),
  );
  const endMove = end === "confirm" ? confirmMove : revertMove;
  await endMove(moved, (e) =>
    together(
      expectOnApi.ended(e),
      expectInManila.cleanup(e),
      expectOnHost.cleanup(e),
      expectOnHost.whereItEnded(e),
      expectInGuest.usableWhereItEnded(e),
    ),
  );
}

/** `test_migrate_compute1_to_compute2_confirm`: host names folded into the method name's alphabet. */
function pairMethod(pair: HostPair, end: PairEnd): string {
  const fold = (h: string) => h.toLowerCase().replace(/[^a-z0-9]+/g, "_");
  return `test_migrate_${fold(pair.from)}_to_${fold(pair.to)}_${end}`;
}

vfClass("HostPairMigration", "Host pairs", function () {
  for (const pair of runAtLoad(this)?.hostPairs ?? []) {
    describe(`${pair.from} to ${pair.to}`, () => {
      for (const end of PAIR_ENDS) {
        vfTest(
          pairTestUuid(pair, end),
          pairMethod(pair, end),
          pairTestTitle(pair, end),
          ["scenario", "admin", HOST_PAIR_TAG],
          (t) => movePair(t, pair, end),
        );
      }
    });
  }
});
