// Facts about Manila access rules in one place: which states mean "being removed", and the teardown of rules and
// resource locks a share still carries when it must be deleted (used by the share fixture's teardown; `vftest
// cleanup` can use the same function).

import { isNotFound } from "../clients/errors.js";
import type { ShareClient } from "../clients/share-client.js";
import { ResourceErrorState, WaitTimeoutError } from "./errors.js";
import type { LogFn } from "./log.js";
import { waitForAccessRuleGone } from "./share-waiters.js";
import { waitFor } from "./wait-for.js";
import type { WaitOptions } from "./waiters.js";

/** Manila's states of a rule it has been asked to remove (deny is asynchronous). */
export const DENY_STATES: readonly string[] = ["queued_to_deny", "denying"];

/** True while Manila is removing the rule; any other state means nobody asked it to. */
export function isBeingDenied(state: string): boolean {
  return DENY_STATES.includes(state);
}

const ignoreGone = (e: unknown) => {
  if (!isNotFound(e)) throw e;
};

export interface LeftoverTeardown {
  /** Rules removed with unrestrict (they were left behind). */
  rules: { id: string; accessType: string; accessTo: string; state: string }[];
  /** Resource locks removed from the share itself. */
  shareLocks: number;
}

/**
 * Waits (bounded by `o`) for the share's rules to go (Nova or Manila may still be removing them); what is still there
 * then (or a rule in error) is a leftover. `nobodyRemoving` (the test already failed, nothing will clean up after
 * it): a rule Manila is not denying is a leftover at once.
 * Leftover rules are deleted with unrestrict (an admin may lift Nova's locks), then every resource lock still on the
 * share is deleted. Returns what had to be removed, so the caller can report it as a leak.
 */
export async function removeLeftoverRules(
  admin: ShareClient,
  shareId: string,
  o: WaitOptions & { nobodyRemoving?: boolean },
  log: LogFn = () => undefined,
): Promise<LeftoverTeardown> {
  const removed: LeftoverTeardown = { rules: [], shareLocks: 0 };
  try {
    await waitFor({
      describe: `access rules of share ${shareId}`,
      target: "none left",
      probe: () => admin.listAccessRules(shareId),
      state: (rules) => rules.map((r) => r.state).join(",") || "none",
      done: (rules) => rules.length === 0,
      // Nova may still be cleaning up (confirm/revert cleanup can end after the API's end state): only a rule Manila
      // failed on is terminal; any other rule gets the whole bound before it counts as left behind.
      failed: (rules) =>
        rules.some((r) => r.state === "error" || (o.nobodyRemoving && !isBeingDenied(r.state)))
          ? "leftover rules"
          : undefined,
      intervalMs: o.intervalMs,
      timeoutMs: o.timeoutMs,
      // One kind whatever state the first poll sees (queued_to_deny, denying, active): the rules go a like time
      // after the delete was refused, so the run learns when to look.
      kind: "share teardown: access rules ==> none left",
    });
  } catch (waitError) {
    if (!(waitError instanceof WaitTimeoutError || waitError instanceof ResourceErrorState)) throw waitError;
    const rules = await admin.listAccessRules(shareId);
    log(`share ${shareId}: removing ${rules.length} access rule(s) left behind, with unrestrict`);
    for (const r of rules) await admin.deleteAccessRule(shareId, r.id, { unrestrict: true }).catch(ignoreGone);
    for (const r of rules) await waitForAccessRuleGone(admin, shareId, r.id, o);
    removed.rules = rules.map((r) => ({ id: r.id, accessType: r.access_type, accessTo: r.access_to, state: r.state }));
  }
  const locks = await admin.listResourceLocks({ resource_id: shareId, all_projects: true });
  if (locks.length > 0) log(`share ${shareId}: removing ${locks.length} resource lock(s) left behind`);
  for (const l of locks) await admin.deleteResourceLock(l.id).catch(ignoreGone);
  removed.shareLocks = locks.length;
  return removed;
}
