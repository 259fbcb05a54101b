// Manila's state and state machines: shares (creating -> available -> deleting), access rules
// (queued_to_apply -> applying -> active, queued_to_deny -> denying -> gone) with the share's access_rules_status, resource locks
// (deletion/visibility, incl. the share deletion lock Manila places on behalf of an access-rule deletion lock),
// and each share's data directory on disk. Both the REST API (manila.ts) and Nova's ShareBackend use it.

import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { FaultSwitch, ShareProto, Timing } from "../../contracts.js";
import { background, newUuid } from "../util.js";
import { resolveExport } from "./exports.js";
import { type Actor, canManipulate, type Lock, ManilaError, type Rule, type Share } from "./model.js";

export const NFS_SERVER = "127.0.4.1";
export const CEPH_MON = "127.0.4.2:6789";
export const SUPPORTED_PROTOCOLS = ["NFS", "CEPHFS"] as const;
/** Protocols Manila's API accepts; only NFS and CEPHFS have a backend here (only the cloud's one when it names a
 * protocol), the others end in 'error' as on a cloud whose scheduler finds no back end for them. */
export const KNOWN_PROTOCOLS = ["NFS", "CIFS", "GLUSTERFS", "HDFS", "CEPHFS", "MAPRFS"] as const;
const TRANSITIONAL = new Set(["queued_to_apply", "applying", "queued_to_deny", "denying"]);
/** Constant used by Manila (constants.SHARE_LOCKED_BY_ACCESS_LOCK_REASON). */
const lockedByAccessLock = (lockId: string) => `Locked by access lock: ${lockId}`;

export type { Actor, Lock, LockContext, Rule, Share } from "./model.js";
export { ManilaError, NOVA_ACTOR } from "./model.js";

export class ManilaStore {
  readonly shares = new Map<string, Share>();
  readonly rules = new Map<string, Rule>();
  readonly locks = new Map<string, Lock>();
  /** Ceph keys are per cephx client id, the same for every share that id is granted. */
  private readonly cephKeys = new Map<string, string>();

  constructor(
    private readonly opts: {
      faults: FaultSwitch;
      timing: Timing;
      dataDir: string;
      /** The protocols this Manila's back end serves (devstack: CephFS native or NFS); default both. */
      protocols?: readonly ShareProto[];
      log?: (line: string) => void;
    },
  ) {}

  exportPath(s: Share): string {
    return s.proto === "CEPHFS" ? `${CEPH_MON}:/volumes/_nogroup/${s.id}` : `${NFS_SERVER}:/shares/share-${s.id}`;
  }
  /** Export locations exist once the backend created the share. */
  hasExport(s: Share): boolean {
    return s.exported;
  }

  rulesOf(shareId: string): Rule[] {
    return [...this.rules.values()].filter((r) => r.shareId === shareId).sort((a, b) => +a.createdAt - +b.createdAt);
  }
  accessRulesStatus(shareId: string): "active" | "syncing" | "error" {
    const rules = this.rulesOf(shareId);
    if (rules.some((r) => r.state === "error")) return "error";
    if (rules.some((r) => TRANSITIONAL.has(r.state))) return "syncing";
    return "active";
  }
  locksOn(resourceId: string, action?: "delete" | "show"): Lock[] {
    return [...this.locks.values()].filter(
      (l) => l.resourceId === resourceId && (!action || l.resourceAction === action),
    );
  }

  // --- shares ---
  createShare(
    s: Omit<
      Share,
      "id" | "status" | "createdAt" | "updatedAt" | "exportLocationId" | "instanceId" | "dir" | "exported"
    >,
  ): Share {
    const id = newUuid();
    const share: Share = {
      ...s,
      id,
      status: "creating",
      createdAt: new Date(),
      updatedAt: null,
      exportLocationId: newUuid(),
      instanceId: newUuid(),
      dir: join(this.opts.dataDir, "manila", "shares", id),
      exported: false,
    };
    this.shares.set(id, share);
    const supported = ((this.opts.protocols ?? SUPPORTED_PROTOCOLS) as readonly string[]).includes(share.proto);
    if (supported) mkdirSync(share.dir, { recursive: true });
    this.later("manila.share-create", () => {
      if (this.shares.get(id)?.status !== "creating") return;
      share.exported = supported;
      // No backend serves the other protocols: the scheduler finds no valid host, as on a real cloud.
      this.setStatus(id, supported ? "available" : "error");
    });
    return share;
  }

  setStatus(shareId: string, status: string): void {
    const s = this.shares.get(shareId);
    if (!s) throw new ManilaError(404, `Share ${shareId} could not be found.`);
    s.status = status;
    s.updatedAt = new Date();
  }

  deleteShare(shareId: string, opts: { force: boolean }): void {
    const s = this.shares.get(shareId);
    if (!s) throw new ManilaError(404, `Share ${shareId} could not be found.`);
    const locks = this.locksOn(shareId, "delete");
    if (locks.length > 0) {
      throw new ManilaError(403, `Resource lock/s [${locks.map((l) => l.id).join(", ")}] prevent delete action.`);
    }
    const allowed = ["available", "error", "inactive"];
    if (!opts.force && !allowed.includes(s.status)) {
      throw new ManilaError(403, `Invalid share: Share status must be one of ('available', 'error', 'inactive').`);
    }
    this.setStatus(shareId, "deleting");
    // The share instance's access mappings go with it (and with them every lock on those rules).
    for (const r of this.rulesOf(shareId)) this.removeRule(r.id, { keepLocks: false });
    this.later("manila.share-delete", () => {
      this.shares.delete(shareId);
      rmSync(s.dir, { recursive: true, force: true });
    });
  }

  // --- access rules ---
  allow(
    share: Share,
    rule: { accessType: string; accessTo: string; accessLevel: "rw" | "ro"; metadata?: Record<string, string> },
    lock: { deletion: boolean; visibility: boolean; reason: string | null; actor: Actor },
  ): Rule {
    if (this.accessRulesStatus(share.id) === "error") {
      throw new ManilaError(
        400,
        "Access rules cannot be added while the share or any of its replicas or migration copies has its access_rules_status set to error. Deny any rules in error state and try again.",
      );
    }
    if (this.existing(share.id, rule.accessType, rule.accessTo)) {
      throw new ManilaError(400, `Share access ${rule.accessType}:${rule.accessTo} exists.`);
    }
    if (share.status !== "available") {
      throw new ManilaError(
        400,
        "Invalid share: New access rules cannot be applied while the share or any of its replicas or migration copies lacks a valid host or is in an invalid state.",
      );
    }
    const r: Rule = {
      id: newUuid(),
      shareId: share.id,
      accessType: rule.accessType,
      accessTo: rule.accessTo,
      accessLevel: rule.accessLevel,
      state: "queued_to_apply",
      accessKey: null,
      metadata: rule.metadata ?? {},
      createdAt: new Date(),
      updatedAt: null,
    };
    this.rules.set(r.id, r);
    if (lock.deletion) {
      const l = this.addLock({
        actor: lock.actor,
        type: "access_rule",
        id: r.id,
        action: "delete",
        reason: lock.reason,
      });
      // share-lock-not-placed: the rule is deletion-locked but the share is not, so the share can be deleted
      // under a rule Nova still relies on.
      if (!this.opts.faults.active("share-lock-not-placed")) {
        this.addLock({
          actor: lock.actor,
          type: "share",
          id: share.id,
          action: "delete",
          reason: lockedByAccessLock(l.id),
        });
      }
    }
    if (lock.visibility)
      this.addLock({ actor: lock.actor, type: "access_rule", id: r.id, action: "show", reason: lock.reason });
    // applying (the share manager's update_access), then active.
    this.later("manila.rule-apply", () => {
      const cur = this.rules.get(r.id);
      if (cur?.state !== "queued_to_apply") return;
      cur.state = "applying";
      cur.updatedAt = new Date();
      this.later("manila.rule-applying", () => this.applied(r.id));
    });
    return r;
  }

  /** Manila's duplicate check: same type, and for ip the same address (ignoring the prefix length). */
  private existing(shareId: string, type: string, to: string): Rule | undefined {
    const key = (v: string) => (type === "ip" ? v.split("/")[0] : v);
    return this.rulesOf(shareId).find((r) => r.accessType === type && key(r.accessTo) === key(to));
  }

  private applied(ruleId: string): void {
    const r = this.rules.get(ruleId);
    if (r?.state !== "applying") return;
    const share = this.shares.get(r.shareId);
    // The CephFS native driver only knows cephx; the NFS driver only ip: other types end in 'error'.
    const ok = share !== undefined && r.accessType === (share.proto === "CEPHFS" ? "cephx" : "ip");
    r.updatedAt = new Date();
    if (!ok) {
      r.state = "error";
      return;
    }
    if (r.accessType === "cephx") {
      let key = this.cephKeys.get(r.accessTo);
      if (!key) {
        key = randomBytes(28).toString("base64");
        this.cephKeys.set(r.accessTo, key);
      }
      r.accessKey = key;
    }
    r.state = "active";
  }

  /** Queues the rule's removal; when it is gone its locks go too, unless `keepLocks` (a bug profile, see manila.ts). */
  deny(ruleId: string, opts: { keepLocks: boolean }): void {
    const r = this.rules.get(ruleId);
    if (!r) return;
    r.state = "queued_to_deny";
    r.updatedAt = new Date();
    // denying (the share manager's update_access), then the row and its locks go: after the API answered 202.
    this.later("manila.rule-deny", () => {
      const cur = this.rules.get(ruleId);
      if (cur?.state !== "queued_to_deny") return;
      cur.state = "denying";
      cur.updatedAt = new Date();
      this.later("manila.rule-denying", () => this.removeRule(ruleId, opts));
    });
  }

  /** Like share_instance_access_delete: the rule, its locks and the share locks placed on its behalf. */
  private removeRule(ruleId: string, opts: { keepLocks: boolean }): void {
    if (!this.rules.delete(ruleId) || opts.keepLocks) return;
    for (const l of this.locksOn(ruleId)) {
      if (l.resourceAction === "delete") {
        for (const sl of this.locks.values()) if (sl.lockReason === lockedByAccessLock(l.id)) this.locks.delete(sl.id);
      }
      this.locks.delete(l.id);
    }
  }

  // --- locks ---
  addLock(l: {
    actor: Actor;
    type: Lock["resourceType"];
    id: string;
    action: Lock["resourceAction"];
    reason: string | null;
  }): Lock {
    if (l.action === "show" && this.locksOn(l.id, "show").length > 0) {
      throw new ManilaError(409, "Resource's visibility is already locked by other user.");
    }
    const lock: Lock = {
      id: newUuid(),
      userId: l.actor.userId,
      projectId: l.actor.projectId,
      lockContext: l.actor.lockContext,
      resourceType: l.type,
      resourceId: l.id,
      resourceAction: l.action,
      lockReason: l.reason,
      createdAt: new Date(),
      updatedAt: null,
    };
    this.locks.set(lock.id, lock);
    return lock;
  }

  canManipulate(actor: Actor, lock: Lock): boolean {
    return canManipulate(actor, lock);
  }

  /** A visibility lock the actor may not bypass hides access_to and access_key. */
  restricted(actor: Actor, ruleId: string): boolean {
    const lock = this.locksOn(ruleId, "show")[0];
    return lock !== undefined && !canManipulate(actor, lock);
  }

  /** What a storage client reaches at `exportLocation` (exports.ts). */
  resolve(
    exportLocation: string,
    client: { ip: string; cephxUser?: string },
  ): { dir: string; shareId: string; readOnly: boolean } | { error: string } {
    return resolveExport(this, exportLocation, client);
  }

  private later(step: string, then: () => void): void {
    background(
      async () => {
        await this.opts.timing.delay(step);
        then();
      },
      (e) => this.opts.log?.(`manila: background step ${step} failed: ${(e as Error)?.message ?? String(e)}`),
    );
  }
}
