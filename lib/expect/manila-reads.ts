// Reading Manila for the checks of one phase (lib/expect/manila.ts): a share's access rules, the resource locks its
// checks need (one listing, bounded by the share's creation time), and the reads a phase already made (so waits
// start from them instead of reading again).

import type { ResourceLock } from "../clients/share-client.js";
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

/** How far before the share's created_at the lock listing starts: room for clock skew between Manila API nodes. */
const SKEW_MS = 60_000;

/**
 * When the listing of `share`'s locks may start: every lock on the share or on one of its rules was created after
 * the share was (a rule needs its share; Manila places the share's deletion lock for a rule after the rule's own).
 * Manila prints created_at naive, in UTC. Undefined when unknown or unreadable: the listing is then not bounded.
 */
export function locksSince(share: ShareFixture): string | undefined {
  if (!share.createdAt) return undefined;
  const naive = !/(Z|[+-]\d\d:?\d\d)$/i.test(share.createdAt);
  const at = Date.parse(naive ? `${share.createdAt}Z` : share.createdAt);
  return Number.isNaN(at) ? undefined : new Date(at - SKEW_MS).toISOString();
}

/**
 * The resource locks a check of `share` needs, in one listing (admin, all projects: Nova places them with its own
 * service credentials): every lock created since the share was, of any resource; the locks of the share and of each
 * rule are picked from it by resource id. Manila filters by one resource id per listing (a share and its rules
 * would take one listing each), and lists every lock of every project without a filter: created_since bounds the
 * listing to the share's lifetime instead of the cloud's history.
 */
export function listLocks(t: TestScope, share: ShareFixture): Promise<ResourceLock[]> {
  const since = locksSince(share);
  return t.env.admin.shares.listResourceLocks({ all_projects: true, ...(since ? { created_since: since } : {}) });
}

/**
 * The reads of one share in one phase, in order: its latest rule listing and lock listing, each with the sequence
 * number of the read, so a wait starts from what was already read and a lock listing is known to be newer than the
 * rule listing that showed a rule gone.
 */
export class PhaseReads {
  private seq = 0;
  private rules?: { v: RuleView[]; at: number };
  private locks?: { v: ResourceLock[]; at: number };
  /** Sequence number of the rule read that last showed each rule gone. */
  readonly goneAt = new Map<string, number>();

  constructor(
    private readonly t: TestScope,
    private readonly share: ShareFixture,
    rules?: RuleView[],
  ) {
    if (rules) this.rules = { v: rules, at: ++this.seq };
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
      this.rules = { v: await accessRules(this.t, this.share), at: ++this.seq };
      return this.rules.v;
    };
  }

  get rulesAt(): number {
    return this.rules?.at ?? 0;
  }

  /** A probe of the cloud's locks: the phase's listing first if read after `after`, then fresh listings. */
  locksProbe(after = 0): () => Promise<ResourceLock[]> {
    let first = this.locks && this.locks.at > after ? this.locks.v : undefined;
    return async () => {
      if (first) {
        const v = first;
        first = undefined;
        return v;
      }
      this.locks = { v: await listLocks(this.t, this.share), at: ++this.seq };
      return this.locks.v;
    };
  }
}
