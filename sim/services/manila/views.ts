// Manila's response bodies, field by field as manila/api/views/* build them for a given microversion.

import { isoNow } from "../util.js";
import type { Actor, Lock, ManilaStore, Rule, Share } from "./store.js";

export const DEFAULT_SHARE_TYPE = { id: "5a8d1e4b-7d3e-4c62-9a43-0b1c9f0e2d11", name: "default" };
export type Version = [number, number];
export const atLeast = (v: Version, major: number, minor: number) => v[0] > major || (v[0] === major && v[1] >= minor);

export class ManilaViews {
  constructor(private readonly store: ManilaStore) {}

  shareSummary(base: string, s: Share) {
    return { id: s.id, name: s.name, links: this.links(base, "shares", s.id) };
  }

  shareDetail(base: string, s: Share, v: Version, actor: Actor) {
    const exportPaths = this.store.hasExport(s) ? [this.store.exportPath(s)] : [];
    const d: Record<string, unknown> = {
      id: s.id,
      size: s.size,
      availability_zone: "nova",
      created_at: isoNow(s.createdAt),
      status: s.status,
      name: s.name,
      description: s.description,
      project_id: s.projectId,
      snapshot_id: null,
      share_network_id: null,
      share_proto: s.proto,
      metadata: s.metadata,
      share_type: atLeast(v, 2, 6) ? s.shareTypeId : DEFAULT_SHARE_TYPE.name,
      volume_type: DEFAULT_SHARE_TYPE.name,
      links: this.links(base, "shares", s.id),
      is_public: s.isPublic,
    };
    if (!atLeast(v, 2, 9)) {
      d.export_location = exportPaths[0] ?? null;
      d.export_locations = exportPaths;
    }
    if (atLeast(v, 2, 2)) d.snapshot_support = false;
    if (atLeast(v, 2, 5)) d.task_state = null;
    if (atLeast(v, 2, 6)) d.share_type_name = DEFAULT_SHARE_TYPE.name;
    if (atLeast(v, 2, 10)) d.access_rules_status = this.store.accessRulesStatus(s.id);
    if (atLeast(v, 2, 11)) {
      d.replication_type = null;
      d.has_replicas = false;
    }
    if (atLeast(v, 2, 16)) d.user_id = s.userId;
    if (atLeast(v, 2, 24)) d.create_share_from_snapshot_support = false;
    if (atLeast(v, 2, 27)) d.revert_to_snapshot_support = false;
    if (atLeast(v, 2, 31)) {
      d.share_group_id = null;
      d.source_share_group_snapshot_member_id = null;
    }
    if (atLeast(v, 2, 32)) d.mount_snapshot_support = false;
    if (atLeast(v, 2, 54)) d.progress = s.status === "creating" ? "0%" : "100%";
    if (atLeast(v, 2, 69)) {
      d.is_soft_deleted = false;
      d.scheduled_to_be_deleted_at = null;
    }
    if (atLeast(v, 2, 80)) d.source_backup_id = null;
    if (atLeast(v, 2, 84)) d.mount_point_name = null;
    if (actor.isAdmin) {
      d.host = "manila@sim#pool";
      d.share_server_id = null;
    }
    d.updated_at = s.updatedAt ? isoNow(s.updatedAt) : null;
    return d;
  }

  exportLocation(s: Share, actor: Actor, detail: boolean) {
    const el: Record<string, unknown> = { id: s.exportLocationId, path: this.store.exportPath(s), preferred: true };
    if (actor.isAdmin) {
      el.share_instance_id = s.instanceId;
      el.is_admin_only = false;
    }
    if (detail) {
      el.created_at = isoNow(s.createdAt);
      el.updated_at = s.updatedAt ? isoNow(s.updatedAt) : null;
    }
    return el;
  }

  /** Access rule as views/share_accesses.py builds it; `withShareId` for the single-rule view. */
  rule(r: Rule, v: Version, actor: Actor, withShareId: boolean) {
    const d: Record<string, unknown> = {
      id: r.id,
      ...(withShareId ? { share_id: r.shareId } : {}),
      access_level: r.accessLevel,
      access_to: r.accessTo,
      access_type: r.accessType,
      state: atLeast(v, 2, 28) ? r.state : this.legacyState(r),
    };
    if (atLeast(v, 2, 21)) d.access_key = r.accessKey;
    if (atLeast(v, 2, 33)) {
      d.created_at = isoNow(r.createdAt);
      d.updated_at = r.updatedAt ? isoNow(r.updatedAt) : null;
    }
    if (atLeast(v, 2, 45)) d.metadata = r.metadata;
    if (this.store.restricted(actor, r.id)) {
      d.access_to = "******";
      d.access_key = "******";
    }
    return d;
  }

  /** Before 2.28 a rule shows its share's access_rules_status ('new' while syncing). */
  private legacyState(r: Rule): string {
    const s = this.store.accessRulesStatus(r.shareId);
    return s === "syncing" ? "new" : s;
  }

  lock(base: string, l: Lock) {
    return {
      id: l.id,
      user_id: l.userId,
      project_id: l.projectId,
      lock_context: l.lockContext,
      resource_type: l.resourceType,
      resource_id: l.resourceId,
      resource_action: l.resourceAction,
      lock_reason: l.lockReason,
      created_at: isoNow(l.createdAt),
      updated_at: l.updatedAt ? isoNow(l.updatedAt) : null,
      links: this.links(base, "resource-locks", l.id),
    };
  }

  private links(base: string, kind: string, id: string) {
    return [
      { rel: "self", href: `${base}/v2/${kind}/${id}` },
      { rel: "bookmark", href: `${base}/${kind}/${id}` },
    ];
  }
}
