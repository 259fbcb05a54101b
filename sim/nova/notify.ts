// One-line hooks for the versioned notifications Nova's compute manager sends (sim/notifications/notifier.ts),
// called at the points manager.py sends them: prep_resize (dest), _resize_instance (source), _finish_resize
// (dest), _confirm_resize (source), _finish_revert_resize (source), allow_share / deny_share. No-ops when the
// cloud runs without a notification transport URL.
//
// Fault move-emits-share-notifications: the move's access helpers send share_attach (dest, before
// resize_finish.end), share_detach on confirm (source, before resize_confirm.end) and on revert (dest, before
// resize_revert.start), as the unrefactored allow_share/deny_share would.

import type { MoveAction, Phase, RequestContext } from "../notifications/notifier.js";
import type { Compute } from "./compute.js";
import type { Flavor, Instance, InstanceAction, ShareMapping } from "./model.js";

const rc = (a: InstanceAction): RequestContext => ({
  requestId: a.requestId,
  userId: a.userId,
  projectId: a.projectId,
});

async function leakedShareEvents(c: Compute, inst: Instance, action: MoveAction, phase: Phase, a: InstanceAction) {
  const n = c.deps.notifier;
  if (!n || !c.deps.faults.active("move-emits-share-notifications")) return;
  let kind: "share_attach" | "share_detach" | undefined;
  if (action === "resize_finish" && phase === "end") kind = "share_attach";
  if ((action === "resize_confirm" && phase === "end") || (action === "resize_revert" && phase === "start"))
    kind = "share_detach";
  if (!kind) return;
  const mappings = c.db.mappingsOf(inst.uuid);
  for (const m of mappings) {
    await n.shareAction(inst, mappings, kind, "start", m.shareId, rc(a));
    await n.shareAction(inst, mappings, kind, "end", m.shareId, rc(a));
  }
}

/** instance.<action>.<phase>, sent by compute host `host`. */
export async function notifyMove(
  c: Compute,
  inst: Instance,
  action: MoveAction,
  phase: Phase,
  host: string,
  a: InstanceAction,
  newFlavor?: Flavor,
): Promise<void> {
  const n = c.deps.notifier;
  if (!n) return;
  await leakedShareEvents(c, inst, action, phase, a);
  const afterCast = phase === "end" && (action === "resize_prep" || action === "resize");
  await n.instanceAction(inst, c.db.mappingsOf(inst.uuid), action, phase, host, rc(a), { newFlavor, afterCast });
}

/** instance.share_attach|share_detach.<phase> from allow_share / deny_share. */
export async function notifyShare(
  c: Compute,
  inst: Instance,
  m: ShareMapping,
  kind: "share_attach" | "share_detach",
  phase: Phase,
  a: InstanceAction,
): Promise<void> {
  await c.deps.notifier?.shareAction(inst, c.db.mappingsOf(inst.uuid), kind, phase, m.shareId, rc(a));
}
