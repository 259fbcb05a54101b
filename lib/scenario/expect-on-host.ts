// What the compute hosts must show (whitebox, over SSH): the share mounted where the server runs, the domain's
// virtiofs <filesystem>, and both gone from the host it left. Without host SSH each expectation is recorded as not
// checked, with the reason, so the report shows the layer was not looked at. Each phase reads each host once
// (HostReading: /proc/mounts and the domain's XML in one exec); the checks are made from that read.

import { expectDomainFilesystems, expectHostMount, HostReading, hostLayer } from "../expect/host.js";
import { placement } from "../fixtures/moves.js";
import { leftHostUnmounts } from "./rules.js";
import type { Ended, Moved, Story } from "./story.js";

async function beforeMove(s: Story): Promise<void> {
  if (!hostLayer(s.t, "share mounts and <filesystem> on the source before the move", { host: s.src.host })) return;
  const src = new HostReading(s.t, s.src.host, [s.src.instanceName]);
  for (const a of s.items) await expectHostMount(s.t, src, a.share, true, "before the move");
  await expectDomainFilesystems(s.t, src, s.src.instanceName, s.items, true);
}

/** During VERIFY_RESIZE (running server): mounted on the destination, and still on the source (lazy cleanup). */
async function window(m: Moved): Promise<void> {
  const { t, src, dest } = m;
  if (!hostLayer(t, "share mounts and <filesystem> during VERIFY_RESIZE", { host: dest.host })) return;
  const onDest = new HostReading(t, dest.host, [dest.instanceName]);
  const onSrc = m.sameHost ? onDest : new HostReading(t, src.host);
  // Both hosts read at once (the checks below judge these reads; a failed read fails the check that awaits it).
  void onDest.current();
  void onSrc.current();
  for (const a of m.items) {
    await expectHostMount(t, onDest, a.share, true, "the finish step must mount the share on the destination");
    if (!m.sameHost)
      await expectHostMount(t, onSrc, a.share, true, "lazy cleanup keeps the source mounted until confirm");
  }
  await expectDomainFilesystems(t, onDest, dest.instanceName, m.items, true);
}

/** After confirm/revert: the host the server left no longer mounts the share nor exposes its tags. */
async function cleanup(e: Ended): Promise<void> {
  if (e.sameHost) return; // no host was left
  if (!hostLayer(e.t, `cleanup on the host left after ${e.end}`, { host: e.leftHost })) return;
  const left = new HostReading(e.t, e.leftHost, [e.leftInstance]);
  if (leftHostUnmounts(e)) {
    for (const a of e.items) await expectHostMount(e.t, left, a.share, false, `after ${e.end}`);
  }
  await expectDomainFilesystems(e.t, left, e.leftInstance, e.items, false);
}

/** Where the server ended: the share mounted and the domain's <filesystem> present. */
async function whereItEnded(e: Ended): Promise<void> {
  if (!hostLayer(e.t, `share mounts and <filesystem> after ${e.end}`, { host: e.finalHost })) return;
  // The instance name first (from the poll that saw the end state, else an API read), so the host is read once
  // for the mounts and the domain.
  const p = e.endPlacement ?? (await placement(e.t, e.server));
  const final = new HostReading(e.t, e.finalHost, [p.instanceName]);
  for (const a of e.items) await expectHostMount(e.t, final, a.share, true, `after ${e.end}`);
  await expectDomainFilesystems(e.t, final, p.instanceName, e.items, true);
}

export const expectOnHost = { beforeMove, window, cleanup, whereItEnded };
