// Which access rules and host mounts a move must add, remove or keep — the one place that decides it, per protocol.
// NFS: one `ip` rule per host (the host's storage address); the destination gets a new one unless it already holds
// one (same host, or another server there uses the share); the host the server left loses its rule (and mount)
// unless another server there still uses the share.
// CephFS: one `cephx` rule (access_to "nova") shared by every host; a move never adds one (Manila dedups the grant)
// and never removes it while any server anywhere uses the share — the moving server still does after confirm or
// revert, so the rule always stays. Mounts are per host for both protocols.

import type { RuleView } from "../expect/manila.js";
import type { ShareFixture } from "../fixtures/types.js";
import type { Attached, Ended, Moved } from "./story.js";

/** How many rules the finish step must add for the destination; undefined: not checked (stopped server). */
export function newRulesForDestination(m: Moved, share: ShareFixture): number | undefined {
  if (m.stopped) return undefined;
  if (share.protocol === "CEPHFS") return 0;
  const destNeedsRule = !(m.sameHost || m.otherUsers.has(m.dest.host));
  return destNeedsRule ? 1 : 0;
}

/** The access rule a host's grant must carry: NFS `ip` + the host's storage address; CephFS `cephx` + "nova". */
export function expectedRuleFor(share: ShareFixture): { accessType: string; accessTo?: string } {
  return share.protocol === "CEPHFS" ? { accessType: "cephx", accessTo: "nova" } : { accessType: "ip" };
}

/** After confirm/revert: the rules that must be gone and those that must stay, for one share. */
export function rulesAfterEnd(
  e: Ended,
  a: Attached,
  was: RuleView[],
): { gone: RuleView[]; kept: RuleView[]; side: string } {
  const side = e.end === "confirm" ? "source" : "destination";
  // Same host: no host was left. CephFS: the one rule stays while the moved server (still) uses the share.
  if (e.sameHost || a.share.protocol === "CEPHFS") return { gone: [], kept: was, side };
  // The rules that existed only for the host the server left must go; the others stay.
  const leftOnly = e.end === "confirm" ? a.own : was.filter((r) => !a.rules.some((o) => o.id === r.id));
  const gone = e.otherUsers.has(e.leftHost) ? [] : leftOnly;
  const kept = was.filter((r) => !gone.some((g) => g.id === r.id));
  return { gone, kept, side };
}

/** After confirm/revert: must the host the server left have unmounted the share? */
export function leftHostUnmounts(e: Ended): boolean {
  return !e.sameHost && !e.otherUsers.has(e.leftHost);
}
