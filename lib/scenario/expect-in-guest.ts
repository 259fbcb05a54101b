// What the guest must see (over SSH): every tag mounted as virtiofs read-write, the data written before the move
// (and during VERIFY_RESIZE) intact, and new writes working — on the destination during the window and where the
// server ended. A server that moved stopped is started first (startWhereItEnded).

import { expectPlacement } from "../expect/api.js";
import { expectGuestShare } from "../expect/guest.js";
import { type GuestSession, openGuest } from "../fixtures/guest.js";
import { waits } from "../fixtures/wait.js";
import { phase } from "./phase.js";
import type { Ended, Moved, Story } from "./story.js";

/**
 * Mounts every tag, checks the data written so far and writes `write` (a file name) into each share: one exec per
 * share; the guest is reached on `host`. Returns the session and the new files' sha256 by share id.
 */
async function useGuest(s: Story, host: string, write: string, during?: Map<string, string>, open?: GuestSession) {
  const { t } = s;
  const guest = open ?? (await openGuest(t, s.server));
  const written = new Map<string, string>();
  for (const a of s.items) {
    const files = [{ path: `${a.dir}/before.bin`, sha256: a.before }];
    const d = during?.get(a.share.id);
    if (d) files.push({ path: `${a.dir}/during.bin`, sha256: d });
    const sum = await expectGuestShare(t, guest, { tag: a.tag, dir: a.dir, host, files, write: `${a.dir}/${write}` });
    written.set(a.share.id, sum!);
  }
  return { guest, written };
}

async function usableDuringWindow(m: Moved): Promise<void> {
  const name = `use the shares from the guest on ${m.dest.host} during VERIFY_RESIZE`;
  await phase(m.t, m.move.requestId, name, async () => {
    const { guest, written } = await useGuest(m, m.dest.host, "during.bin");
    for (const [id, sum] of written) m.during.set(id, sum);
    // Kept open (closed when the test ends): a confirm leaves the guest running where it is, so the check after
    // it goes on over this session instead of a new handshake.
    m.guestInWindow = guest;
  });
}

async function usableWhereItEnded(e: Ended): Promise<void> {
  await phase(e.t, e.move.requestId, `use the shares from the guest on ${e.finalHost}`, async () => {
    // A revert boots the guest again on the source: its window session is gone with it.
    const kept = e.end === "confirm" && !e.stopped ? e.guestInWindow : undefined;
    if (!kept) await e.guestInWindow?.close();
    const { guest } = await useGuest(e, e.finalHost, "after.bin", e.during, kept);
    await guest.close();
  });
}

export const expectInGuest = { usableDuringWindow, usableWhereItEnded };

/** Starts a server that moved stopped: ACTIVE on the host it ended on, mappings `active` again. */
export async function startWhereItEnded(e: Ended): Promise<void> {
  const { t, server } = e;
  await phase(t, e.move.requestId, `start server ${server.id} on ${e.finalHost}`, async () => {
    const started = await t.env.member.servers.startServer(server.id);
    await waits(t).serverStatus(server.id, "ACTIVE", { ...started, action: "start" });
    for (const share of e.shares) await waits(t).mappingStatus(server.id, share.id, "active");
    await expectPlacement(t, server, { status: "ACTIVE", host: e.finalHost });
  });
}
