// Manila-layer expectations: the access rules Nova keeps on each share — active, with both of Nova's locks
// (visibility and deletion) and the share deletion lock Manila adds for each deletion-locked rule; a new one for the
// destination during the move window (NFS, naming the destination's storage address); the left host's gone (with
// its locks) after confirm/revert. Which rules must go and which must stay is decided in lib/scenario/rules.ts.
// Reads per phase: one access-rule listing per share and one resource-lock listing for all of them, shared by every
// check of the phase; only a wait (a rule or a lock still going away) reads again, and a lock listing proves a
// rule's locks gone only if it started after that rule was seen gone.

import { expect } from "chai";
import type { ResourceLock } from "../clients/share-client.js";
import { isBeingDenied } from "../common/manila-rules.js";
import type { TestScope } from "../fixtures/scope.js";
import type { ShareFixture } from "../fixtures/types.js";
import { check } from "./check.js";
import { accessRules, listLocks, PhaseLocks, PhaseReads, type RuleView } from "./manila-reads.js";
import { settle } from "./settle.js";

export { accessRules, listLocks, PhaseLocks, type RuleView };

export const describeRules = (rules: RuleView[]) =>
  rules.map((r) => `${r.accessType}:${r.accessTo}(${r.state})`).join(", ") || "none";

const locksOn = (locks: ResourceLock[], id: string) => locks.filter((l) => l.resource_id === id);

const deletionLocks = (locks: ResourceLock[]) => locks.filter((l) => l.resource_action === "delete");

/**
 * Every rule is active, carries both of Nova's locks, and the share carries a deletion lock for each such rule.
 * `rules`: the share's whole rule listing; `locks`: a lock listing of the same phase (read here when not given).
 */
export function expectRulesLocked(
  t: TestScope,
  share: ShareFixture,
  rules: RuleView[],
  locks?: ResourceLock[],
): Promise<void> {
  const what = `rules ${describeRules(rules)} active and locked`;
  return check(t, "manila", what, { share: share.id }, () => rulesLocked(t, share, rules, locks), {
    recordOk: false,
  });
}

async function rulesLocked(t: TestScope, share: ShareFixture, rules: RuleView[], seen?: ResourceLock[]): Promise<void> {
  if (rules.length === 0) return;
  const all = seen ?? (await listLocks(t, share));
  let locked = 0;
  for (const r of rules) {
    const what = `share ${share.id}: access rule ${r.accessType}:${r.accessTo} (${r.id})`;
    expect(r.state, `${what} is ${r.state}, expected active`).to.equal("active");
    const locks = locksOn(all, r.id);
    if (deletionLocks(locks).length > 0) locked++;
    const actions = locks.map((l) => l.resource_action);
    expect(
      actions,
      `${what} exists without locks; Nova must create it with lock_visibility and lock_deletion (locks seen: ${actions.join(", ") || "none"})`,
    ).to.include("delete");
    expect(
      actions,
      `${what} exists without locks on visibility; Nova must create it with lock_visibility (locks seen: ${actions.join(", ")})`,
    ).to.include("show");
    t.checked("manila", `rule ${r.accessType}:${r.accessTo} active with deletion and visibility locks`, {
      share: share.id,
    });
  }
  const shareLocks = deletionLocks(locksOn(all, share.id)).length;
  expect(
    shareLocks,
    `share ${share.id}: ${locked} deletion-locked access rule(s) but ${shareLocks} share deletion lock(s); Manila places one per locked rule`,
  ).to.be.at.least(locked);
  t.checked("manila", `share deletion lock for each deletion-locked rule (${shareLocks})`, { share: share.id });
}

/** The address an NFS rule for `host` must name: whitebox.storage_addresses, else the control-plane address. */
export function storageAddressOf(t: TestScope, host: string): string | undefined {
  const w = t.config.whitebox;
  return w.storage_addresses[host] ?? w.ctlplane_addresses[host];
}

/** The rule granted for `host`: NFS `ip` naming the host's storage address; CephFS `cephx` naming "nova". */
export function expectRuleFor(t: TestScope, share: ShareFixture, rule: RuleView, host: string): void {
  const want =
    share.protocol === "CEPHFS"
      ? { accessType: "cephx", accessTo: "nova" }
      : { accessType: "ip", accessTo: storageAddressOf(t, host) };
  const what = `share ${share.id}: the rule added for ${host} is ${rule.accessType}:${rule.accessTo}`;
  expect(rule.accessType, `${what}, expected access type ${want.accessType}`).to.equal(want.accessType);
  // Nova asks Manila for read-write access (the guest writes to the share); a read-only rule mounts, then fails
  // every write in the guest.
  expect(
    rule.accessLevel,
    `${what}: it grants access_level ${rule.accessLevel}, expected rw (the server writes to the share)`,
  ).to.equal("rw");
  if (want.accessTo === undefined) {
    t.notChecked(
      "manila",
      `access_to of the rule for ${host}`,
      `no address configured for ${host} (whitebox.storage_addresses or whitebox.ctlplane_addresses)`,
      { host, share: share.id },
    );
    return;
  }
  expect(rule.accessTo, `${what}, expected access_to ${want.accessTo} (the address of ${host})`).to.equal(
    want.accessTo,
  );
  t.checked("manila", `rule for ${host} names ${want.accessTo}`, { host, share: share.id });
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
  const removed = before.filter((b) => !during.some((r) => r.id === b.id && !isBeingDenied(r.state)));
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

/** A rule that must be gone: waits (cleanup_timeout) for it; a rule in `error` fails at once. */
export async function expectRuleGone(
  t: TestScope,
  share: ShareFixture,
  rule: RuleView,
  message: string,
  reads = new PhaseReads(t, share),
): Promise<void> {
  const rules = reads.rulesProbe();
  await settle(
    t,
    {
      describe: `access rule ${rule.id} of share ${share.id}`,
      target: "deleted",
      probe: async () => (await rules()).find((r) => r.id === rule.id),
      state: (r) => r?.state ?? "(gone)",
      done: (r) => r === undefined,
      failed: (r) => (r?.state === "error" ? "Manila could not remove the rule (state error)" : undefined),
    },
    message,
  );
  reads.goneAt.set(rule.id, reads.rulesAt);
}

/** Locks on `resourceId` (a rule, or the share's deletion locks) go down to `expected`, within cleanup_timeout. */
async function expectLocksSettle(
  t: TestScope,
  resourceId: string,
  expected: number,
  pick: (l: ResourceLock[]) => ResourceLock[],
  message: string,
  probe: () => Promise<ResourceLock[]>,
): Promise<void> {
  await settle(
    t,
    {
      describe: `resource locks on ${resourceId}`,
      target: `${expected} lock(s)`,
      probe: async () => pick(locksOn(await probe(), resourceId)),
      state: (l) => `${l.length} lock(s)`,
      done: (l) => l.length === expected,
    },
    message,
  );
}

/** After confirm/revert: `gone` rules are deleted and left no locks; `kept` rules are still there, not being denied;
 * the share keeps exactly one deletion lock per deletion-locked rule left. `after`: the share's rule listing read
 * once the end state was reported; `phase`: the phase's lock listings and the tick of that rule read, when the
 * shares of the phase share them. */
export function expectRulesAfter(
  t: TestScope,
  share: ShareFixture,
  after: RuleView[],
  want: { gone: RuleView[]; kept: RuleView[]; side: string },
  phase?: { locks: PhaseLocks; at: number },
): Promise<void> {
  const what = `${want.side} host's rules and locks gone, others kept`;
  return check(t, "manila", what, { share: share.id }, () => rulesAfter(t, share, after, want, phase), {
    recordOk: false,
  });
}

async function rulesAfter(
  t: TestScope,
  share: ShareFixture,
  after: RuleView[],
  want: { gone: RuleView[]; kept: RuleView[]; side: string },
  phase?: { locks: PhaseLocks; at: number },
): Promise<void> {
  for (const k of want.kept) {
    const now = after.find((r) => r.id === k.id);
    expect(
      now && !isBeingDenied(now.state) ? now : undefined,
      `share ${share.id}: access rule ${k.accessType}:${k.accessTo} that must stay was removed (now: ${now?.state ?? "gone"})`,
    ).to.exist;
  }
  const reads = new PhaseReads(t, share, after, phase);
  for (const g of want.gone) {
    await expectRuleGone(
      t,
      share,
      g,
      `share ${share.id}: the ${want.side} host still has its access rule ${g.accessType}:${g.accessTo} (${g.id}) in Manila`,
      reads,
    );
  }
  for (const g of want.gone) {
    await expectLocksSettle(
      t,
      g.id,
      0,
      (l) => l,
      `share ${share.id}: resource locks left after the ${want.side} rule ${g.id} was removed; Nova must delete with unrestrict`,
      reads.locksProbe(reads.goneAt.get(g.id)),
    );
    t.checked("manila", `${want.side} rule ${g.accessTo} removed with its locks`, { share: share.id });
  }
  // Locks of the kept rules and of the share, from the latest listing (a kept rule's deletion lock never goes away
  // by itself; the share's deletion locks are waited for).
  const latest = await reads.locksProbe()();
  const locked = want.kept.filter((k) => deletionLocks(locksOn(latest, k.id)).length > 0).length;
  let first: ResourceLock[] | undefined = latest;
  const fresh = reads.locksProbe(Number.POSITIVE_INFINITY);
  await expectLocksSettle(
    t,
    share.id,
    locked,
    deletionLocks,
    `share ${share.id}: share deletion locks left for the ${want.side} host's removed rule (expected ${locked}, one per remaining locked rule)`,
    async () => {
      const v = first ?? (await fresh());
      first = undefined;
      return v;
    },
  );
  t.checked("manila", `share deletion locks match the rules left (${locked})`, { share: share.id });
}
