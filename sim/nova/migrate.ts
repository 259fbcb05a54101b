// Cold migration and resize, same cell, as conductor MigrationTask + compute prep_resize / resize_instance /
// finish_resize / confirm_resize / revert_resize / finish_revert_resize do it (nova-facts §4), with the share
// handling of the 2026.2 virtiofs-cold-migration spec: grant + mount on the destination in _finish_resize,
// lazy source cleanup on confirm, destination cleanup on revert. Every step waits `migrate.<step>` so that
// pollers see the intermediate task_states and migration statuses. Fault profiles hook in at the step where
// the corresponding Nova bug would live.

import type { ComputeHost, FilesystemDevice } from "../contracts.js";
import { withEvent } from "./actions.js";
import type { Compute } from "./compute.js";
import type { InstanceAction } from "./model.js";
import { type Flavor, type Instance, type Migration, naiveNow, POWER, type ShareMapping } from "./model.js";
import { notifyMove } from "./notify.js";

const CONDUCTOR_HOST = "controller";

export class ColdMigrations {
  constructor(private readonly c: Compute) {}

  private get db() {
    return this.c.db;
  }
  private fault(name: string): boolean {
    return this.c.deps.faults.active(name);
  }
  private delay(step: string): Promise<void> {
    return this.c.deps.timing.delay(`migrate.${step}`);
  }
  private setMigration(mig: Migration, status: Migration["status"]): void {
    mig.status = status;
    mig.updatedAt = naiveNow();
  }

  /** conductor migrate_server → MigrationTask: create the migration, schedule, cast prep_resize. */
  async run(
    inst: Instance,
    newFlavor: Flavor,
    opts: { requestedHost?: string; allowSameHost: boolean; action: InstanceAction },
  ): Promise<void> {
    const { action } = opts;
    const source = inst.host ?? "";
    const now = naiveNow();
    const mig: Migration = {
      id: this.db.allocMigrationId(),
      uuid: crypto.randomUUID(),
      instanceUuid: inst.uuid,
      migrationType: newFlavor.id === inst.flavor.id ? "migration" : "resize",
      status: "pre-migrating",
      sourceCompute: source,
      sourceNode: inst.node ?? source,
      destCompute: null,
      destNode: null,
      destHost: null,
      oldInstanceTypeId: inst.flavor.id,
      newInstanceTypeId: newFlavor.id,
      userId: action.userId,
      projectId: inst.projectId,
      createdAt: now,
      updatedAt: now,
    };
    let dest: ComputeHost | undefined;
    try {
      dest = await withEvent(action, "conductor_migrate_server", CONDUCTOR_HOST, () =>
        withEvent(action, "cold_migrate", CONDUCTOR_HOST, async () => {
          this.db.migrations.push(mig);
          await this.delay("schedule");
          const ignore = opts.allowSameHost || this.fault("migration-same-host") ? [] : [source];
          let chosen = this.c.schedule({ ignore, requested: opts.requestedHost });
          if (this.fault("migration-same-host")) chosen = this.c.host(source) ?? chosen;
          if (!chosen) {
            const what = mig.migrationType === "migration" ? "cold migrate" : "resize";
            throw new Error(`No valid host was found. No valid host found for ${what}`);
          }
          return chosen;
        }),
      );
    } catch (e) {
      // NoValidHost: the migration errors out, the instance keeps its vm_state, task_state is cleared.
      this.setMigration(mig, "error");
      inst.taskState = null;
      this.c.recordFault(inst, e instanceof Error ? e : new Error(String(e)));
      return;
    }
    mig.destCompute = dest.name;
    mig.destNode = dest.name;
    mig.destHost = dest.ctlplaneIp;
    mig.updatedAt = naiveNow();
    await this.resize(inst, mig, dest, newFlavor, action);
  }

  private async resize(
    inst: Instance,
    mig: Migration,
    dest: ComputeHost,
    newFlavor: Flavor,
    action: InstanceAction,
  ): Promise<void> {
    const source = this.c.host(mig.sourceCompute);
    try {
      // dest prep_resize: move claim, stash old_vm_state.
      await withEvent(action, "compute_prep_resize", dest.name, async () => {
        await notifyMove(this.c, inst, "resize_prep", "start", dest.name, action, newFlavor);
        inst.systemMetadata.old_vm_state = inst.vmState;
        await this.delay("prep_resize");
        await notifyMove(this.c, inst, "resize_prep", "end", dest.name, action, newFlavor);
      });
      // source resize_instance: power off, copy disks (shares stay mounted: lazy cleanup), host flips to dest.
      await withEvent(action, "compute_resize_instance", mig.sourceCompute, async () => {
        this.setMigration(mig, "migrating");
        inst.taskState = "resize_migrating";
        this.db.touch(inst);
        await notifyMove(this.c, inst, "resize", "start", mig.sourceCompute, action);
        await this.delay("resize_instance");
        if (source) {
          const dom = source.domain(inst.instanceName);
          if (dom) source.defineDomain({ ...dom, state: "shut off" });
        }
        await this.c.deps.guests.stop(inst.uuid);
        inst.powerState = POWER.SHUTDOWN;
        this.setMigration(mig, "post-migrating");
        inst.oldFlavor = inst.flavor;
        inst.newFlavor = newFlavor;
        inst.host = dest.name;
        inst.node = dest.name;
        inst.taskState = "resize_migrated";
        this.db.touch(inst);
        await notifyMove(this.c, inst, "resize", "end", mig.sourceCompute, action);
        await this.delay("resize_migrated");
      });
      await withEvent(action, "compute_finish_resize", dest.name, () => this.finishResize(inst, mig, dest, action));
    } catch (e) {
      this.setMigration(mig, "error");
      if (inst.vmState !== "error") this.c.setError(inst, e);
    }
  }

  /** _finish_resize on the destination. */
  private async finishResize(inst: Instance, mig: Migration, dest: ComputeHost, action: InstanceAction): Promise<void> {
    inst.taskState = "resize_finish";
    this.db.touch(inst);
    await notifyMove(this.c, inst, "resize_finish", "start", dest.name, action);
    await this.delay("finish_resize");
    if (inst.newFlavor) inst.flavor = inst.newFlavor;
    const powerOn = inst.systemMetadata.old_vm_state !== "stopped";
    const sameHost = mig.sourceCompute === dest.name;
    const mappings = this.db.mappingsOf(inst.uuid);
    if (this.fault("share-error") && mappings[0]) this.c.deps.setShareStatus?.(mappings[0].shareId, "error");

    const filesystems: FilesystemDevice[] = [];
    if (!sameHost) await this.prepareSharesOnDest(inst, dest, mappings, powerOn, filesystems);
    else for (const m of mappings) filesystems.push({ sourceDir: dest.mountPathFor(m.exportLocation), tag: m.tag });

    if (this.fault("mapping-tag-changed")) {
      for (const m of mappings) m.tag = m.shareId;
      for (const fs of filesystems) {
        const m = mappings.find((x) => dest.mountPathFor(x.exportLocation) === fs.sourceDir);
        if (m) fs.tag = m.shareId;
      }
    }
    const xmlFilesystems = this.fault("dest-xml-no-filesystem") ? [] : filesystems;
    dest.defineDomain(this.c.shares.domain(inst, powerOn ? "running" : "shut off", xmlFilesystems));
    if (powerOn) {
      await this.c.startGuest(inst);
      inst.powerState = POWER.RUNNING;
    } else {
      inst.powerState = POWER.SHUTDOWN;
    }
    if (this.fault("mapping-status-changed"))
      for (const m of mappings) if (m.status === "active") m.status = "inactive";
    if (this.fault("mapping-deleted")) for (const m of mappings) this.db.deleteMapping(m);
    this.setMigration(mig, "finished");
    inst.vmState = "resized";
    inst.taskState = null;
    this.db.touch(inst);
    await notifyMove(this.c, inst, "resize_finish", "end", dest.name, action);
  }

  /** Grant + mount each share on the destination; a stopped server is only granted (it mounts at power on).
   * On failure, the shares already processed are unmounted and revoked before re-raising (the spec). */
  private async prepareSharesOnDest(
    inst: Instance,
    dest: ComputeHost,
    mappings: ShareMapping[],
    powerOn: boolean,
    filesystems: FilesystemDevice[],
  ): Promise<void> {
    const done: { m: ShareMapping; granted: boolean; mounted: boolean }[] = [];
    try {
      for (const m of mappings) {
        const step = { m, granted: false, mounted: false };
        done.push(step);
        if (!this.fault("dest-not-granted")) {
          const hadAccess = this.c.shares.hasAccess(m, dest);
          await this.c.shares.grant(m, dest);
          step.granted = !hadAccess;
        }
        if (this.fault("error-mid-migration") && done.length === mappings.length) {
          throw new Error(`Simulated failure in _finish_resize while processing share ${m.shareId}.`);
        }
        let sourceDir = dest.mountPathFor(m.exportLocation);
        if (powerOn && !this.fault("dest-not-mounted")) {
          const readOnly = this.fault("share-readonly-on-dest");
          try {
            const mounted =
              this.fault("wrong-export-on-dest") && mappings.length === 1
                ? this.mountWrongExport(inst, m, dest)
                : this.c.shares.mount(m, inst, dest, readOnly ? { readOnly } : undefined);
            if (mounted) sourceDir = mounted;
          } catch (e) {
            m.status = "error";
            throw e;
          }
          step.mounted = true;
        }
        filesystems.push({
          sourceDir,
          tag: m.tag,
          ...(this.fault("share-readonly-on-dest") ? { readOnly: true } : {}),
        });
      }
      if (this.fault("wrong-export-on-dest") && filesystems.length > 1) {
        // Every share mounted, but each tag's <filesystem> points at the next share's mount: the guest sees other data.
        const dirs = filesystems.map((f) => f.sourceDir);
        filesystems.forEach((f, i) => {
          f.sourceDir = dirs[(i + 1) % dirs.length]!;
        });
      }
      if (this.fault("error-mid-migration") && mappings.length === 0) {
        throw new Error("Simulated failure in _finish_resize.");
      }
    } catch (e) {
      for (const s of done.reverse()) {
        try {
          if (s.mounted) this.c.shares.umount(s.m, inst, dest);
          if (s.granted && !this.c.shares.ruleStillNeeded(s.m, inst, dest.name)) {
            this.c.shares.revoke(s.m, dest, { unrestrict: true });
          }
        } catch (cleanup) {
          this.c.log(`finish_resize cleanup of share ${s.m.shareId}: ${String(cleanup)}`);
        }
      }
      throw e;
    }
  }

  /** wrong-export-on-dest: mount another share's export the destination can reach and point the domain at it, so
   * the guest sees other data under the right tag. Without such a share, the right export is mounted but the
   * domain points at an unmounted path (the guest sees an I/O error instead). */
  private mountWrongExport(inst: Instance, m: ShareMapping, dest: ComputeHost): string {
    const candidates = this.db.shareMappings.filter((o) => o.exportLocation !== m.exportLocation);
    for (const other of candidates) {
      const reach = this.c.deps.shares.resolveExport(other.exportLocation, { ip: dest.storageIp, cephxUser: "nova" });
      if ("error" in reach) continue;
      try {
        return dest.mountShare(other.exportLocation, other.shareProto === "CEPHFS" ? "CEPHFS" : "NFS", inst.uuid);
      } catch (e) {
        this.c.log(`wrong-export-on-dest: could not mount ${other.exportLocation}: ${String(e)}`);
      }
    }
    this.c.shares.mount(m, inst, dest);
    return `${dest.mountPointBase}/wrong-export-${m.shareId}`;
  }

  // --- confirm -------------------------------------------------------------------------------------------------

  /** compute confirm_resize on the source: unmount, revoke the source rule (unrestrict), undefine the domain. */
  async confirm(inst: Instance, mig: Migration, action: InstanceAction): Promise<void> {
    const source = this.c.host(mig.sourceCompute);
    if (this.fault("stuck-verify-resize")) {
      this.c.log(`confirm_resize of ${inst.uuid} accepted and dropped (stuck-verify-resize)`);
      return;
    }
    try {
      await withEvent(action, "compute_confirm_resize", mig.sourceCompute, async () => {
        await notifyMove(this.c, inst, "resize_confirm", "start", mig.sourceCompute, action);
        await this.delay("confirm_resize");
        const sameHost = mig.sourceCompute === mig.destCompute;
        if (source && !sameHost) {
          for (const m of this.db.mappingsOf(inst.uuid)) this.cleanSourceShare(inst, m, source);
          if (this.fault("old-host-still-exposes")) {
            const dom = source.domain(inst.instanceName);
            if (dom) source.defineDomain({ ...dom, state: "shut off" });
          } else if (source.domain(inst.instanceName)) {
            source.undefineDomain(inst.instanceName);
          }
        }
      });
      this.setMigration(mig, this.fault("migration-record-left-finished") ? "finished" : "confirmed");
      inst.oldFlavor = null;
      inst.newFlavor = null;
      inst.vmState = inst.powerState === POWER.SHUTDOWN ? "stopped" : "active";
      inst.taskState = null;
      this.db.touch(inst);
      await notifyMove(this.c, inst, "resize_confirm", "end", mig.sourceCompute, action);
    } catch (e) {
      this.setMigration(mig, "error");
      this.c.setError(inst, e);
    }
  }

  private cleanSourceShare(inst: Instance, m: ShareMapping, source: ComputeHost): void {
    if (this.fault("source-not-cleaned-on-confirm")) return;
    if (!this.fault("source-mount-left-on-confirm")) this.c.shares.umount(m, inst, source);
    if (this.fault("stale-source-rule-on-confirm")) return;
    if (!this.fault("revoke-ignores-other-users") && this.c.shares.ruleStillNeeded(m, inst, source.name)) return;
    this.c.shares.revoke(m, source, { unrestrict: !this.fault("locks-left-after-confirm") });
  }

  // --- revert --------------------------------------------------------------------------------------------------

  /** compute revert_resize on the destination, then finish_revert_resize on the source. */
  async revert(inst: Instance, mig: Migration, action: InstanceAction): Promise<void> {
    const source = this.c.host(mig.sourceCompute);
    const dest = this.c.host(mig.destCompute);
    const sameHost = mig.sourceCompute === mig.destCompute;
    try {
      await withEvent(action, "compute_revert_resize", mig.destCompute ?? "", async () => {
        await this.delay("revert_resize");
        await this.c.deps.guests.stop(inst.uuid);
        if (dest && !sameHost) {
          if (!this.fault("dest-not-cleaned-on-revert")) {
            for (const m of this.db.mappingsOf(inst.uuid)) {
              if (!this.fault("dest-mount-left-on-revert")) this.c.shares.umount(m, inst, dest);
              if (this.fault("revoke-ignores-other-users") || !this.c.shares.ruleStillNeeded(m, inst, dest.name))
                this.c.shares.revoke(m, dest, { unrestrict: true });
            }
          }
          if (dest.domain(inst.instanceName)) dest.undefineDomain(inst.instanceName);
        }
        this.setMigration(mig, "reverted");
        inst.host = mig.sourceCompute;
        inst.node = mig.sourceNode;
      });
      await withEvent(action, "compute_finish_revert_resize", mig.sourceCompute, async () => {
        await notifyMove(this.c, inst, "resize_revert", "start", mig.sourceCompute, action);
        await this.delay("finish_revert_resize");
        if (inst.oldFlavor) inst.flavor = inst.oldFlavor;
        inst.oldFlavor = null;
        inst.newFlavor = null;
        if (!source) throw new Error(`Compute host ${mig.sourceCompute} could not be found.`);
        const powerOn = inst.systemMetadata.old_vm_state !== "stopped";
        const fss = this.fault("source-xml-not-restored-on-revert") ? [] : this.c.shares.filesystems(inst, source);
        source.defineDomain(this.c.shares.domain(inst, powerOn ? "running" : "shut off", fss));
        if (powerOn) {
          await this.c.startGuest(inst);
          inst.powerState = POWER.RUNNING;
          inst.vmState = "active";
          inst.taskState = null;
        } else {
          // old_vm_state stopped: task_state powering-off, then stop_instance (shares inactive + unmounted).
          inst.taskState = "powering-off";
          this.db.touch(inst);
          await this.c.powerOff(inst, source);
          inst.vmState = "stopped";
          inst.taskState = null;
        }
        this.db.touch(inst);
        await notifyMove(this.c, inst, "resize_revert", "end", mig.sourceCompute, action);
      });
    } catch (e) {
      if (mig.status !== "reverted") this.setMigration(mig, "error");
      if (inst.vmState !== "error") this.c.setError(inst, e);
    }
  }
}
