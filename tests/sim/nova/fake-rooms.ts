// Small in-test fakes of the rooms Nova talks to (contracts.ts): a Manila with access rules and locks, hosts with a
// refcounted mount table (stackable, as /proc/mounts shows it) and domains, guests that only remember whether they
// run, and a token table.

import { createHash, randomUUID } from "node:crypto";
import type {
  AccessRuleView,
  ComputeHost,
  DomainSpec,
  GuestBackend,
  GuestSpec,
  IdentityBackend,
  MountEntry,
  ShareBackend,
  ShareProto,
  ShareView,
  TokenInfo,
} from "../../../sim/contracts.js";
import { cidrContains } from "../../../sim/services/util.js";

export class FakeShares implements ShareBackend {
  readonly shares = new Map<string, ShareView>();
  readonly rules: (AccessRuleView & { locked: boolean })[] = [];
  /** Rule ids whose locks were left behind by a deny without unrestrict. */
  readonly leftoverLocks: string[] = [];

  addShare(opts: Partial<ShareView> & { projectId: string }): ShareView {
    const id = opts.id ?? randomUUID();
    const proto = opts.proto ?? "NFS";
    const s: ShareView = {
      id,
      projectId: opts.projectId,
      status: opts.status ?? "available",
      proto,
      exportLocation:
        opts.exportLocation === undefined
          ? proto === "CEPHFS"
            ? `127.0.4.2:6789:/volumes/_nogroup/${id}`
            : `127.0.4.1:/shares/share-${id}`
          : opts.exportLocation,
    };
    this.shares.set(id, s);
    return s;
  }
  getShare(id: string) {
    return this.shares.get(id);
  }
  listAccess(shareId: string): AccessRuleView[] {
    return this.rules.filter((r) => r.shareId === shareId);
  }
  allowAccess(shareId: string, rule: Parameters<ShareBackend["allowAccess"]>[1]): AccessRuleView {
    const share = this.shares.get(shareId);
    if (!share) throw new Error(`share ${shareId} not found`);
    if (share.status !== "available") throw new Error(`share ${shareId} is ${share.status}`);
    const existing = this.rules.find(
      (r) => r.shareId === shareId && r.accessType === rule.accessType && r.accessTo === rule.accessTo,
    );
    if (existing) return existing;
    const r = {
      id: randomUUID(),
      shareId,
      accessType: rule.accessType,
      accessTo: rule.accessTo,
      accessLevel: rule.accessLevel,
      state: "queued_to_apply" as AccessRuleView["state"],
      accessKey: null,
      lockVisibility: rule.lockVisibility,
      lockDeletion: rule.lockDeletion,
      locked: rule.lockDeletion,
    };
    this.rules.push(r);
    setTimeout(() => {
      r.state = "active";
    }, 1);
    return r;
  }
  denyAccess(shareId: string, ruleId: string, opts: { unrestrict: boolean }): void {
    const i = this.rules.findIndex((r) => r.id === ruleId && r.shareId === shareId);
    if (i < 0) throw new Error("rule not found");
    const r = this.rules[i]!;
    if (r.locked && !opts.unrestrict) this.leftoverLocks.push(r.id);
    this.rules.splice(i, 1);
  }
  resolveExport(exportLocation: string, client: { ip: string; cephxUser?: string }) {
    const share = [...this.shares.values()].find((s) => s.exportLocation === exportLocation);
    if (!share) return { error: `mount.nfs: ${exportLocation}: No such file or directory` };
    if (share.status !== "available") return { error: `share ${share.id} is not available (${share.status})` };
    const ok = this.rules.some(
      (r) =>
        r.shareId === share.id &&
        r.state === "active" &&
        (share.proto === "CEPHFS"
          ? r.accessType === "cephx"
          : r.accessType === "ip" && (r.accessTo === client.ip || cidrContains(r.accessTo, client.ip))),
    );
    if (!ok) return { error: `mount.nfs: access denied by server while mounting ${exportLocation}` };
    return { dir: `/data/${share.id}`, shareId: share.id, readOnly: false };
  }
  ipRules(shareId: string): string[] {
    return this.rules.filter((r) => r.shareId === shareId && r.accessType === "ip").map((r) => r.accessTo);
  }
}

export class FakeHost implements ComputeHost {
  readonly mountPointBase = "/opt/stack/data/nova/mnt";
  up = true;
  serviceVersion = 74;
  private readonly table = new Map<string, { entry: MountEntry; users: Set<string>; layers: number }>();
  private readonly doms = new Map<string, DomainSpec>();
  constructor(
    readonly name: string,
    readonly storageIp: string,
    readonly ctlplaneIp: string,
    private readonly shares: FakeShares,
  ) {}
  mountPathFor(exportLocation: string): string {
    return `${this.mountPointBase}/${createHash("md5").update(exportLocation).digest("hex")}`;
  }
  mountShare(
    exportLocation: string,
    proto: ShareProto,
    uuid: string,
    opts?: { readOnly?: boolean; stack?: boolean; at?: string },
  ): string {
    const path = opts?.at ?? this.mountPathFor(exportLocation);
    const cur = this.table.get(path);
    if (cur && opts?.stack) {
      const r = this.shares.resolveExport(exportLocation, { ip: this.storageIp, cephxUser: "nova" });
      if ("error" in r) throw new Error(r.error);
      cur.layers++;
    }
    if (!cur) {
      const r = this.shares.resolveExport(exportLocation, { ip: this.storageIp, cephxUser: "nova" });
      if ("error" in r) throw new Error(r.error);
      this.table.set(path, {
        entry: {
          exportLocation,
          mountPath: path,
          fsType: proto === "CEPHFS" ? "ceph" : "nfs4",
          readOnly: !!opts?.readOnly,
        },
        users: new Set([uuid]),
        layers: 1,
      });
    } else cur.users.add(uuid);
    return path;
  }
  unmountShare(exportLocation: string, uuid: string): void {
    const path = this.mountPathFor(exportLocation);
    const cur = this.table.get(path);
    if (!cur) return;
    if (!cur.users.delete(uuid) || cur.users.size > 0) return;
    if (cur.layers > 1) cur.layers--;
    else this.table.delete(path);
  }
  /** One entry per kernel mount (a stacked mount shows once per layer, as in /proc/mounts). */
  mounts(): MountEntry[] {
    return [...this.table.values()].flatMap((v) => Array.from({ length: v.layers }, () => v.entry));
  }
  isMounted(exportLocation: string): boolean {
    return this.table.has(this.mountPathFor(exportLocation));
  }
  defineDomain(d: DomainSpec): void {
    this.doms.set(d.instanceName, structuredClone(d));
  }
  undefineDomain(name: string): void {
    this.doms.delete(name);
  }
  domain(name: string) {
    return this.doms.get(name);
  }
  domains() {
    return [...this.doms.values()];
  }
  domainXml(name: string) {
    const d = this.doms.get(name);
    return d ? JSON.stringify(d) : undefined;
  }
  resolveVirtiofs(name: string, tag: string) {
    const fs = this.doms.get(name)?.filesystems.find((f) => f.tag === tag);
    if (!fs) return { error: `no virtiofs tag ${tag}` };
    const m = this.table.get(fs.sourceDir);
    if (!m) return { error: `${fs.sourceDir} is not mounted` };
    return { dir: m.entry.exportLocation, readOnly: m.entry.readOnly };
  }
}

export class FakeGuests implements GuestBackend {
  readonly running = new Map<string, GuestSpec>();
  readonly destroyed = new Set<string>();
  readonly sshPort = 2222;
  async start(spec: GuestSpec) {
    this.running.set(spec.serverId, spec);
  }
  async stop(id: string) {
    this.running.delete(id);
  }
  async destroy(id: string) {
    this.running.delete(id);
    this.destroyed.add(id);
  }
  consoleOutput(id: string) {
    return `line1\nline2\nlogin prompt for ${id}`;
  }
  async close() {}
}

export class FakeIdentity implements IdentityBackend {
  readonly tokens = new Map<string, TokenInfo>();
  add(token: string, projectId: string, roles: string[]): TokenInfo {
    const t: TokenInfo = {
      token,
      userId: `user-${token}`,
      userName: token,
      projectId,
      projectName: projectId,
      domainId: "default",
      roles,
      isAdmin: roles.includes("admin"),
      expiresAt: new Date(Date.now() + 3600_000),
    };
    this.tokens.set(token, t);
    return t;
  }
  validate(token: string) {
    return this.tokens.get(token);
  }
  projectExists() {
    return true;
  }
}
