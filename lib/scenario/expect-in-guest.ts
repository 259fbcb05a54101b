// What the guest must see (over SSH): every tag mounted as virtiofs read-write, the data written before the move
// (and during VERIFY_RESIZE) intact, and new writes working — on the destination during the window and where the
// server ended. A server that moved stopped is started first (startWhereItEnded).

import { expectPlacement } from "../expect/api.js";
import { expectGuestShare, expectWritable } from "../expect/guest.js";
import { type GuestSession, openGuest } from "../fixtures/guest.js";
import { waits } from "../fixtures/wait.js";
import { phase } from "./phase.js";
import type { Ended, Moved, Story } from "./story.js";

/** Mounts every tag and checks the data written so far (one exec per share); the guest is reached on `host`. */
async function checkGuest(s: Story, host: string, during?: Map<string, string>, open?: GuestSession) {
  const { t } = s;
  const guest = open ?? (await openGuest(t, s.server));
  for (const a of s.items) {
    const files = [{ path: `${a.dir}/before.bin`, sha256: a.before }];
    const d = during?.get(a.share.id);
    if (d) files.push({ path: `${a.dir}/during.bin`, sha256: d });
    await expectGuestShare(t, guest, { tag: a.tag, dir: a.dir, host, files });
  }
  return guest;
}

async function usableDuringWindow(m: Moved): Promise<void> {
  const name = `use the shares from the guest on ${m.dest.host} during VERIFY_RESIZE`;
  await phase(m.t, m.move.requestId, name, async () => {
    const guest = await checkGuest(m, m.dest.host);
    for (const a of m.items) {
      m.during.set(a.share.id, await expectWritable(m.t, guest, `${a.dir}/during.bin`, m.dest.host));
    }
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
    const guest = await checkGuest(e, e.finalHost, e.during, kept);
    for (const a of e.items) await expectWritable(e.t, guest, `${a.dir}/after.bin`, e.finalHost);
    await guest.close();
  });
}

export const expectInGuest = { usableDuringWindow, usableWhereItEnded };

/** Starts a server that moved stopped: ACTIVE on the host it ended on, mappings `active` again. */
export async function startWhereItEnded(e: Ended): Promise<void> {
  const { t, server } = e;
  await phase(t, e.move.requestId, `start server ${server.id} on ${e.finalHost}`, async () => {
    const { requestId, answeredAt } = await t.env.member.servers.startServer(server.id);
    await waits(t).serverStatus(server.id, "ACTIVE", requestId, "start", answeredAt);
    for (const share of e.shares) await waits(t).mappingStatus(server.id, share.id, "active");
    await expectPlacement(t, server, { status: "ACTIVE", host: e.finalHost });
  });
}
