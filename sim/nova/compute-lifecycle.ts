// Building and deleting a server on the compute side (the RPC casts behind POST and DELETE /servers/{id}).

import { withEvent } from "./actions.js";
import type { Compute } from "./compute.js";
import type { InstanceAction } from "./model.js";
import { type Instance, isoNow, POWER } from "./model.js";

/** _do_build_and_run_instance: schedule, define the domain, boot the guest. */
export async function buildInstance(
  c: Compute,
  inst: Instance,
  action: InstanceAction,
  requestedHost?: string,
): Promise<void> {
  const host = c.schedule({ ignore: [], requested: requestedHost });
  if (!host) {
    c.setError(inst, new Error("No valid host was found. "));
    return;
  }
  inst.host = host.name;
  inst.node = host.name;
  inst.taskState = "spawning";
  c.db.touch(inst);
  try {
    await withEvent(action, "compute__do_build_and_run_instance", host.name, async () => {
      await c.deps.timing.delay("boot");
      host.defineDomain(c.shares.domain(inst, "running", []));
      await c.startGuest(inst);
    });
    if (!c.db.instances.has(inst.uuid)) return;
    inst.vmState = "active";
    inst.taskState = null;
    inst.powerState = POWER.RUNNING;
    inst.launchedAt = isoNow();
    c.db.touch(inst);
  } catch (e) {
    c.setError(inst, e);
  }
}

/** _shutdown_instance + _delete_instance: umount, deactivate and deny each share (errors only warn), destroy the
 * domain on every host that has it, the guest and the ports. */
export async function deleteInstance(c: Compute, inst: Instance): Promise<void> {
  c.deleting.add(inst.uuid);
  await c.deps.timing.delay("delete");
  const hostNames = [...c.shares.hostsOf(inst.uuid)];
  for (const m of c.db.mappingsOf(inst.uuid)) {
    try {
      m.status = "inactive";
      for (const h of hostNames) {
        const hh = c.host(h);
        if (!hh) continue;
        c.shares.umount(m, inst, hh);
        if (!c.shares.stillUsedForDeny(m, inst, h)) c.shares.revoke(m, hh, { unrestrict: true });
      }
    } catch (e) {
      c.log(
        `delete ${inst.uuid}: share ${m.shareId}: ${e instanceof Error ? e.message : String(e)}; there may be a dangling share_mapping.`,
      );
    }
    c.db.deleteMapping(m);
  }
  for (const h of c.deps.hosts) {
    if (h.domain(inst.instanceName)) h.undefineDomain(inst.instanceName);
  }
  try {
    await c.deps.guests.destroy(inst.uuid);
  } catch (e) {
    c.log(`delete ${inst.uuid}: guest destroy: ${e instanceof Error ? e.message : String(e)}`);
  }
  c.deps.network.releasePorts(inst.uuid);
  // _confirm_resize_on_deleting: a server deleted in VERIFY_RESIZE has its migration confirmed.
  for (const mig of c.db.migrations) {
    if (mig.instanceUuid === inst.uuid && mig.status === "finished") mig.status = "confirmed";
  }
  c.db.instances.delete(inst.uuid);
  c.db.deletedInstances.set(inst.uuid, inst.projectId);
  // Gone from the database: a late startGuest now finds no instance, so the mark is no longer needed.
  c.deleting.delete(inst.uuid);
}
