// The seams between the simulator's rooms. Nova (sim/nova), Manila/Keystone/Glance/Neutron (sim/services),
// compute hosts (sim/hosts) and guests (sim/guests) are written independently and meet only here, so that
// each room can be tested on its own and the cloud is assembled in sim/cloud.ts.
// Nothing in this file may be imported by lib/ or tests/: the suite reaches the simulator over HTTP and SSH only.

/** A fault profile name; the registry in sim/faults.ts lists and documents every one. */
export type FaultName = string;

/** Which faults are active. Per run (`--faults`) and per test (POST /sim/v1/faults, admin only). */
export interface FaultSwitch {
  active(name: FaultName): boolean;
  /** For counting faults ("refuse the first N attempts"): returns true while the fault should still fire for key. */
  fireOnce(name: FaultName, key: string, times: number): boolean;
}

/** Latency of each simulated step, in milliseconds. Scaled by `slow-steps`, jittered by `jitter`. */
export interface Timing {
  /** Resolves after the configured latency of `step` (e.g. "boot", "migrate.finish", "manila.rule-apply"). */
  delay(step: string): Promise<void>;
  /** Records an instant for the control API's latency report (e.g. "server-error" when a server flips to ERROR). */
  mark?(event: string, detail?: string): void;
}

/** Keystone as seen by the other services. */
export interface TokenInfo {
  token: string;
  userId: string;
  userName: string;
  projectId: string;
  projectName: string;
  domainId: string;
  roles: string[]; // lower-case role names: admin, member, reader, manager
  isAdmin: boolean;
  expiresAt: Date;
}
export interface IdentityBackend {
  /** Undefined when the token is unknown or expired (the caller answers 401). */
  validate(token: string): TokenInfo | undefined;
  projectExists(projectId: string): boolean;
}

/** Manila as seen by Nova's compute side (nova/share/manila.py uses an admin client at microversion 2.82). */
export type ShareProto = "NFS" | "CEPHFS";
export interface ShareView {
  id: string;
  projectId: string;
  status: string; // creating | available | error | deleting | ...
  proto: ShareProto | string;
  exportLocation: string | null;
}
export interface AccessRuleView {
  id: string;
  shareId: string;
  accessType: "ip" | "cephx" | string;
  accessTo: string;
  accessLevel: "rw" | "ro";
  state: "queued_to_apply" | "applying" | "active" | "error" | "queued_to_deny" | "denying";
  accessKey: string | null; // cephx secret once active
  lockVisibility: boolean;
  lockDeletion: boolean;
}
export interface ShareBackend {
  getShare(shareId: string): ShareView | undefined;
  listAccess(shareId: string): AccessRuleView[];
  /** create_access_rule with Nova's flags; the rule goes queued_to_apply -> active after the manila.rule-apply delay. */
  allowAccess(
    shareId: string,
    rule: {
      accessType: string;
      accessTo: string;
      accessLevel: "rw" | "ro";
      lockVisibility: boolean;
      lockDeletion: boolean;
      lockReason: string;
    },
  ): AccessRuleView;
  /** delete_access_rule(..., unrestrict) — with unrestrict the rule's deletion lock and resource locks go too. */
  denyAccess(shareId: string, ruleId: string, opts: { unrestrict: boolean }): void;
  /**
   * What an NFS/CephFS client on a host with `clientIp` (NFS) or cephx user `cephxUser` (CEPHFS) reaches at `exportLocation`:
   * the share's directory on disk, or an error string (no such export, access denied, share not available).
   */
  resolveExport(
    exportLocation: string,
    client: { ip: string; cephxUser?: string },
  ): { dir: string; shareId: string; readOnly: boolean } | { error: string };
}

/** A libvirt-like domain on a compute host. */
export interface FilesystemDevice {
  /** <source dir=...>: the host mount path, `<mount_point_base>/<md5(export)>`. */
  sourceDir: string;
  /** <target dir=...>: the tag the guest mounts. */
  tag: string;
  readOnly?: boolean;
  /** <driver type=...>: virtiofs, unless a fault builds the device without it (libvirt then defaults to 'path', 9p). */
  driver?: "virtiofs" | "path";
}
export interface DomainSpec {
  instanceName: string; // instance-0000000a
  uuid: string;
  state: "running" | "shut off";
  memoryMb: number;
  vcpus: number;
  filesystems: FilesystemDevice[];
}
export interface MountEntry {
  exportLocation: string;
  mountPath: string;
  fsType: "nfs4" | "ceph";
  readOnly: boolean;
}
/** A compute host: nova-compute + libvirt + the host's NFS/CephFS client. */
export interface ComputeHost {
  readonly name: string; // compute1 — the nova-compute service host and hypervisor_hostname
  readonly storageIp: string; // [DEFAULT]my_shared_fs_storage_ip, the NFS access_to
  readonly ctlplaneIp: string; // where its SSH answers (whitebox)
  readonly mountPointBase: string; // [libvirt]nfs_mount_point_base
  up: boolean;
  serviceVersion: number;
  /** Mounts the export at `<mountPointBase>/<md5(export)>` (idempotent, refcounted per instance); throws with a
   * mount(8)-like message when the export is unreachable or access is denied. Returns the mount path.
   * `stack`: mount(8) once more although the path is mounted (bypassing Nova's mount manager): a second kernel
   * mount stacks on the first, shows twice in /proc/mounts and outlives the last user's umount.
   * `at`: mount there instead (another share's mount path: the dest-mounts-previous-export bug). */
  mountShare(
    exportLocation: string,
    proto: ShareProto,
    instanceUuid: string,
    opts?: { readOnly?: boolean; stack?: boolean; at?: string },
  ): string;
  /** Drops this instance's reference; really unmounts when unused. Unknown attachment: a warning, no error. */
  unmountShare(exportLocation: string, instanceUuid: string): void;
  mountPathFor(exportLocation: string): string;
  mounts(): MountEntry[];
  defineDomain(domain: DomainSpec): void;
  undefineDomain(instanceName: string): void;
  domain(instanceName: string): DomainSpec | undefined;
  domains(): DomainSpec[];
  /** `virsh dumpxml`. */
  domainXml(instanceName: string): string | undefined;
  /** What a guest of `instanceName` reaches through virtiofs tag `tag`, or why it cannot. */
  resolveVirtiofs(instanceName: string, tag: string): { dir: string; readOnly: boolean } | { error: string };
}

/** What Nova tells the guest layer when a server powers on; the guest asks `locate` on every virtiofs operation
 * so that a migration is seen from inside the guest exactly as on a real cloud. */
export interface GuestSpec {
  serverId: string;
  ip: string;
  authorizedKeys: string[]; // OpenSSH public key lines from the server's keypair
  /** The host the server currently runs on and its domain name, read from Nova at the time of the call. */
  locate(): { host: ComputeHost; instanceName: string } | undefined;
}
export interface GuestBackend {
  /** Power on: the guest boots (its disk survives), SSH answers on ip:sshPort. */
  start(spec: GuestSpec): Promise<void>;
  /** Power off: SSH refused, in-guest mounts are gone (a cold migration is a reboot for the guest). */
  stop(serverId: string): Promise<void>;
  /** Server deleted: disk removed. */
  destroy(serverId: string): Promise<void>;
  consoleOutput(serverId: string): string;
  readonly sshPort: number;
  close(): Promise<void>;
}
