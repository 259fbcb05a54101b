// Cold migration and resize, same cell, as conductor MigrationTask + compute prep_resize / resize_instance /
// finish_resize / confirm_resize / revert_resize / finish_revert_resize do it (nova-facts §4), with the share
// handling of the 2026.2 virtiofs-cold-migration spec: grant + mount on the destination in _finish_resize,
// lazy source cleanup on confirm, destination cleanup on revert. Every step waits `migrate.<step>` so that
// pollers see the intermediate task_states and migration statuses. Fault profiles hook in at the step where
// the corresponding Nova bug would live.

import type { ComputeHost, FilesystemDevice } from "../contracts.js";
import { withEvent } from "./actions.js";
import type { Compute } from "./compute.js";
import { prepareSharesOnDest } from "./migrate-dest.js";
import { confirmResize, revertResize } from "./migrate-finish.js";
import { delay, fault, revokeSourceOnPowerOff, setMigration } from "./migrate-steps.js";
import type { InstanceAction } from "./model.js";
import { type Flavor, type Instance, type Migration, naiveNow, POWER } from "./model.js";
import { notifyMove } from "./notify.js";
import { NO_VIRTIOFS_ERROR, VIRTIO_FS } from "./traits.js";

const CONDUCTOR_HOST = "controller";

export class ColdMigrations {
  constructor(private readonly c: Compute) {}

  private get db() {
    return this.c.db;
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
    // migration-record-duplicated: a record made before this one (older id, same time) that nothing moves on.
    const duplicateId = fault(this.c, "migration-record-duplicated") ? this.db.allocMigrationId() : undefined;
    const mig: Migration = {
      id: this.db.allocMigrationId(),
      uuid: crypto.randomUUID(),
      instanceUuid: inst.uuid,
      // resize-recorded-as-migration: the type is taken from the API action's name, and a resize says "migration".
      migrationType:
        newFlavor.id === inst.flavor.id || fault(this.c, "resize-recorded-as-migration") ? "migration" : "resize",
      status: "pre-migrating",
      sourceCompute: source,
      sourceNode: inst.node ?? source,
      destCompute: null,
      destNode: null,
      destHost: null,
      oldInstanceTypeId: inst.flavor.id,
      newInstanceTypeId: newFlavor.id,
      // Migration.create() takes user and project from the request context: whoever asked for the move (os-migrations
      // 2.80: "the user/project which initiated the server migration"); migration-owner-from-server records the
      // server's owner instead.
      userId: fault(this.c, "migration-owner-from-server") ? inst.userId : action.userId,
      projectId: fault(this.c, "migration-owner-from-server") ? inst.projectId : action.projectId,
      createdAt: now,
      updatedAt: now,
    };
    let dest: ComputeHost | undefined;
    try {
      dest = await withEvent(action, "conductor_migrate_server", CONDUCTOR_HOST, () =>
        withEvent(action, "cold_migrate", CONDUCTOR_HOST, async () => {
          if (duplicateId !== undefined)
            this.db.migrations.push({ ...mig, id: duplicateId, uuid: crypto.randomUUID() });
          this.db.migrations.push(mig);
          await delay(this.c, "schedule");
          const ignore = opts.allowSameHost || fault(this.c, "migration-same-host") ? [] : [source];
          let chosen = this.c.schedule({ ignore, requested: opts.requestedHost });
          if (fault(this.c, "migration-same-host")) chosen = this.c.host(source) ?? chosen;
          if (!chosen) {
            const what = mig.migrationType === "migration" ? "cold migrate" : "resize";
            throw new Error(`No valid host was found. No valid host found for ${what}`);
          }
          return chosen;
        }),
      );
    } catch (e) {
      // NoValidHost: the migration errors out, the instance keeps its vm_state, task_state is cleared.
      setMigration(mig, "error");
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
        await delay(this.c, "prep_resize");
        await notifyMove(this.c, inst, "resize_prep", "end", dest.name, action, newFlavor);
      });
      // source resize_instance: power off, copy disks (shares stay mounted: lazy cleanup), host flips to dest.
      await withEvent(action, "compute_resize_instance", mig.sourceCompute, async () => {
        setMigration(mig, "migrating");
        inst.taskState = "resize_migrating";
        this.db.touch(inst);
        await notifyMove(this.c, inst, "resize", "start", mig.sourceCompute, action);
        await delay(this.c, "resize_instance");
        if (source) {
          const dom = source.domain(inst.instanceName);
          if (dom) source.defineDomain({ ...dom, state: "shut off" });
        }
        await this.c.deps.guests.stop(inst.uuid);
        inst.powerState = POWER.SHUTDOWN;
        if (source && source.name !== dest.name && fault(this.c, "source-revoked-on-resize")) {
          revokeSourceOnPowerOff(this.c, inst, source);
        }
        setMigration(mig, "post-migrating");
        inst.oldFlavor = inst.flavor;
        inst.newFlavor = newFlavor;
        inst.host = dest.name;
        inst.node = dest.name;
        inst.taskState = "resize_migrated";
        this.db.touch(inst);
        await notifyMove(this.c, inst, "resize", "end", mig.sourceCompute, action);
        await delay(this.c, "resize_migrated");
      });
      await withEvent(action, "compute_finish_resize", dest.name, () => this.finishResize(inst, mig, dest, action));
    } catch (e) {
      setMigration(mig, "error");
      if (inst.vmState !== "error") this.c.setError(inst, e);
    }
  }

  /** _finish_resize on the destination. */
  private async finishResize(inst: Instance, mig: Migration, dest: ComputeHost, action: InstanceAction): Promise<void> {
    inst.taskState = "resize_finish";
    this.db.touch(inst);
    await notifyMove(this.c, inst, "resize_finish", "start", dest.name, action);
    await delay(this.c, "finish_resize");
    if (inst.newFlavor) inst.flavor = inst.newFlavor;
    // stopped-server-powered-on: old_vm_state is read after it was overwritten, so a stopped server is started.
    const powerOn = inst.systemMetadata.old_vm_state !== "stopped" || fault(this.c, "stopped-server-powered-on");
    const sameHost = mig.sourceCompute === dest.name;
    const mappings = this.db.mappingsOf(inst.uuid);
    if (fault(this.c, "share-error") && mappings[0]) this.c.deps.setShareStatus?.(mappings[0].shareId, "error");

    const filesystems: FilesystemDevice[] = [];
    if (!sameHost) await prepareSharesOnDest(this.c, inst, dest, mappings, powerOn, filesystems);
    else if (fault(this.c, "same-host-double-mount")) {
      // The spec's same-host check is missing: grant (Manila keeps its one rule) and mount once more.
      await prepareSharesOnDest(this.c, inst, dest, mappings, powerOn, filesystems, { stack: true });
    } else for (const m of mappings) filesystems.push({ sourceDir: dest.mountPathFor(m.exportLocation), tag: m.tag });

    // driver.finish_migration defines the domain: without virtiofs on the host, libvirt refuses the <filesystem>s.
    if (mappings.length > 0 && !this.c.traits(dest).includes(VIRTIO_FS)) throw new Error(NO_VIRTIOFS_ERROR);
    if (fault(this.c, "mapping-tag-changed")) {
      for (const m of mappings) m.tag = m.shareId;
      for (const fs of filesystems) {
        const m = mappings.find((x) => dest.mountPathFor(x.exportLocation) === fs.sourceDir);
        if (m) fs.tag = m.shareId;
      }
    }
    // dest-filesystem-not-virtiofs: the devices are built without <driver type='virtiofs'/> (libvirt: 9p 'path').
    const xmlFilesystems = fault(this.c, "dest-xml-no-filesystem")
      ? []
      : fault(this.c, "dest-filesystem-not-virtiofs")
        ? filesystems.map((f) => ({ ...f, driver: "path" as const }))
        : filesystems;
    dest.defineDomain(this.c.shares.domain(inst, powerOn ? "running" : "shut off", xmlFilesystems));
    if (powerOn) {
      await this.c.startGuest(inst);
      inst.powerState = POWER.RUNNING;
    } else {
      inst.powerState = POWER.SHUTDOWN;
    }
    if (fault(this.c, "mapping-status-changed"))
      for (const m of mappings) if (m.status === "active") m.status = "inactive";
    if (fault(this.c, "mapping-deleted")) for (const m of mappings) this.db.deleteMapping(m);
    setMigration(mig, "finished");
    inst.vmState = "resized";
    inst.taskState = null;
    this.db.touch(inst);
    await notifyMove(this.c, inst, "resize_finish", "end", dest.name, action);
  }

  /** compute confirm_resize on the source (migrate-finish.ts). */
  confirm(inst: Instance, mig: Migration, action: InstanceAction): Promise<void> {
    return confirmResize(this.c, inst, mig, action);
  }

  /** compute revert_resize on the destination, then finish_revert_resize on the source (migrate-finish.ts). */
  revert(inst: Instance, mig: Migration, action: InstanceAction): Promise<void> {
    return revertResize(this.c, inst, mig, action);
  }
}
