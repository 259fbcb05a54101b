// Manila's records (shares, access rules, resource locks), who acts on them, and its typed error.

/** An error with the HTTP status the REST API answers for it (and that Nova's client would see). */
export class ManilaError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type LockContext = "user" | "admin" | "service";
/** Who acts: a token's user, or Nova's service account (nova/share/manila.py uses an admin/service client). */
export interface Actor {
  userId: string;
  projectId: string;
  lockContext: LockContext;
  isAdmin: boolean;
}
export const NOVA_ACTOR: Actor = { userId: "nova", projectId: "service", lockContext: "service", isAdmin: true };

export interface Share {
  id: string;
  name: string | null;
  description: string | null;
  projectId: string;
  userId: string;
  size: number;
  proto: string;
  status: string;
  shareTypeId: string;
  metadata: Record<string, string>;
  isPublic: boolean;
  createdAt: Date;
  updatedAt: Date | null;
  exportLocationId: string;
  instanceId: string;
  dir: string;
  /** Set once the backend created the share: export locations exist from then on, whatever the status. */
  exported: boolean;
}
export interface Rule {
  id: string;
  shareId: string;
  accessType: string;
  accessTo: string;
  accessLevel: "rw" | "ro";
  state: string;
  accessKey: string | null;
  metadata: Record<string, string>;
  createdAt: Date;
  updatedAt: Date | null;
}
export interface Lock {
  id: string;
  userId: string;
  projectId: string;
  lockContext: LockContext;
  resourceType: "share" | "access_rule";
  resourceId: string;
  resourceAction: "delete" | "show";
  lockReason: string | null;
  createdAt: Date;
  updatedAt: Date | null;
}

/** Manila's _check_allow_lock_manipulation plus the admin-or-owner-user policy. */
export function canManipulate(actor: Actor, lock: Lock): boolean {
  if (lock.lockContext === "admin" && actor.lockContext !== "admin") return false;
  if (lock.lockContext === "service" && actor.lockContext === "user") return false;
  return actor.isAdmin || actor.lockContext === "service" || actor.userId === lock.userId;
}
