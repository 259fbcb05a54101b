// What Manila must show at each point of a move: during VERIFY_RESIZE no rule is gone yet, the destination got its
// rule (NFS: naming the destination's storage address; CephFS: the one cephx rule), every rule active and locked;
// after confirm/revert the left host's rules are gone with their locks (waiting for Manila's asynchronous deny) and
// the others stay. Which rules those are comes from rules.ts. Per phase: one rule listing per share and one lock
// listing for all the shares (the locks created since the first was), shared by these checks; the window's rule
// listing is also the "rules before confirm/revert" of the end (the server stays in VERIFY_RESIZE in between and
// nothing changes them).

import type { RuleView } from "../expect/manila.js";
import {
  accessRules,
  expectRuleFor,
  expectRulesAfter,
  expectRulesDuringWindow,
  expectRulesLocked,
  PhaseLocks,
} from "../expect/manila.js";
import { newRulesForDestination, rulesAfterEnd } from "./rules.js";
import type { Ended, Moved } from "./story.js";

async function window(m: Moved): Promise<void> {
  const seen = new Map<string, RuleView[]>();
  // Rules and locks at once: nothing changes them while the server waits in VERIFY_RESIZE.
  const locks = new PhaseLocks(m.t, m.shares).read();
  for (const a of m.items) {
    const [during, all] = await Promise.all([accessRules(m.t, a.share), locks]);
    const added = expectRulesDuringWindow(a.share, a.rules, during, newRulesForDestination(m, a.share));
    const forDest = a.share.protocol === "CEPHFS" ? during : added;
    for (const r of forDest) expectRuleFor(m.t, a.share, r, m.dest.host);
    await expectRulesLocked(m.t, a.share, during, all);
    seen.set(a.share.id, during);
  }
  // Only once every share passed: a failed window check leaves the end to read the rules itself.
  m.rulesInWindow = seen;
}

async function cleanup(e: Ended): Promise<void> {
  // Every share's rules first, so that one lock listing, started after them, serves every share's checks.
  const locks = new PhaseLocks(e.t, e.shares);
  const afters = await Promise.all(
    e.items.map(async (a) => ({ rules: await accessRules(e.t, a.share), at: locks.tick() })),
  );
  for (const [i, a] of e.items.entries()) {
    const want = rulesAfterEnd(e, a, e.rulesBefore.get(a.share.id) ?? []);
    await expectRulesAfter(e.t, a.share, afters[i]!.rules, want, { locks, at: afters[i]!.at });
  }
}

export const expectInManila = { window, cleanup };
