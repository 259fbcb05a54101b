// One resource-lock listing per phase for every share of it: after confirm/revert, a listing proves a rule's locks
// gone only if it started after that rule was seen gone, so a share whose rule went later gets a fresh listing;
// locks that never go still fail the check.

import { expect } from "chai";
import type { ResourceLock } from "../../../lib/clients/share-client.js";
import { expectRulesAfter, PhaseLocks, type RuleView } from "../../../lib/expect/manila.js";
import type { TestScope } from "../../../lib/fixtures/scope.js";
import type { ShareFixture } from "../../../lib/fixtures/types.js";

const share = (id: string): ShareFixture => ({
  id,
  name: id,
  protocol: "NFS",
  exportLocation: `e-${id}`,
  createdAt: "2026-12-01T17:00:00.000000",
});
const rule = (id: string, state = "active"): RuleView => ({ id, accessType: "ip", accessTo: `10.0.0.${id}`, state });
const lock = (resource: string, action: string): ResourceLock => ({
  id: `${resource}-${action}`,
  resource_id: resource,
  resource_type: "access_rule",
  resource_action: action,
});

/** A Manila whose rule listings per share come from `rules` (the last one repeats) and whose locks are `locks()`. */
function cloud(rules: Record<string, RuleView[][]>, locks: () => ResourceLock[]) {
  const log: string[] = [];
  const reads: Record<string, number> = {};
  const shares = {
    listAccessRules: async (id: string) => {
      const n = (reads[id] ?? 0) + 1;
      reads[id] = n;
      log.push(`rules ${id}`);
      const v = rules[id]![Math.min(n - 1, rules[id]!.length - 1)]!;
      return v.map((r) => ({ id: r.id, access_type: r.accessType, access_to: r.accessTo, state: r.state }));
    },
    listResourceLocks: async () => {
      log.push("locks");
      return locks();
    },
  };
  const t = {
    uuid: "u1",
    config: { compute: { build_interval: 0.01, cleanup_timeout: 0.1 } },
    run: { checks: { record: () => undefined } },
    checked: () => undefined,
    log: () => undefined,
    env: { admin: { shares } },
  } as unknown as TestScope;
  return { t, log };
}

/** The end phase as lib/scenario/expect-in-manila.ts runs it: every share's rules first, then each share's check. */
async function end(t: TestScope, items: { share: ShareFixture; gone: RuleView[]; kept: RuleView[] }[]) {
  const locks = new PhaseLocks(
    t,
    items.map((i) => i.share),
  );
  const afters = await Promise.all(
    items.map(async (i) => ({
      rules: (await t.env.admin.shares.listAccessRules(i.share.id)).map((r) => rule(r.id, r.state)),
      at: locks.tick(),
    })),
  );
  for (const [n, i] of items.entries()) {
    await expectRulesAfter(
      t,
      i.share,
      afters[n]!.rules,
      { gone: i.gone, kept: i.kept, side: "source" },
      {
        locks,
        at: afters[n]!.at,
      },
    );
  }
}

const kept = (id: string) => [lock(id, "delete"), lock(id, "show")];
const shareLock = (shareId: string, n: number): ResourceLock => ({
  id: `${shareId}-lock-${n}`,
  resource_id: shareId,
  resource_type: "share",
  resource_action: "delete",
});

describe("one lock listing per phase for every share", () => {
  it("the window's listing is read once for all shares", async () => {
    const { t, log } = cloud({}, () => []);
    const locks = new PhaseLocks(t, [share("a"), share("b")]);
    await Promise.all([locks.read(), locks.read()]);
    expect(log).to.deep.equal(["locks"]);
  });

  it("after the end, one listing serves every share whose rules were already gone", async () => {
    const { t, log } = cloud({ a: [[rule("2")]], b: [[rule("4")]] }, () => [
      ...kept("2"),
      ...kept("4"),
      shareLock("a", 1),
      shareLock("b", 1),
    ]);
    await end(t, [
      { share: share("a"), gone: [rule("1")], kept: [rule("2")] },
      { share: share("b"), gone: [rule("3")], kept: [rule("4")] },
    ]);
    expect(log).to.deep.equal(["rules a", "rules b", "locks"]);
  });

  it("a share whose rule went later gets a listing started after it was seen gone", async () => {
    let bGone = false;
    const { t, log } = cloud({ a: [[rule("2")]], b: [[rule("3", "denying"), rule("4")], [rule("4")]] }, () => {
      const v = [...kept("2"), ...kept("4"), shareLock("a", 1), shareLock("b", 1)];
      // b's rule 3 keeps its locks until the rule read that shows it gone
      return bGone ? v : [...v, lock("3", "delete"), shareLock("b", 2)];
    });
    const original = t.env.admin.shares.listAccessRules.bind(t.env.admin.shares);
    t.env.admin.shares.listAccessRules = async (id: string) => {
      const v = await original(id);
      if (id === "b" && !v.some((r) => r.id === "3")) bGone = true;
      return v;
    };
    await end(t, [
      { share: share("a"), gone: [rule("1")], kept: [rule("2")] },
      { share: share("b"), gone: [rule("3")], kept: [rule("4")] },
    ]);
    expect(log).to.deep.equal(["rules a", "rules b", "locks", "rules b", "locks"]);
  });

  it("locks that stay after their rule went still fail the check", async () => {
    const { t } = cloud({ a: [[rule("2")]] }, () => [...kept("2"), lock("1", "delete"), shareLock("a", 1)]);
    let message = "";
    try {
      await end(t, [{ share: share("a"), gone: [rule("1")], kept: [rule("2")] }]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.include("resource locks left after the source rule 1 was removed");
  });
});
