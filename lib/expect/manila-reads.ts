// Reading Manila for the checks of one phase (lib/expect/manila.ts): a share's access rules, the cloud's resource
// locks, and the reads a phase already made (so waits start from them instead of reading again).

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

/** Every resource lock of the cloud (one listing; admin, all projects): the locks of a share and of its rules are
 * picked from it by resource id (Manila filters locks by one resource id only). */
export const listLocks = (t: TestScope): Promise<ResourceLock[]> =>
  t.env.admin.shares.listResourceLocks({ all_projects: true });

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
      this.locks = { v: await listLocks(this.t), at: ++this.seq };
      return this.locks.v;
    };
  }
}
