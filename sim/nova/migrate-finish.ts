// confirm_resize on the source (lazy cleanup: unmount, revoke the source rule with unrestrict, undefine the domain)
// and revert_resize on the destination + finish_revert_resize on the source (nova-facts §4, the virtiofs spec).

import type { ComputeHost } from "../contracts.js";
import { withEvent } from "./actions.js";
import type { Compute } from "./compute.js";
import { delay, destAccess, fault, moveAction, recordShareAction, setMigration } from "./migrate-steps.js";
import type { InstanceAction } from "./model.js";
import { type Instance, type Migration, POWER, type ShareMapping } from "./model.js";
import { notifyMove } from "./notify.js";

/** compute confirm_resize on the source: unmount, revoke the source rule (unrestrict), undefine the domain.
 * Under the late-cleanup timing profile the migration is `confirmed` and the server saved first (as
 * drop_move_claim_at_source does before the instance is saved) and the share cleanup follows a few seconds later. */
export async function confirmResize(c: Compute, inst: Instance, mig: Migration, action: InstanceAction): Promise<void> {
  const source = c.host(mig.sourceCompute);
  if (fault(c, "stuck-verify-resize")) {
    c.log(`confirm_resize of ${inst.uuid} accepted and dropped (stuck-verify-resize)`);
    return;
  }
  const late = fault(c, "late-cleanup");
  let ended = false;
  try {
    await withEvent(action, "compute_confirm_resize", mig.sourceCompute, async () => {
      await notifyMove(c, inst, "resize_confirm", "start", mig.sourceCompute, action);
      await delay(c, "confirm_resize");
      const sameHost = mig.sourceCompute === mig.destCompute;
      if (!source || sameHost) return;
      const mappings = c.db.mappingsOf(inst.uuid);
      if (late) {
        dropSourceDomain(c, inst, source);
        confirmed(c, inst, mig);
        ended = true;
        await c.deps.timing.delay("migrate.late-cleanup");
        for (const m of mappings) await cleanSourceShare(c, inst, m, source);
        return;
      }
      for (const m of mappings) await cleanSourceShare(c, inst, m, source);
      dropSourceDomain(c, inst, source);
    });
    if (!ended) confirmed(c, inst, mig);
    await notifyMove(c, inst, "resize_confirm", "end", mig.sourceCompute, action);
  } catch (e) {
    setMigration(mig, "error");
    c.setError(inst, e);
  }
}

/** driver.confirm_migration: the source domain goes (old-host-still-exposes keeps it, shut off). */
function dropSourceDomain(c: Compute, inst: Instance, source: ComputeHost): void {
  if (fault(c, "old-host-still-exposes")) {
    const dom = source.domain(inst.instanceName);
    if (dom) source.defineDomain({ ...dom, state: "shut off" });
  } else if (source.domain(inst.instanceName)) {
    source.undefineDomain(inst.instanceName);
  }
}

/** The end state of confirm: migration confirmed, flavors dropped, ACTIVE or SHUTOFF. */
function confirmed(c: Compute, inst: Instance, mig: Migration): void {
  setMigration(mig, fault(c, "migration-record-left-finished") ? "finished" : "confirmed");
  if (fault(c, "confirm-restores-old-flavor") && inst.oldFlavor) inst.flavor = inst.oldFlavor;
  inst.oldFlavor = null;
  inst.newFlavor = null;
  inst.vmState = inst.powerState === POWER.SHUTDOWN ? "stopped" : "active";
  inst.taskState = null;
  c.db.touch(inst);
}

/** Whether `hostName`'s rule must stay (another user); cephx-revoked-in-use treats CephFS's one rule as per host. */
function ruleStillNeeded(c: Compute, m: ShareMapping, inst: Instance, hostName: string): boolean {
  return c.shares.ruleStillNeeded(m, inst, hostName, { hostLocal: fault(c, "cephx-revoked-in-use") });
}

async function cleanSourceShare(c: Compute, inst: Instance, m: ShareMapping, source: ComputeHost): Promise<void> {
  if (fault(c, "source-not-cleaned-on-confirm")) return;
  if (fault(c, "confirm-deactivates-source-mappings")) deactivateOnHost(c, m, source);
  await recordShareAction(c, inst, "detach_share", source.name);
  if (!fault(c, "source-mount-left-on-confirm")) c.shares.umount(m, inst, source);
  if (fault(c, "stale-source-rule-on-confirm")) return;
  const overRevoke = fault(c, "revoke-ignores-other-users") || fault(c, "confirm-over-revoke");
  if (!overRevoke && ruleStillNeeded(c, m, inst, source.name)) return;
  c.shares.revoke(m, source, { unrestrict: !fault(c, "locks-left-after-confirm") });
}

/** confirm-deactivates-source-mappings: the source cleanup marks "the share's mappings on the source host" inactive,
 * picked by share id and instance.host — the moved server is no longer there, another server of the share is. */
function deactivateOnHost(c: Compute, m: ShareMapping, source: ComputeHost): void {
  for (const o of c.db.mappingsOfShare(m.shareId)) {
    if (o.status === "active" && c.db.instances.get(o.instanceUuid)?.host === source.name) o.status = "inactive";
  }
}

/** revert_resize's share cleanup on the destination: unmount, revoke the destination rule unless still used. */
function cleanDestShares(c: Compute, inst: Instance, mappings: ShareMapping[], dest: ComputeHost): void {
  if (fault(c, "dest-not-cleaned-on-revert")) return;
  for (const m of mappings) {
    if (!fault(c, "dest-mount-left-on-revert")) c.shares.umount(m, inst, dest);
    if (fault(c, "revoke-ignores-other-users") || !ruleStillNeeded(c, m, inst, dest.name))
      c.shares.revoke(m, dest, { unrestrict: true }, destAccess(c, m, dest));
  }
}

/** compute revert_resize on the destination, then finish_revert_resize on the source. Under late-cleanup the
 * destination's share cleanup completes a few seconds after the server is back ACTIVE on the source. */
export async function revertResize(c: Compute, inst: Instance, mig: Migration, action: InstanceAction): Promise<void> {
  const source = c.host(mig.sourceCompute);
  const dest = c.host(mig.destCompute);
  const sameHost = mig.sourceCompute === mig.destCompute;
  const late = fault(c, "late-cleanup");
  const mappings = c.db.mappingsOf(inst.uuid);
  try {
    await withEvent(action, "compute_revert_resize", mig.destCompute ?? "", async () => {
      await delay(c, "revert_resize");
      await c.deps.guests.stop(inst.uuid);
      if (dest && !sameHost) {
        if (!late) cleanDestShares(c, inst, mappings, dest);
        if (dest.domain(inst.instanceName)) dest.undefineDomain(inst.instanceName);
      }
      setMigration(mig, "reverted");
      // revert-keeps-dest-host: instance.host/node are not set back: the API names the destination while the
      // guest runs on the source again.
      if (!fault(c, "revert-keeps-dest-host")) {
        inst.host = mig.sourceCompute;
        inst.node = mig.sourceNode;
      }
    });
    // revert-event-on-move-action: the cast carries the move's request context, so the event lands on its action.
    const sourceAction = fault(c, "revert-event-on-move-action") ? (moveAction(c, inst) ?? action) : action;
    await withEvent(sourceAction, "compute_finish_revert_resize", mig.sourceCompute, async () => {
      await notifyMove(c, inst, "resize_revert", "start", mig.sourceCompute, sourceAction);
      await delay(c, "finish_revert_resize");
      if (inst.oldFlavor && !fault(c, "revert-keeps-new-flavor")) inst.flavor = inst.oldFlavor;
      inst.oldFlavor = null;
      inst.newFlavor = null;
      if (!source) throw new Error(`Compute host ${mig.sourceCompute} could not be found.`);
      const powerOn = inst.systemMetadata.old_vm_state !== "stopped";
      const fss = fault(c, "source-xml-not-restored-on-revert") ? [] : c.shares.filesystems(inst, source);
      source.defineDomain(c.shares.domain(inst, powerOn ? "running" : "shut off", fss));
      if (powerOn) {
        await c.startGuest(inst);
        inst.powerState = POWER.RUNNING;
        inst.vmState = "active";
        inst.taskState = null;
      } else {
        // old_vm_state stopped: task_state powering-off, then stop_instance (shares inactive + unmounted).
        inst.taskState = "powering-off";
        c.db.touch(inst);
        await c.powerOff(inst, source);
        inst.vmState = "stopped";
        inst.taskState = null;
      }
      c.db.touch(inst);
      await notifyMove(c, inst, "resize_revert", "end", mig.sourceCompute, sourceAction);
    });
  } catch (e) {
    if (mig.status !== "reverted") setMigration(mig, "error");
    if (inst.vmState !== "error") c.setError(inst, e);
    return;
  }
  if (late && dest && !sameHost) {
    await c.deps.timing.delay("migrate.late-cleanup");
    try {
      cleanDestShares(c, inst, mappings, dest);
    } catch (e) {
      c.log(`revert of ${inst.uuid}: late destination cleanup: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
