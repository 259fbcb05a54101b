// The compute side of the simulated Nova: what nova-compute (and the scheduler) do after the API accepted a
// request — build, power off/on, reboot, delete, allow_share/deny_share. Each operation is an "RPC cast": the API
// returns first, the work runs in the background, and state changes are what pollers observe.

import type { ComputeHost } from "../contracts.js";
import { withEvent } from "./actions.js";
import { buildInstance, deleteInstance } from "./compute-lifecycle.js";
import type { NovaDeps } from "./deps.js";
import type { InstanceAction } from "./model.js";
import { type Instance, isoNow, type NovaDb, POWER, type ShareMapping } from "./model.js";
import { notifyShare } from "./notify.js";
import { ShareOps } from "./share-ops.js";
import { hostTraits } from "./traits.js";

export class Compute {
  readonly shares: ShareOps;
  private readonly pending = new Set<Promise<void>>();
  private readonly nodeUuids = new Map<string, string>();

  constructor(
    readonly deps: NovaDeps,
    readonly db: NovaDb,
  ) {
    this.shares = new ShareOps(deps, db);
  }

  log(line: string): void {
    this.deps.log?.(`nova: ${line}`);
  }

  /** Runs `work` in the background; an unexpected exception is logged, never crashes the process. */
  cast(what: string, work: () => Promise<void>): void {
    const p = (async () => {
      try {
        await work();
      } catch (e) {
        this.log(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    })();
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves when every background operation has finished (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  host(name: string | null): ComputeHost | undefined {
    return this.shares.host(name);
  }

  /** The nova-compute service version a host reports (old-compute-service, service-gate-ignored: compute2 at 73). */
  serviceVersion(h: ComputeHost): number {
    const old = this.deps.faults.active("old-compute-service") || this.deps.faults.active("service-gate-ignored");
    if (old && h.name === "compute2") return 73;
    return h.serviceVersion;
  }

  /** The compute node's uuid: the hypervisor id at 2.53+ and the placement resource provider's uuid. */
  nodeUuid(h: ComputeHost): string {
    let id = this.nodeUuids.get(h.name);
    if (!id) {
      id = crypto.randomUUID();
      this.nodeUuids.set(h.name, id);
    }
    return id;
  }

  /** The traits of a host's resource provider (traits.ts). */
  traits(h: ComputeHost): string[] {
    return hostTraits(this, h);
  }

  serviceUp(h: ComputeHost): boolean {
    const svc = this.db.services.find((s) => s.binary === "nova-compute" && s.host === h.name);
    return h.up && !svc?.forcedDown;
  }

  private schedulable(h: ComputeHost): boolean {
    const svc = this.db.services.find((s) => s.binary === "nova-compute" && s.host === h.name);
    return this.serviceUp(h) && !svc?.disabled;
  }

  private load(h: ComputeHost): number {
    let n = 0;
    for (const i of this.db.instances.values()) if (i.host === h.name) n++;
    for (const m of this.db.migrations) {
      if (m.destCompute === h.name && ["pre-migrating", "migrating"].includes(m.status)) n++;
    }
    return n;
  }

  /** Filter (up, enabled, not ignored, the requested host if any) then spread: the least loaded host wins. */
  schedule(opts: { ignore: string[]; requested?: string }): ComputeHost | undefined {
    const candidates = this.deps.hosts.filter(
      (h) => this.schedulable(h) && !opts.ignore.includes(h.name) && (!opts.requested || h.name === opts.requested),
    );
    candidates.sort((a, b) => this.load(a) - this.load(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return candidates[0];
  }

  /** _set_instance_obj_error_state + add_instance_fault_from_exc. */
  setError(inst: Instance, e: unknown, code = 500): void {
    const err = e instanceof Error ? e : new Error(String(e));
    inst.vmState = "error";
    inst.taskState = null;
    // error-without-fault: the method that failed lacks @wrap_instance_fault: ERROR, but no instance fault recorded.
    if (!this.deps.faults.active("error-without-fault")) this.recordFault(inst, err, code);
    this.deps.timing.mark?.("server-error", inst.uuid);
  }

  recordFault(inst: Instance, err: Error, code = 500): void {
    inst.fault = { code, message: err.message, details: err.stack ?? err.message, created: isoNow() };
    this.db.touch(inst);
  }

  /** Servers whose delete has begun and not ended (compute-lifecycle.ts deleteInstance drops each once the server
   * is gone from the database; from then on its absence there says the same). */
  readonly deleting = new Set<string>();

  async startGuest(inst: Instance): Promise<void> {
    const ip = inst.ports[0]?.ip;
    if (!ip) return;
    // A move still in flight when the server was deleted (Nova: instance.save raises InstanceNotFound): its guest
    // must not come back after the delete destroyed it, on an address Neutron may hand to the next server.
    if (this.deleting.has(inst.uuid) || !this.db.instances.has(inst.uuid)) {
      throw new Error(`Instance ${inst.uuid} could not be found.`);
    }
    await this.deps.guests.start({
      serverId: inst.uuid,
      ip,
      authorizedKeys: inst.authorizedKeys,
      // Where libvirt runs the domain; the database's host only when no host runs it (revert-keeps-dest-host: the
      // API names another host than the one the guest runs on).
      locate: () => {
        const cur = this.db.instances.get(inst.uuid);
        if (!cur) return undefined;
        const running = this.deps.hosts.find((x) => x.domain(cur.instanceName)?.state === "running");
        const h = running ?? this.host(cur.host);
        return h ? { host: h, instanceName: cur.instanceName } : undefined;
      },
    });
  }

  // --- build and delete (compute-lifecycle.ts) ---------------------------------------------------------------

  build(inst: Instance, action: InstanceAction, requestedHost?: string): Promise<void> {
    return buildInstance(this, inst, action, requestedHost);
  }

  /** _shutdown_instance + _delete_instance (compute-lifecycle.ts). */
  delete(inst: Instance): Promise<void> {
    return deleteInstance(this, inst);
  }

  // --- power ---------------------------------------------------------------------------------------------------

  private setShareStatus(m: ShareMapping, status: ShareMapping["status"]): void {
    m.status = status;
  }

  /** _mount_share failure path: the share mapping and the instance go to error. */
  private shareAndInstanceInError(inst: Instance, m: ShareMapping, e: unknown): never {
    this.setShareStatus(m, "error");
    this.setError(inst, e);
    throw e;
  }

  /** _mount_all_shares on the instance's host; a failure puts that share and the instance in error. */
  mountAll(inst: Instance, host: ComputeHost): void {
    for (const m of this.db.mappingsOf(inst.uuid)) {
      if (m.status === "error") continue;
      if (m.status === "attaching" || m.status === "detaching") {
        const err = new Error(`Share ${m.shareId} used by instance ${inst.uuid} is in an unexpected state.`);
        this.setError(inst, err);
        throw err;
      }
      try {
        this.shares.mount(m, inst, host);
      } catch (e) {
        this.shareAndInstanceInError(inst, m, e);
      }
    }
  }

  umountAll(inst: Instance, host: ComputeHost): void {
    for (const m of this.db.mappingsOf(inst.uuid)) {
      try {
        this.shares.umount(m, inst, host);
      } catch (e) {
        this.shareAndInstanceInError(inst, m, e);
      }
    }
  }

  /** _power_off_instance: driver.power_off, deactivate_all, umount all shares on the host. */
  async powerOff(inst: Instance, host: ComputeHost): Promise<void> {
    await this.deps.timing.delay("power-off");
    const dom = host.domain(inst.instanceName);
    if (dom) host.defineDomain({ ...dom, state: "shut off" });
    await this.deps.guests.stop(inst.uuid);
    inst.powerState = POWER.SHUTDOWN;
    for (const m of this.db.mappingsOf(inst.uuid)) if (m.status === "active") this.setShareStatus(m, "inactive");
    this.umountAll(inst, host);
  }

  /** _power_on: mount all shares, define the domain with a <filesystem> per share, boot, activate_all. */
  async powerOn(inst: Instance, host: ComputeHost): Promise<void> {
    this.mountAll(inst, host);
    await this.deps.timing.delay("power-on");
    host.defineDomain(this.shares.domain(inst, "running", this.shares.filesystems(inst, host)));
    await this.startGuest(inst);
    inst.powerState = POWER.RUNNING;
    for (const m of this.db.mappingsOf(inst.uuid)) if (m.status === "inactive") this.setShareStatus(m, "active");
  }

  async stop(inst: Instance, action: InstanceAction): Promise<void> {
    const host = this.host(inst.host);
    if (!host) return;
    try {
      await withEvent(action, "compute_stop_instance", host.name, () => this.powerOff(inst, host));
      inst.vmState = "stopped";
      inst.taskState = null;
      this.db.touch(inst);
    } catch (e) {
      if (inst.vmState !== "error") this.setError(inst, e);
    }
  }

  async start(inst: Instance, action: InstanceAction): Promise<void> {
    const host = this.host(inst.host);
    if (!host) return;
    try {
      await withEvent(action, "compute_start_instance", host.name, () => this.powerOn(inst, host));
      inst.vmState = "active";
      inst.taskState = null;
      this.db.touch(inst);
    } catch (e) {
      if (inst.vmState !== "error") this.setError(inst, e);
    }
  }

  /** HARD: remount every share, redefine the domain, reboot, activate (recovers ERROR). SOFT: guest reboot only. */
  async reboot(inst: Instance, action: InstanceAction, hard: boolean): Promise<void> {
    const host = this.host(inst.host);
    if (!host) return;
    try {
      await withEvent(action, "compute_reboot_instance", host.name, async () => {
        await this.deps.guests.stop(inst.uuid);
        if (hard) {
          for (const m of this.db.mappingsOf(inst.uuid)) if (m.status === "error") this.setShareStatus(m, "inactive");
          await this.powerOn(inst, host);
        } else {
          await this.deps.timing.delay("power-on");
          await this.startGuest(inst);
        }
      });
      inst.vmState = "active";
      inst.taskState = null;
      inst.powerState = POWER.RUNNING;
      this.db.touch(inst);
    } catch (e) {
      if (inst.vmState !== "error") this.setError(inst, e);
    }
  }

  // --- shares --------------------------------------------------------------------------------------------------

  /** allow_share: grant Manila access for the instance's host and wait for the rule; attaching → inactive. */
  async allowShare(inst: Instance, m: ShareMapping, action: InstanceAction): Promise<void> {
    const host = this.host(inst.host);
    try {
      await withEvent(action, "compute_allow_share", inst.host ?? "", async () => {
        if (!host) throw new Error(`Instance ${inst.uuid} has no host.`);
        await notifyShare(this, inst, m, "share_attach", "start", action);
        await this.shares.grant(m, host);
      });
      this.setShareStatus(m, "inactive");
      await notifyShare(this, inst, m, "share_attach", "end", action);
    } catch (e) {
      this.log(`allow_share ${m.shareId} for ${inst.uuid}: ${e instanceof Error ? e.message : String(e)}`);
      this.setShareStatus(m, "error");
    }
  }

  /** deny_share: revoke unless another mapping still needs the rule, then delete the mapping. */
  async denyShare(inst: Instance, m: ShareMapping, action: InstanceAction): Promise<void> {
    const host = this.host(inst.host);
    try {
      await withEvent(action, "compute_deny_share", inst.host ?? "", async () => {
        await notifyShare(this, inst, m, "share_detach", "start", action);
        await this.deps.timing.delay("nova.deny-share");
        if (host && !this.shares.stillUsedForDeny(m, inst, host.name)) {
          this.shares.revoke(m, host, { unrestrict: true });
        }
      });
      this.db.deleteMapping(m);
      await notifyShare(this, inst, m, "share_detach", "end", action);
    } catch (e) {
      this.log(`deny_share ${m.shareId} for ${inst.uuid}: ${e instanceof Error ? e.message : String(e)}`);
      this.setShareStatus(m, "error");
    }
  }
}
