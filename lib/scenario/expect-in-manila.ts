// What Manila must show at each point of a move: during VERIFY_RESIZE no rule is gone yet, the destination got its
// rule (NFS: naming the destination's storage address; CephFS: the one cephx rule), every rule active and locked;
// after confirm/revert the left host's rules are gone with their locks (waiting for Manila's asynchronous deny) and
// the others stay. Which rules those are comes from rules.ts. Per share and phase: one rule listing and one lock
// listing (the locks created since the share was) shared by these checks; the window's rule listing is also the
// "rules before confirm/revert" of the end (the server stays in VERIFY_RESIZE in between and nothing changes them).

import type { RuleView } from "../expect/manila.js";
import {
  accessRules,
  expectRuleFor,
  expectRulesAfter,
  expectRulesDuringWindow,
  expectRulesLocked,
  listLocks,
} from "../expect/manila.js";
import { newRulesForDestination, rulesAfterEnd } from "./rules.js";
import type { Ended, Moved } from "./story.js";

async function window(m: Moved): Promise<void> {
  const seen = new Map<string, RuleView[]>();
  for (const a of m.items) {
    // Both at once: nothing changes the rules or their locks while the server waits in VERIFY_RESIZE.
    const [during, locks] = await Promise.all([accessRules(m.t, a.share), listLocks(m.t, a.share)]);
    const added = expectRulesDuringWindow(a.share, a.rules, during, newRulesForDestination(m, a.share));
    const forDest = a.share.protocol === "CEPHFS" ? during : added;
    for (const r of forDest) expectRuleFor(m.t, a.share, r, m.dest.host);
    await expectRulesLocked(m.t, a.share, during, locks);
    seen.set(a.share.id, during);
  }
  // Only once every share passed: a failed window check leaves the end to read the rules itself.
  m.rulesInWindow = seen;
}

async function cleanup(e: Ended): Promise<void> {
  for (const a of e.items) {
    const after = await accessRules(e.t, a.share);
    await expectRulesAfter(e.t, a.share, after, rulesAfterEnd(e, a, e.rulesBefore.get(a.share.id) ?? []));
  }
}

export const expectInManila = { window, cleanup };
