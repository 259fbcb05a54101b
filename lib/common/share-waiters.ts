// The Manila waiters (share status, access rules, share deletion) over waitFor, as lib/common/waiters.ts does for
// Nova: each takes the client it polls as a small structural interface and its interval/timeout explicitly.

import { GONE, type Gone, probeGone, waitFor } from "./wait-for.js";
import { common, type WaitOptions } from "./waiters.js";

export interface ShareLike {
  id: string;
  status: string;
  access_rules_status?: string;
}
export interface ShareReader {
  showShare(id: string): Promise<ShareLike>;
}

export interface AccessRuleLike {
  id: string;
  state: string;
  access_type?: string;
  access_to?: string;
}
export interface AccessRuleLister {
  listAccessRules(shareId: string): Promise<AccessRuleLike[]>;
}

const SHARE_ERRORS = ["error", "error_deleting", "extending_error", "shrinking_error"];

/** Wait for the Manila share to reach `status` (e.g. 'available'); fail fast on error states. */
export function waitForShareStatus(
  shares: ShareReader,
  shareId: string,
  status: string,
  o: WaitOptions,
): Promise<ShareLike> {
  return waitFor({
    ...common(o),
    describe: `share ${shareId}`,
    target: status,
    probe: () => shares.showShare(shareId),
    state: (s) => s.status,
    done: (s) => s.status === status,
    failed: (s) => (SHARE_ERRORS.includes(s.status) && s.status !== status ? `share is ${s.status}` : undefined),
  });
}

/** Wait for the share's aggregate `access_rules_status` (e.g. 'active'); fail fast on 'error'. */
export function waitForShareAccessRulesStatus(
  shares: ShareReader,
  shareId: string,
  status: string,
  o: WaitOptions,
): Promise<ShareLike> {
  return waitFor({
    ...common(o),
    describe: `access rules of share ${shareId}`,
    target: status,
    probe: () => shares.showShare(shareId),
    state: (s) => s.access_rules_status ?? "(unset)",
    done: (s) => s.access_rules_status === status,
    failed: (s) =>
      s.access_rules_status === "error" && status !== "error" ? "access_rules_status is error" : undefined,
  });
}

const ABSENT = "(absent)";

/** Wait for one access rule of the share to reach `state` (e.g. 'active'); fail fast on 'error'. */
export function waitForAccessRuleState(
  shares: AccessRuleLister,
  shareId: string,
  ruleId: string,
  state: string,
  o: WaitOptions,
): Promise<AccessRuleLike> {
  return waitFor({
    ...common(o),
    describe: `access rule ${ruleId} of share ${shareId}`,
    target: state,
    probe: async () => (await shares.listAccessRules(shareId)).find((r) => r.id === ruleId),
    state: (r) => r?.state ?? ABSENT,
    done: (r) => r?.state === state,
    failed: (r) =>
      r?.state === "error" && state !== "error"
        ? `access rule ${r.access_type ?? ""}:${r.access_to ?? ""} is error`
        : undefined,
  }) as Promise<AccessRuleLike>;
}

/** Wait until the access rule is no longer listed for the share (a 404 on the share also counts). */
export async function waitForAccessRuleGone(
  shares: AccessRuleLister,
  shareId: string,
  ruleId: string,
  o: WaitOptions,
): Promise<void> {
  await waitFor<AccessRuleLike | undefined | Gone>({
    ...common(o),
    describe: `access rule ${ruleId} of share ${shareId}`,
    target: "deleted",
    probe: probeGone(async () => (await shares.listAccessRules(shareId)).find((r) => r.id === ruleId)),
    state: (r) => (r === GONE || r === undefined ? GONE : r.state),
    done: (r) => r === GONE || r === undefined,
    failed: (r) => (r !== GONE && r?.state === "error" ? "access rule went to error while being denied" : undefined),
  });
}

/** Wait until the share answers 404; fail fast on 'error_deleting'. Called right after the DELETE. */
export async function waitForShareDeleted(shares: ShareReader, shareId: string, o: WaitOptions): Promise<void> {
  await waitFor<ShareLike | Gone>({
    ...common(o),
    describe: `share ${shareId}`,
    target: "deleted",
    kind: "share delete ==> deleted",
    probe: probeGone(() => shares.showShare(shareId)),
    state: (s) => (s === GONE ? GONE : s.status),
    done: (s) => s === GONE,
    failed: (s) => (s !== GONE && s.status === "error_deleting" ? "share is error_deleting" : undefined),
  });
}
