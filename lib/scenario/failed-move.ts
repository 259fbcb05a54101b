// A move whose finish step fails (embedded cloud fault): the server goes to ERROR with a fault message, and Nova
// must undo what the finish step did on the destination — no access rule added for it, no share mounted there.

import { expect } from "chai";
import { isBeingDenied } from "../common/manila-rules.js";
import { waitForAccessRuleGone } from "../common/share-waiters.js";
import { hostLayer } from "../expect/host.js";
import { accessRules, expectRuleGone, type RuleView } from "../expect/manila.js";
import { openHost } from "../fixtures/host.js";
import type { TestScope } from "../fixtures/scope.js";
import type { ServerFixture, ShareFixture } from "../fixtures/types.js";
import { waits } from "../fixtures/wait.js";

/** Every share's rules now, in the order of `shares`. */
export function rulesOf(t: TestScope, shares: ShareFixture[]): Promise<RuleView[][]> {
  return Promise.all(shares.map((s) => accessRules(t, s)));
}

/** Cold migrate (admin) and wait for ERROR; the server must carry a fault message. */
export async function migrateIntoError(t: TestScope, server: ServerFixture): Promise<void> {
  const mv = t.config.compute_feature_enabled.cold_migration_with_shares_microversion;
  const { requestId } = await t.env.admin.servers.withMicroversion(mv).migrateServer(server.id);
  // The poll that saw ERROR carries the fault (Nova shows its message to the owner as to an admin).
  const shown = await waits(t).serverStatus(server.id, "ERROR", { requestId });
  expect(shown.fault?.message, `server ${server.id} is ERROR without a fault message`).to.be.a("string").and.not.empty;
}

/** Manila: every rule added since `before` (the destination's) is gone again. */
export async function expectNoDestinationRule(t: TestScope, shares: ShareFixture[], before: RuleView[][]) {
  for (const [i, share] of shares.entries()) {
    const after = await accessRules(t, share);
    const added = after.filter((r) => !before[i]!.some((b) => b.id === r.id));
    for (const rule of added) {
      const why = `share ${share.id}: the failed finish step left the destination access rule ${rule.accessTo}`;
      await expectRuleGone(t, share, rule, why);
    }
    t.checked("manila", "no destination rule left after the failed finish step", { share: share.id });
  }
}

/** Host: the destination mounts none of the shares. */
export async function expectNoDestinationMount(t: TestScope, dest: string, shares: ShareFixture[]): Promise<void> {
  if (!hostLayer(t, "no share mounts left on the destination after the failed finish step", { host: dest })) return;
  const mounts = await openHost(t, dest).mounts();
  const leaked = mounts.filter((m) => shares.some((s) => s.exportLocation === m.source));
  expect(
    leaked.map((m) => m.target),
    `host ${dest}: the failed finish step left share mounts`,
  ).to.deep.equal([]);
  t.checked("host", "no share mount left on the destination after the failed finish step", { host: dest });
}

/**
 * Deletes the server left in ERROR and removes the access rules it held before the move (its source host's): the
 * spec leaves rules stranded by a failed move to a future periodic task, and deleting a server Nova believes is on
 * the destination revokes nothing on the source. Removed here, and said so in the log, so the share's teardown
 * treats any other leftover as the leak it is.
 */
export async function deleteAfterFailedMove(
  t: TestScope,
  server: ServerFixture,
  shares: ShareFixture[],
  before: RuleView[][],
): Promise<void> {
  await t.env.member.servers.deleteServer(server.id);
  await waits(t).serverDeleted(server.id);
  const o = { intervalMs: t.config.compute.build_interval * 1000, timeoutMs: t.config.compute.cleanup_timeout * 1000 };
  for (const [i, share] of shares.entries()) {
    const stranded = (await accessRules(t, share)).filter(
      (r) => before[i]!.some((b) => b.id === r.id) && !isBeingDenied(r.state),
    );
    for (const r of stranded) {
      t.log(
        `share ${share.id}: removing the source rule ${r.accessType}:${r.accessTo} the failed move stranded (the spec leaves it to a future periodic task)`,
      );
      await t.env.admin.shares.deleteAccessRule(share.id, r.id, { unrestrict: true });
      await waitForAccessRuleGone(t.env.admin.shares, share.id, r.id, o);
    }
  }
}
