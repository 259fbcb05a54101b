// Small helpers every step of a cold migration uses: the fault switch, the per-step latency, the migration
// record's status (with its updated_at), the move's own instance action (for the faults that misfile records) and
// the access its destination helpers use.

import { randomUUID } from "node:crypto";
import type { ComputeHost } from "../contracts.js";
import { recordAction, withEvent } from "./actions.js";
import type { Compute } from "./compute.js";
import { type Instance, type InstanceAction, type Migration, naiveNow, type ShareMapping } from "./model.js";

export function fault(c: Compute, name: string): boolean {
  return c.deps.faults.active(name);
}

/** Waits the latency of `migrate.<step>`. */
export function delay(c: Compute, step: string): Promise<void> {
  return c.deps.timing.delay(`migrate.${step}`);
}

export function setMigration(mig: Migration, status: Migration["status"]): void {
  mig.status = status;
  mig.updatedAt = naiveNow();
}

/** The latest migrate/resize action of the server: the request context a move was started with. */
export function moveAction(c: Compute, inst: Instance): InstanceAction | undefined {
  return [...c.db.actions]
    .reverse()
    .find((a) => a.instanceUuid === inst.uuid && (a.action === "migrate" || a.action === "resize"));
}

/** move-records-share-actions: the move's grant/revoke goes through the share API's bookkeeping, which records an
 * attach_share/detach_share action (new request id, the move's user and project) with its compute event. */
export async function recordShareAction(
  c: Compute,
  inst: Instance,
  kind: "attach_share" | "detach_share",
  host: string,
): Promise<void> {
  if (!fault(c, "move-records-share-actions")) return;
  const move = moveAction(c, inst);
  const a = recordAction(c.db, inst, kind, {
    requestId: `req-${randomUUID()}`,
    userId: move?.userId ?? inst.userId,
    projectId: move?.projectId ?? inst.projectId,
  });
  await withEvent(a, kind === "attach_share" ? "compute_allow_share" : "compute_deny_share", host, async () => {});
}

/** The access the move's destination helpers grant and revoke: undefined = set_access_according_to_protocol's.
 * dest-rule-names-network: NFS access_to is the destination's storage /24 instead of its address. */
export function destAccess(
  c: Compute,
  m: ShareMapping,
  dest: ComputeHost,
): { accessType: string; accessTo: string } | undefined {
  if (!fault(c, "dest-rule-names-network") || m.shareProto !== "NFS") return undefined;
  return { accessType: "ip", accessTo: `${dest.storageIp.split(".").slice(0, 3).join(".")}.0/24` };
}

/** source-revoked-on-resize: resize_instance revokes the source host's access when it powers the guest off (eager
 * cleanup, as if the move were over) — only where no other server on the source still needs the rule; the share
 * stays mounted there. A revert then comes back to a source without access. */
export function revokeSourceOnPowerOff(c: Compute, inst: Instance, source: ComputeHost): void {
  for (const m of c.db.mappingsOf(inst.uuid)) {
    if (c.shares.ruleStillNeeded(m, inst, source.name)) continue;
    try {
      c.shares.revoke(m, source, { unrestrict: true });
    } catch (e) {
      c.log(`resize_instance: revoking share ${m.shareId} on ${source.name}: ${String(e)}`);
    }
  }
}
