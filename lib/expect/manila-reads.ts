// Reading Manila for the checks of one phase (lib/expect/manila.ts): a share's access rules, the resource locks the
// checks need (one listing for every share of the phase, bounded by the shares' creation time), and the reads a
// phase already made (so waits start from them instead of reading again).

import type { ResourceLock } from "../clients/share-client.js";
import type { TestScope } from "../fixtures/scope.js";
import type { ShareFixture } from "../fixtures/types.js";

export interface RuleView {
  id: string;
  accessType: string;
  accessTo: string;
  state: string;
  /** "rw" or "ro" (Manila's access_level), when the listing said. */
  accessLevel?: string;
}

export async function accessRules(t: TestScope, share: ShareFixture): Promise<RuleView[]> {
  const rules = await t.env.admin.shares.listAccessRules(share.id);
  return rules.map((r) => ({
    id: r.id,
    accessType: r.access_type,
    accessTo: r.access_to,
    state: r.state,
    accessLevel: r.access_level,
  }));
}

/** How far before the share's created_at the lock listing starts: room for clock skew between Manila API nodes. */
const SKEW_MS = 60_000;

/**
 * When a listing of the locks of `shares` may start: every lock on a share or on one of its rules was created after
 * the share was (a rule needs its share; Manila places the share's deletion lock for a rule after the rule's own).
 * Manila prints created_at naive, in UTC. Undefined when a share's is unknown or unreadable: no bound then.
 */
export function locksSince(shares: ShareFixture | readonly ShareFixture[]): string | undefined {
  let first = Number.POSITIVE_INFINITY;
  for (const share of Array.isArray(shares) ? shares : [shares]) {
    if (!share.createdAt) return undefined;
    const naive = !/(Z|[+-]\d\d:?\d\d)$/i.test(share.createdAt);
    const at = Date.parse(naive ? `${share.createdAt}Z` : share.createdAt);
    if (Number.isNaN(at)) return undefined;
    first = Math.min(first, at);
  }
  return Number.isFinite(first) ? new Date(first - SKEW_MS).toISOString() : undefined;
}

/**
 * The resource locks the checks of `shares` need, in one listing (admin, all projects: Nova places them with its
 * own service credentials): every lock created since the first of them was, of any resource; the locks of each
 * share and rule are picked from it by resource id. Manila filters by one resource id per listing (a share and its
 * rules would take one listing each), and lists every lock of every project without a filter: created_since bounds
 * the listing to the shares' lifetime instead of the cloud's history.
 */
export function listLocks(t: TestScope, shares: ShareFixture | readonly ShareFixture[]): Promise<ResourceLock[]> {
  const since = locksSince(shares);
  return t.env.admin.shares.listResourceLocks({ all_projects: true, ...(since ? { created_since: since } : {}) });
}

/**
 * The lock listings of one phase, shared by the checks of every share in it (one listing covers them all), with
 * the phase's clock: every rule read takes a tick when it returns, every lock listing the next tick when it starts,
 * so a listing is known to have started after the rule read that showed a rule gone.
 */
export class PhaseLocks {
  private seq = 0;
  private latest?: { v: Promise<ResourceLock[]>; at: number };

  constructor(
    private readonly t: TestScope,
    private readonly shares: readonly ShareFixture[],
  ) {}

  tick(): number {
    return ++this.seq;
  }

  /** The phase's latest listing if it started after tick `after`, else a new one (`fresh`: always a new one). */
  read(after = 0, fresh = false): Promise<ResourceLock[]> {
    if (!fresh && this.latest && this.latest.at > after) return this.latest.v;
    const v = listLocks(this.t, this.shares);
    const latest = { v, at: this.tick() };
    this.latest = latest;
    v.catch(() => {
      if (this.latest === latest) this.latest = undefined;
    });
    return v;
  }
}

/**
 * The reads of one share in one phase: its latest rule listing (with its tick) and the phase's lock listings, so a
 * wait starts from what was already read and a lock listing is known to be newer than the rule listing that
 * showed a rule gone.
 */
export class PhaseReads {
  private rules?: { v: RuleView[]; at: number };
  /** Tick of the rule read that last showed each rule gone. */
  readonly goneAt = new Map<string, number>();
  private readonly locks: PhaseLocks;

  /** `rules`: the phase's listing of the share's rules, read at tick `at` of `phase` (both when shared). */
  constructor(
    private readonly t: TestScope,
    private readonly share: ShareFixture,
    rules?: RuleView[],
    phase?: { locks: PhaseLocks; at: number },
  ) {
    this.locks = phase?.locks ?? new PhaseLocks(t, [share]);
    if (rules) this.rules = { v: rules, at: phase?.at ?? this.locks.tick() };
  }

  /** A probe of the share's rules: the phase's listing first (once), then fresh listings. */
  rulesProbe(): () => Promise<RuleView[]> {
    let first = this.rules?.v;
    return async () => {
      if (first) {
        const v = first;
        first = undefined;
        return v;
      }
      const v = await accessRules(this.t, this.share);
      this.rules = { v, at: this.locks.tick() };
      return v;
    };
  }

  get rulesAt(): number {
    return this.rules?.at ?? 0;
  }

  /** A probe of the locks: the phase's listing first if it started after tick `after`, then fresh listings. */
  locksProbe(after = 0): () => Promise<ResourceLock[]> {
    let fresh = false;
    return () => {
      const v = this.locks.read(after, fresh);
      fresh = true;
      return v;
    };
  }
}
