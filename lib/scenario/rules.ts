// Which access rules and host mounts a move must add, remove or keep — the one place that decides it, so a
// protocol with other rules (CephFS: one cephx rule kept while any server uses the share) changes only this file.
// NFS today: one `ip` rule per host; the destination gets a new one unless it already holds one (same host, or
// another server there uses the share); the host the server left loses its rule (and mount) unless another server
// there still uses the share.

import type { RuleView } from "../expect/manila.js";
import type { ShareFixture } from "../fixtures/types.js";
import type { Attached, Ended, Moved } from "./story.js";

/** How many rules the finish step must add for the destination; undefined: not checked (stopped server). */
export function newRulesForDestination(m: Moved, share: ShareFixture): number | undefined {
  if (m.stopped) return undefined;
  const destNeedsRule = !(m.sameHost || m.otherUsers.has(m.dest.host));
  return share.protocol === "NFS" && destNeedsRule ? 1 : 0;
}

/** After confirm/revert: the rules that must be gone and those that must stay, for one share. */
export function rulesAfterEnd(
  e: Ended,
  a: Attached,
  was: RuleView[],
): { gone: RuleView[]; kept: RuleView[]; side: string } {
  const side = e.end === "confirm" ? "source" : "destination";
  if (e.sameHost) return { gone: [], kept: was, side };
  // The rules that existed only for the host the server left must go; the others stay.
  const leftOnly = e.end === "confirm" ? a.own : was.filter((r) => !a.rules.some((o) => o.id === r.id));
  const gone = e.end === "confirm" && e.otherUsers.has(e.leftHost) ? [] : leftOnly;
  const kept = was.filter((r) => !gone.some((g) => g.id === r.id));
  return { gone, kept, side };
}

/** After confirm/revert: must the host the server left have unmounted the share? */
export function leftHostUnmounts(e: Ended): boolean {
  return !e.sameHost && !e.otherUsers.has(e.leftHost);
}
