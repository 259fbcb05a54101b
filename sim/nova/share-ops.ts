// Nova's compute-side share plumbing: ShareMapping.set_access_according_to_protocol, nova/share/manila.py
// allow/deny/has_access, the grant/revoke helpers of the virtiofs-cold-migration spec, _check_share_usage
// (host-local for NFS, nova commit 79a01e4) and the mount/umount calls into the host.

import type { ComputeHost, DomainSpec, FilesystemDevice, ShareProto } from "../contracts.js";
import type { NovaDeps } from "./deps.js";
import type { Instance, NovaDb, ShareMapping } from "./model.js";

type Access = { accessType: string; accessTo: string };

export class ShareOps {
  constructor(
    private readonly deps: NovaDeps,
    private readonly db: NovaDb,
  ) {}

  host(name: string | null): ComputeHost | undefined {
    return name === null ? undefined : this.deps.hosts.find((h) => h.name === name);
  }

  /** set_access_according_to_protocol: NFS → ip rule for the host's storage IP; CephFS → cephx user "nova". */
  access(m: ShareMapping, host: ComputeHost): Access {
    if (m.shareProto === "NFS") return { accessType: "ip", accessTo: host.storageIp };
    if (m.shareProto === "CEPHFS") return { accessType: "cephx", accessTo: "nova" };
    throw new Error(`Share protocol ${m.shareProto} is not supported.`);
  }

  /** `as`: the access a buggy caller computed instead of set_access_according_to_protocol's. */
  private findRule(m: ShareMapping, host: ComputeHost, as?: Access) {
    const a = as ?? this.access(m, host);
    return this.deps.shares
      .listAccess(m.shareId)
      .find((r) => r.accessType === a.accessType && r.accessTo === a.accessTo);
  }

  hasAccess(m: ShareMapping, host: ComputeHost, as?: Access): boolean {
    return this.findRule(m, host, as)?.state === "active";
  }

  /** manila.allow() + poll has_access up to share_apply_policy_timeout times (allow_share / _grant_share_access).
   * `accessLevel`: what allow() asks for ("rw" in Nova; "ro" is the dest-rule-read-only bug). has_access, like
   * Nova's, matches access_type and access_to only: an existing rule of either level counts as access. */
  async grant(m: ShareMapping, host: ComputeHost, as?: Access, accessLevel: "rw" | "ro" = "rw"): Promise<void> {
    if (this.hasAccess(m, host, as)) return;
    const share = this.deps.shares.getShare(m.shareId);
    if (!share) throw new Error(`Share ${m.shareId} could not be found.`);
    if (!this.findRule(m, host, as)) {
      const locks = !this.deps.faults.active("rule-without-locks");
      const a = as ?? this.access(m, host);
      try {
        this.deps.shares.allowAccess(m.shareId, {
          ...a,
          accessLevel,
          lockVisibility: locks,
          lockDeletion: locks,
          lockReason: "Lock by nova",
        });
      } catch (e) {
        throw new Error(
          `Share access could not be granted to share id ${m.shareId}.\nReason: ${e instanceof Error ? e.message : String(e)}.`,
        );
      }
    }
    const tries = this.deps.shareApplyPolicyTimeout ?? 10;
    for (let i = 0; i < tries; i++) {
      if (this.hasAccess(m, host, as)) return;
      await this.deps.timing.delay("nova.share-apply-poll");
    }
    if (this.hasAccess(m, host, as)) return;
    throw new Error(
      `Share access could not be granted to share id ${m.shareId}.\nReason: Failed to set allow policy on share, too many retries.`,
    );
  }

  /** manila.deny(): delete_access_rule(unrestrict). A missing rule or share is ShareAccessNotFound/ShareNotFound
   * (callers ignore those, as deny_share does). */
  revoke(m: ShareMapping, host: ComputeHost, opts: { unrestrict: boolean }, as?: Access): void {
    if (!this.deps.shares.getShare(m.shareId)) return;
    const rule = this.findRule(m, host, as);
    if (!rule) {
      this.deps.log?.(`nova: no access rule for share ${m.shareId} on ${host.name} to revoke (ShareAccessNotFound)`);
      return;
    }
    try {
      this.deps.shares.denyAccess(m.shareId, rule.id, opts);
    } catch (e) {
      throw new Error(
        `Share access could not be removed from share id ${m.shareId}.\nReason: ${e instanceof Error ? e.message : String(e)}.`,
      );
    }
  }

  /** Hosts an instance occupies: its host, plus both ends of an unfinished cold migration (lazy cleanup). */
  hostsOf(instanceUuid: string): Set<string> {
    const out = new Set<string>();
    const inst = this.db.instances.get(instanceUuid);
    if (inst?.host) out.add(inst.host);
    for (const mig of this.db.migrations) {
      if (mig.instanceUuid !== instanceUuid) continue;
      if (["post-migrating", "finished", "confirming", "reverting"].includes(mig.status)) {
        out.add(mig.sourceCompute);
        if (mig.destCompute) out.add(mig.destCompute);
      }
    }
    return out;
  }

  /** _check_share_usage for deny_share: still used unless every considered mapping is this instance's and
   * inactive/error, or detaching. NFS considers only instances on `hostName` (per-host IP rules). */
  stillUsedForDeny(m: ShareMapping, inst: Instance, hostName: string): boolean {
    const considered = this.db
      .mappingsOfShare(m.shareId)
      .filter((o) => m.shareProto !== "NFS" || this.hostsOf(o.instanceUuid).has(hostName));
    return !considered.every(
      (o) =>
        (o.instanceUuid === inst.uuid && (o.status === "inactive" || o.status === "error")) || o.status === "detaching",
    );
  }

  /** _revoke_share_access during confirm/revert: NFS rules are per host, so keep the rule while another instance
   * on that host still uses the share; the CephFS cephx rule is shared by every host, so keep it while any mapping
   * of the share (the migrating instance's own included: it now runs on the other host) still exists.
   * `hostLocal` applies the NFS rule to every protocol (the cephx-revoked-in-use bug). */
  ruleStillNeeded(m: ShareMapping, inst: Instance, hostName: string, opts: { hostLocal?: boolean } = {}): boolean {
    const live = this.db.mappingsOfShare(m.shareId).filter((o) => o.status !== "detaching");
    if (m.shareProto !== "NFS" && !opts.hostLocal) return live.length > 0;
    return live.some((o) => o.instanceUuid !== inst.uuid && this.hostsOf(o.instanceUuid).has(hostName));
  }

  mount(m: ShareMapping, inst: Instance, host: ComputeHost, opts?: { readOnly?: boolean; stack?: boolean }): string {
    try {
      return host.mountShare(m.exportLocation, m.shareProto as ShareProto, inst.uuid, opts);
    } catch (e) {
      throw new Error(
        `Share id ${m.shareId} mount error from server ${inst.uuid}.\nReason: ${e instanceof Error ? e.message : String(e)}.`,
      );
    }
  }

  umount(m: ShareMapping, inst: Instance, host: ComputeHost): void {
    try {
      host.unmountShare(m.exportLocation, inst.uuid);
    } catch (e) {
      throw new Error(
        `Share id ${m.shareId} umount error from server ${inst.uuid}.\nReason: ${e instanceof Error ? e.message : String(e)}.`,
      );
    }
  }

  /** One <filesystem> per share (_guest_add_virtiofs_for_share): source = the host mount path, target = tag. */
  filesystems(inst: Instance, host: ComputeHost): FilesystemDevice[] {
    return this.db
      .mappingsOf(inst.uuid)
      .filter((m) => m.status !== "error")
      .map((m) => ({ sourceDir: host.mountPathFor(m.exportLocation), tag: m.tag }));
  }

  domain(inst: Instance, state: DomainSpec["state"], filesystems: FilesystemDevice[]): DomainSpec {
    return {
      instanceName: inst.instanceName,
      uuid: inst.uuid,
      state,
      memoryMb: inst.flavor.memoryMb,
      vcpus: inst.flavor.vcpus,
      filesystems,
    };
  }
}
