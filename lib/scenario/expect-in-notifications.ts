// What Nova's versioned notifications must say about a move, checked once it ended (confirm or revert): the
// resize notifications from the right hosts with the move's request id and the server's shares (status and tag
// unchanged), and no share_attach/share_detach for the server (lib/fixtures/notifications-expect.ts). Without a
// listener (no transport_url, no broker) the layer is recorded as not checked, with the reason.

import { notificationLayer } from "../fixtures/notifications.js";
import { expectMoveNotifications } from "../fixtures/notifications-expect.js";
import { phase } from "./phase.js";
import { type Ended, mappingStatus } from "./story.js";

const WHAT = "versioned notifications of the move";

async function move(e: Ended): Promise<void> {
  const { t, server } = e;
  const where = { server: server.id, host: e.dest.host };
  const layer = await notificationLayer(t);
  if ("notChecked" in layer) return t.notChecked("notifications", WHAT, layer.notChecked, where);
  const requestId = e.move.requestId;
  if (e.notificationsSince === undefined || !requestId) {
    const why = requestId ? "no mark was taken before the move" : "the move request returned no request id";
    return t.notChecked("notifications", WHAT, `not checked: ${why}`, where);
  }
  const c = t.config.notifications;
  await phase(t, requestId, `check the versioned notifications of the ${e.kind} and ${e.end}`, async () => {
    const r = await expectMoveNotifications({
      listener: layer.listener,
      serverId: server.id,
      move: e.kind === "migration" ? "migrate" : "resize",
      end: e.end,
      sourceHost: e.src.host,
      destHost: e.dest.host,
      requestId,
      endRequestId: e.endRequestId,
      since: e.notificationsSince ?? 0,
      shares: e.items.map((a) => ({ share_id: a.share.id, tag: a.tag, status: mappingStatus(e) })),
      timeoutMs: c.wait_timeout * 1000,
      quietMs: c.quiet_window * 1000,
    });
    for (const what of r.checked) t.checked("notifications", what, where);
    for (const line of r.notChecked) {
      const i = line.indexOf(": "); // "<what>: <why>"
      t.notChecked("notifications", line.slice(0, i), `not checked: ${line.slice(i + 2)}`, where);
    }
  });
}

export const expectInNotifications = { move };
