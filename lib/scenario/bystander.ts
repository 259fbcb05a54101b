// A bystander: another server using the same share (NFS rules are per host: Nova's deny must be host-local and
// skip a rule another server on that host still needs). It writes its own file first; while the other server
// moves, it must stay where it is, ACTIVE, with its mapping active, its data intact and the share writable.

import { expect } from "chai";
import { expectData, expectGuestMount, expectWritable } from "../expect/guest.js";
import { expectHostMount, hostLayer } from "../expect/host.js";
import { openGuest } from "../fixtures/guest.js";
import { placement } from "../fixtures/moves.js";
import type { TestScope } from "../fixtures/scope.js";
import { createServerWithShares } from "../fixtures/server-with-shares.js";
import type { ServerFixture, ShareFixture } from "../fixtures/types.js";

export interface Bystander {
  server: ServerFixture;
  share: ShareFixture;
  host: string;
  dir: string;
  /** sha256 of the file it wrote before the other server moved. */
  data: string;
}

export async function bystanderUsing(t: TestScope, share: ShareFixture): Promise<Bystander> {
  const tag = "vftest-shared";
  const dir = `${t.config.validation.mount_point}/${tag}`;
  const { server } = await createServerWithShares(t, { shares: [share], tags: [tag] });
  const host = (await placement(t, server)).host;
  const guest = await openGuest(t, server);
  await expectGuestMount(t, guest, tag, dir, host);
  const data = await expectWritable(t, guest, `${dir}/bystander.bin`, host);
  await guest.close();
  return { server, share, host, dir, data };
}

/** After the other server's `phase` ("window" or "end"): the bystander is untouched on every layer. */
export async function expectBystanderUnaffected(t: TestScope, b: Bystander, phase: "window" | "end"): Promise<void> {
  const p = await placement(t, b.server);
  expect(p.host, `bystander server ${b.server.id} moved during the other server's migration`).to.equal(b.host);
  expect(p.status, `bystander server ${b.server.id} is ${p.status} after the other server's ${phase}`).to.equal(
    "ACTIVE",
  );
  const m = await t.env.member.serverShares.showServerShare(b.server.id, b.share.id);
  expect(
    m.status,
    `bystander server ${b.server.id}: share mapping is ${m.status} after the other server's ${phase}`,
  ).to.equal("active");
  const g = await openGuest(t, b.server);
  await expectData(t, g, `${b.dir}/bystander.bin`, b.data, b.host);
  await expectWritable(t, g, `${b.dir}/bystander-${phase}.bin`, b.host);
  await g.close();
  if (hostLayer(t, `the bystander's share mount after the other server's ${phase}`, { host: b.host }))
    await expectHostMount(t, b.host, b.share, true, `the bystander on ${b.host} still uses it`);
}
