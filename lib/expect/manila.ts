// Manila-layer expectations: the access rules Nova keeps on each share — active and locked while used, a new one
// for the destination during the move window (NFS), the left host's gone (with its locks) after confirm/revert.
// Which rules must go and which must stay is decided in lib/expect/rules.ts, not here.

import { expect } from "chai";
import { ResourceErrorState, WaitTimeoutError } from "../common/errors.js";
import { isBeingDenied } from "../common/manila-rules.js";
import { waitFor } from "../common/wait-for.js";
import type { TestScope } from "../fixtures/scope.js";
import type { ShareFixture } from "../fixtures/types.js";

export interface RuleView {
  id: string;
  accessType: string;
  accessTo: string;
  state: string;
}

export async function accessRules(t: TestScope, share: ShareFixture): Promise<RuleView[]> {
  const rules = await t.env.admin.shares.listAccessRules(share.id);
  return rules.map((r) => ({ id: r.id, accessType: r.access_type, accessTo: r.access_to, state: r.state }));
}

const describeRules = (rules: RuleView[]) =>
  rules.map((r) => `${r.accessType}:${r.accessTo}(${r.state})`).join(", ") || "none";

/** Every rule is active and locked by Nova (visibility and deletion locks). */
export async function expectRulesLocked(t: TestScope, share: ShareFixture, rules: RuleView[]): Promise<void> {
  for (const r of rules) {
    expect(
      r.state,
      `share ${share.id}: access rule ${r.accessType}:${r.accessTo} is ${r.state}, expected active`,
    ).to.equal("active");
    const locks = await t.env.admin.shares.listResourceLocks({ resource_id: r.id, all_projects: true });
    expect(
      locks.length,
      `share ${share.id}: access rule ${r.accessType}:${r.accessTo} (${r.id}) exists without locks; Nova must create it with lock_visibility and lock_deletion`,
    ).to.be.greaterThan(0);
    t.checked("manila", `rule ${r.accessType}:${r.accessTo} active and locked`, { share: share.id });
  }
}

/**
 * After the finish step no rule is gone (lazy cleanup) and exactly `expectedAdded` rules were added for the
 * destination host (lib/scenario/rules.ts decides how many). `expectedAdded` undefined: the count is not checked.
 */
export function expectRulesDuringWindow(
  share: ShareFixture,
  before: RuleView[],
  during: RuleView[],
  expectedAdded: number | undefined,
): RuleView[] {
  const added = during.filter((r) => !before.some((b) => b.id === r.id));
  const removed = before.filter((b) => !during.some((r) => r.id === b.id));
  expect(
    removed.map((r) => r.accessTo),
    `share ${share.id}: the source host's access rule was removed before confirm (rules now: ${describeRules(during)})`,
  ).to.deep.equal([]);
  if (expectedAdded === undefined) return added;
  expect(
    added.length,
    `share ${share.id}: expected ${expectedAdded} new access rule(s) for the destination host during the migration window, saw ${added.length} (before: ${describeRules(before)}; now: ${describeRules(during)})`,
  ).to.equal(expectedAdded);
  return added;
}

/**
 * A rule that must be gone: Manila removes rules asynchronously, so a rule in a deny state gets until build_timeout
 * to disappear; a rule still active (nobody asked Manila to remove it) fails at once with `message`.
 */
export async function expectRuleGone(
  t: TestScope,
  share: ShareFixture,
  rule: RuleView,
  message: string,
): Promise<void> {
  try {
    await waitFor({
      describe: `access rule ${rule.id} of share ${share.id}`,
      target: "deleted",
      probe: async () => (await t.env.admin.shares.listAccessRules(share.id)).find((r) => r.id === rule.id),
      state: (r) => r?.state ?? "(gone)",
      done: (r) => r === undefined,
      failed: (r) => (r && !isBeingDenied(r.state) ? `the rule is ${r.state}, nobody is removing it` : undefined),
      intervalMs: t.config.compute.build_interval * 1000,
      timeoutMs: t.config.compute.build_timeout * 1000,
    });
  } catch (e) {
    if (e instanceof WaitTimeoutError || e instanceof ResourceErrorState) throw new Error(`${message}; ${e.message}`);
    throw e;
  }
}

/** After confirm/revert: `gone` rules are deleted and left no resource locks; `kept` rules are still there. */
export async function expectRulesAfter(
  t: TestScope,
  share: ShareFixture,
  after: RuleView[],
  want: { gone: RuleView[]; kept: RuleView[]; side: string },
): Promise<void> {
  for (const g of want.gone) {
    if (after.some((r) => r.id === g.id)) {
      // Manila denies asynchronously: give the rule until build_timeout to go before calling it a leak.
      await expectRuleGone(
        t,
        share,
        g,
        `share ${share.id}: the ${want.side} host still has its access rule ${g.accessType}:${g.accessTo} (${g.id}) in Manila`,
      );
    }
    const locks = await t.env.admin.shares.listResourceLocks({ resource_id: g.id, all_projects: true });
    expect(
      locks.length,
      `share ${share.id}: resource locks left after the ${want.side} rule ${g.id} was removed (${locks.length} lock(s)); Nova must delete with unrestrict`,
    ).to.equal(0);
    t.checked("manila", `${want.side} rule ${g.accessTo} removed with its locks`, { share: share.id });
  }
  for (const k of want.kept) {
    expect(
      after.find((r) => r.id === k.id),
      `share ${share.id}: access rule ${k.accessType}:${k.accessTo} that must stay was removed`,
    ).to.exist;
  }
}
