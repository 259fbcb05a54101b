// One simulated compute host: nova-compute's view of libvirt domains and the host's NFS/CephFS client.
// Nothing is mounted for real: a mount is a table entry whose data is reached through ShareBackend.resolveExport
// with this host's storage IP at every access, so a revoked Manila rule is felt at once, as with a real NFS client.

import * as fs from "node:fs";
import { join } from "node:path";
import type { ComputeHost, DomainSpec, MountEntry, ShareBackend, ShareProto } from "../contracts.js";
import type { OverlayMount } from "../userland/vfs.js";
import { renderDomainXml } from "./domainXml.js";
import { MountTable } from "./mountTable.js";

export const MOUNT_POINT_BASE = "/opt/stack/data/nova/mnt";
export const INSTANCES_PATH = "/opt/stack/data/nova/instances";
export const CEPHX_USER = "nova";

/** mount(8) failed; `exitCode` is mount's (32 = mount failure). */
export class MountError extends Error {
  readonly exitCode = 32;
}

export interface HostOptions {
  index: number; // 1-based
  shares: ShareBackend;
  dataDir: string;
  serviceVersion?: number;
  now?: () => Date;
}

export class SimComputeHost implements ComputeHost {
  readonly name: string;
  readonly storageIp: string;
  readonly ctlplaneIp: string;
  readonly mountPointBase = MOUNT_POINT_BASE;
  /** Root of this host's small on-disk tree (/etc/hostname, the mount point directories). */
  readonly rootDir: string;
  up = true;
  serviceVersion: number;
  private readonly table = new MountTable(MOUNT_POINT_BASE);
  private readonly domainMap = new Map<string, DomainSpec>();
  private readonly domainIds = new Map<string, number>();
  private nextDomainId = 1;
  private readonly logLines: string[] = [];
  private readonly now: () => Date;

  constructor(private readonly opts: HostOptions) {
    this.name = `compute${opts.index}`;
    this.ctlplaneIp = `127.0.1.${opts.index}`;
    this.storageIp = `127.0.3.${opts.index}`;
    this.serviceVersion = opts.serviceVersion ?? 74;
    this.now = opts.now ?? (() => new Date());
    this.rootDir = join(opts.dataDir, "hosts", this.name, "rootfs");
    fs.rmSync(this.rootDir, { recursive: true, force: true });
    for (const d of ["etc", "proc", "dev", "tmp", "var/log/nova", MOUNT_POINT_BASE.slice(1), INSTANCES_PATH.slice(1)]) {
      fs.mkdirSync(join(this.rootDir, d), { recursive: true });
    }
    fs.writeFileSync(join(this.rootDir, "etc", "hostname"), `${this.name}\n`);
    fs.mkdirSync(join(this.rootDir, "etc", "nova"), { recursive: true });
    fs.writeFileSync(join(this.rootDir, "etc", "nova", "nova.conf"), novaConf(this));
  }

  /** nova-compute log lines (warnings of the mount manager, mount failures). */
  log(): string[] {
    return [...this.logLines];
  }

  private record(level: "INFO" | "WARNING" | "ERROR", logger: string, message: string): void {
    const ts = this.now().toISOString().replace("T", " ").replace("Z", "");
    this.logLines.push(`${ts} ${process.pid} ${level} ${logger} [-] ${message}`);
  }

  mountPathFor(exportLocation: string): string {
    return this.table.pathFor(exportLocation);
  }

  private resolve(exportLocation: string) {
    return this.opts.shares.resolveExport(exportLocation, { ip: this.storageIp, cephxUser: CEPHX_USER });
  }

  mountShare(
    exportLocation: string,
    proto: ShareProto,
    instanceUuid: string,
    opts: { readOnly?: boolean; stack?: boolean; at?: string } = {},
  ): string {
    const mountPath = opts.at ?? this.mountPathFor(exportLocation);
    const fsType = String(proto).toUpperCase() === "CEPHFS" ? "ceph" : "nfs4";
    if (!this.table.get(mountPath) || opts.stack) {
      const r = this.resolve(exportLocation);
      if ("error" in r) {
        const message = mountFailure(fsType, exportLocation, r.error);
        this.record(
          "ERROR",
          "nova.virt.libvirt.volume.mount",
          `Failed to mount ${exportLocation} at ${mountPath}: ${message}`,
        );
        throw new MountError(message);
      }
      fs.mkdirSync(join(this.rootDir, mountPath), { recursive: true });
    }
    const entry: MountEntry = { exportLocation, mountPath, fsType, readOnly: opts.readOnly === true };
    this.table.add(entry, instanceUuid, opts.stack === true);
    return mountPath;
  }

  unmountShare(exportLocation: string, instanceUuid: string): void {
    const mountPath = this.mountPathFor(exportLocation);
    const outcome = this.table.remove(mountPath, instanceUuid);
    if (outcome === "unknown") {
      this.record(
        "WARNING",
        "nova.virt.libvirt.volume.mount",
        `Request to remove attachment (${exportLocation} from ${mountPath}, ${instanceUuid}) but we don't think it's in use.`,
      );
      return;
    }
    if (outcome === "unmounted") fs.rmSync(join(this.rootDir, mountPath), { recursive: true, force: true });
  }

  mounts(): MountEntry[] {
    return this.table.entries();
  }

  /** Instance uuids holding the mount at `mountPath`. */
  mountUsers(mountPath: string): string[] {
    return this.table.users(mountPath);
  }

  /** The host's mounts as file-tree overlays (for the host shell). */
  overlayMounts(): OverlayMount[] {
    const seen = new Set<string>();
    const unique = this.table.entries().filter((m) => !seen.has(m.mountPath) && seen.add(m.mountPath));
    return unique.map((m) => ({
      target: m.mountPath,
      readOnly: m.readOnly,
      resolve: () => {
        const r = this.resolve(m.exportLocation);
        if ("error" in r) return { error: `${ioErrno(r.error)}: ${r.error}` };
        return { dir: r.dir, readOnly: r.readOnly };
      },
    }));
  }

  defineDomain(domain: DomainSpec): void {
    const copy: DomainSpec = { ...domain, filesystems: domain.filesystems.map((f) => ({ ...f })) };
    this.domainMap.set(domain.instanceName, copy);
    if (copy.state === "running" && !this.domainIds.has(copy.instanceName)) {
      this.domainIds.set(copy.instanceName, this.nextDomainId++);
    }
    if (copy.state !== "running") this.domainIds.delete(copy.instanceName);
  }

  undefineDomain(instanceName: string): void {
    this.domainMap.delete(instanceName);
    this.domainIds.delete(instanceName);
  }

  domain(instanceName: string): DomainSpec | undefined {
    const d = this.domainMap.get(instanceName);
    return d && { ...d, filesystems: d.filesystems.map((f) => ({ ...f })) };
  }

  /** By name or uuid, as virsh accepts either. */
  findDomain(nameOrUuid: string): DomainSpec | undefined {
    return this.domain(nameOrUuid) ?? this.domains().find((d) => d.uuid === nameOrUuid);
  }

  domainId(instanceName: string): number | undefined {
    return this.domainIds.get(instanceName);
  }

  domains(): DomainSpec[] {
    return [...this.domainMap.keys()].sort().map((n) => this.domain(n)!);
  }

  domainXml(instanceName: string): string | undefined {
    const d = this.domainMap.get(instanceName);
    return d && renderDomainXml(d, { diskDir: INSTANCES_PATH });
  }

  resolveVirtiofs(instanceName: string, tag: string): { dir: string; readOnly: boolean } | { error: string } {
    const d = this.domainMap.get(instanceName);
    if (!d) return { error: `Input/output error: domain '${instanceName}' is not defined on ${this.name}` };
    if (d.state !== "running")
      return { error: `Input/output error: domain '${instanceName}' is not running on ${this.name}` };
    const device = d.filesystems.find((f) => f.tag === tag && (f.driver ?? "virtiofs") === "virtiofs");
    if (!device)
      return { error: `Input/output error: domain '${instanceName}' on ${this.name} has no virtiofs tag '${tag}'` };
    const entry = this.table.get(device.sourceDir);
    if (!entry) {
      return {
        error: `Input/output error: nothing is mounted at ${device.sourceDir} on ${this.name} (virtiofsd source)`,
      };
    }
    const r = this.resolve(entry.exportLocation);
    if ("error" in r) return { error: `${ioErrno(r.error)}: ${entry.exportLocation} on ${this.name}: ${r.error}` };
    return { dir: r.dir, readOnly: r.readOnly || entry.readOnly || device.readOnly === true };
  }
}

/** The options of nova.conf a whitebox check may read on a compute host. */
function novaConf(host: SimComputeHost): string {
  return [
    "[DEFAULT]",
    `host = ${host.name}`,
    `my_ip = ${host.ctlplaneIp}`,
    `my_shared_fs_storage_ip = ${host.storageIp}`,
    "state_path = /opt/stack/data/nova",
    `instances_path = ${INSTANCES_PATH}`,
    "",
    "[libvirt]",
    "virt_type = kvm",
    `nfs_mount_point_base = ${MOUNT_POINT_BASE}`,
    `ceph_mount_point_base = ${MOUNT_POINT_BASE}`,
    "file_backed_memory = 8192",
    "",
  ].join("\n");
}

type Refusal = "missing" | "io" | "denied";

/** Classifies a ShareBackend.resolveExport error: export gone, share unusable (e.g. in error), or access refused. */
function refusal(reason: string): Refusal {
  if (/no such|not found|unknown export|does not exist/i.test(reason)) return "missing";
  if (/input\/output|not available|is error|status/i.test(reason)) return "io";
  return "denied";
}

/** What I/O on a mounted export shows when the server refuses it: EACCES for a refused client, else EIO. */
function ioErrno(reason: string): string {
  return refusal(reason) === "denied" ? "Permission denied" : "Input/output error";
}

/** The message mount.nfs / mount.ceph prints for a refused export. */
function mountFailure(fsType: "nfs4" | "ceph", exportLocation: string, reason: string): string {
  const why = refusal(reason);
  if (fsType === "ceph") {
    return why === "missing"
      ? "mount error 2 = No such file or directory"
      : why === "io"
        ? "mount error 5 = Input/output error"
        : "mount error 13 = Permission denied";
  }
  if (why === "missing")
    return `mount.nfs: mounting ${exportLocation} failed, reason given by server: No such file or directory`;
  if (why === "io") return `mount.nfs: mounting ${exportLocation} failed, reason given by server: Input/output error`;
  return `mount.nfs: access denied by server while mounting ${exportLocation}`;
}
