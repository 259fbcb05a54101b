// A bystander: another server using the same share (NFS rules are per host: Nova's deny must be host-local and
// skip a rule another server on that host still needs). It writes its own file first; while the other server
// moves, it must stay where it is, ACTIVE, with its mapping active, its data intact and the share writable.

import { expect } from "chai";
import { isBeingDenied } from "../common/manila-rules.js";
import { expectData, expectGuestMount, expectGuestShare, expectWritable } from "../expect/guest.js";
import { expectHostMount, hostLayer } from "../expect/host.js";
import { accessRules, describeRules } from "../expect/manila.js";
import { settle } from "../expect/settle.js";
import { openGuest } from "../fixtures/guest.js";
import { coldMigrate, confirm, placement } from "../fixtures/moves.js";
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

const TAG = "vftest-shared";

export async function bystanderUsing(t: TestScope, share: ShareFixture): Promise<Bystander> {
  const tag = TAG;
  const dir = `${t.config.validation.mount_point}/${tag}`;
  const created = await createServerWithShares(t, { shares: [share], tags: [tag] });
  const { server } = created;
  const host = (created.placement ?? (await placement(t, server))).host;
  const guest = await openGuest(t, server);
  const data = (await expectGuestShare(t, guest, { tag, dir, host, files: [], write: `${dir}/bystander.bin` }))!;
  await guest.close();
  return { server, share, host, dir, data };
}

/**
 * A bystander on `host` (where the server that will move runs): booted wherever the scheduler puts it, then — if
 * that is another host — cold migrated there (targeted, 2.56+) and confirmed, so at the other server's confirm the
 * host it leaves still has a user of the share (its rule and mount must stay).
 */
export async function bystanderOn(t: TestScope, share: ShareFixture, host: string): Promise<Bystander> {
  const b = await bystanderUsing(t, share);
  if (b.host === host) return b;
  await t.step(`move the bystander ${b.server.id} from ${b.host} to ${host}`, async () => {
    const m = await coldMigrate(t, b.server, { host });
    expect(m.dest.host, `bystander ${b.server.id}: targeted migration to ${host} landed on ${m.dest.host}`).to.equal(
      host,
    );
    await confirm(t, b.server);
    // Its old host's rule may still be being denied: let Manila finish before the other server moves.
    await settle(
      t,
      {
        describe: `access rules of share ${share.id}`,
        target: "none being denied",
        probe: () => accessRules(t, share),
        state: describeRules,
        done: (rules) => !rules.some((r) => isBeingDenied(r.state)),
      },
      `share ${share.id}: the bystander's old rule on ${b.host} was not removed after its move`,
    );
  });
  const moved = { ...b, host };
  const g = await openGuest(t, b.server);
  await expectGuestMount(t, g, TAG, b.dir, host);
  await expectData(t, g, `${b.dir}/bystander.bin`, b.data, host);
  await g.close();
  return moved;
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
