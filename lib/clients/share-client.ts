// Manila v2 (service type "shared-file-system"): shares, export locations, access rules with locks, resource locks.
// Access-rule locks need microversion 2.82 (lock_visibility/lock_deletion/lock_reason, deny with unrestrict).
import { type ActionResult, BaseClient, enc, withAnswer } from "./base-client.js";
import type { RestClient } from "./rest-client.js";
import type { AccessRule, ExportLocation, ResourceLock, Share, ShareType } from "./schemas/share.js";

export type { AccessRule, ExportLocation, ResourceLock, Share, ShareType };

export interface CreateShareRequest {
  share_proto: "NFS" | "CEPHFS" | "CIFS" | string;
  size: number;
  name?: string;
  description?: string;
  share_type?: string;
  share_network_id?: string;
  availability_zone?: string;
  metadata?: Record<string, string>;
  is_public?: boolean;
}

export interface CreateAccessRuleRequest {
  access_type: "ip" | "cephx" | "user" | "cert" | string;
  access_to: string;
  access_level?: "rw" | "ro";
  lock_visibility?: boolean;
  lock_deletion?: boolean;
  lock_reason?: string;
  metadata?: Record<string, string>;
}

export interface ResourceLockQuery {
  /** One resource id (Manila filters by a single value per key). */
  resource_id?: string;
  resource_type?: string;
  resource_action?: string;
  all_projects?: boolean;
  project_id?: string;
  /** Locks created at or after / at or before this ISO 8601 time (Manila: created_at >= / <=). */
  created_since?: string;
  created_before?: string;
}

export class ShareClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  async createShare(req: CreateShareRequest): Promise<Share> {
    const r = await this.call<{ share: Share }>("POST", "/shares", {
      body: { share: req },
      expected: [200],
      schema: { api: "share.shares.show" },
    });
    return withAnswer(r.body.share, r);
  }

  showShare(id: string): Promise<Share> {
    return this.get(`/shares/${enc(id)}`, "share", "share.shares.show");
  }

  listShares(query?: Record<string, string | number | boolean | undefined>): Promise<Share[]> {
    return this.get("/shares/detail", "shares", "share.shares.list", query);
  }

  deleteShare(id: string): Promise<ActionResult> {
    return this.remove(`/shares/${enc(id)}`, [202]);
  }

  /** Admin: POST /shares/{id}/action {"reset_status": {"status"}} (202), e.g. to put a share in "error". */
  async resetShareStatus(id: string, status: string): Promise<ActionResult> {
    const r = await this.call("POST", `/shares/${enc(id)}/action`, {
      body: { reset_status: { status } },
      expected: [202],
    });
    return { requestId: r.requestId, answeredAt: r.answeredAt };
  }

  listExportLocations(shareId: string): Promise<ExportLocation[]> {
    return this.get(`/shares/${enc(shareId)}/export_locations`, "export_locations", "share.export_locations.list");
  }

  listAccessRules(shareId: string): Promise<AccessRule[]> {
    return this.get("/share-access-rules", "access_list", "share.access_rules.list", { share_id: shareId });
  }

  showAccessRule(id: string): Promise<AccessRule> {
    return this.get(`/share-access-rules/${enc(id)}`, "access", "share.access_rules.show");
  }

  async createAccessRule(shareId: string, req: CreateAccessRuleRequest): Promise<AccessRule> {
    const r = await this.call<{ access: AccessRule }>("POST", `/shares/${enc(shareId)}/action`, {
      body: { allow_access: { access_level: "rw", ...req } },
      expected: [200],
      schema: { api: "share.access_rules.show" },
    });
    return r.body.access;
  }

  /** deny_access; `unrestrict` also removes the rule's deletion/visibility locks (the owner's or an admin's). */
  async deleteAccessRule(
    shareId: string,
    accessId: string,
    opts: { unrestrict?: boolean } = {},
  ): Promise<ActionResult> {
    const denyAccess: Record<string, unknown> = { access_id: accessId };
    if (opts.unrestrict !== undefined) denyAccess.unrestrict = opts.unrestrict;
    const r = await this.call("POST", `/shares/${enc(shareId)}/action`, {
      body: { deny_access: denyAccess },
      expected: [202],
    });
    return { requestId: r.requestId, answeredAt: r.answeredAt };
  }

  listResourceLocks(query?: ResourceLockQuery): Promise<ResourceLock[]> {
    return this.get("/resource-locks", "resource_locks", "share.resource_locks.list", query ? { ...query } : undefined);
  }

  deleteResourceLock(id: string): Promise<ActionResult> {
    return this.remove(`/resource-locks/${enc(id)}`, [204]);
  }

  /** GET /types: the share types this project can use (the default one included). */
  listShareTypes(): Promise<ShareType[]> {
    return this.get("/types", "share_types", "share.types.list");
  }
}
