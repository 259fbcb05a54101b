// API-layer expectations: where the server runs and in which state, and its share mappings. Each fails with what
// was expected, what was seen and on which server, and records what it verified.
// `expectPlacement` may be given the placement a waiter's last poll read (the admin view that showed the state the
// check is about, nothing done since): it checks that body instead of reading the server again.

import { expect } from "chai";
import { type Placement, placement } from "../fixtures/moves.js";
import type { TestScope } from "../fixtures/scope.js";
import type { ServerFixture, ShareFixture } from "../fixtures/types.js";

export async function expectPlacement(
  t: TestScope,
  server: ServerFixture,
  want: { host?: string; notHost?: string; status: string; powerState?: number },
  seen?: Placement,
): Promise<Placement> {
  const p = seen ?? (await placement(t, server));
  const where = `server ${server.id}`;
  expect(p.status, `${where}: expected status ${want.status}, saw ${p.status} (vm_state ${p.vmState})`).to.equal(
    want.status,
  );
  if (want.host)
    expect(p.host, `${where}: expected to run on ${want.host}, still on host ${p.host}`).to.equal(want.host);
  if (want.notHost) {
    expect(p.host, `${where}: expected to leave ${want.notHost}, but it is still on host ${p.host}`).to.not.equal(
      want.notHost,
    );
  }
  if (want.powerState !== undefined) {
    expect(
      p.powerState,
      `${where} on ${p.host}: expected power_state ${want.powerState}, saw ${p.powerState}`,
    ).to.equal(want.powerState);
  }
  t.checked("api", `status ${p.status}${want.powerState !== undefined ? ` power_state ${p.powerState}` : ""}`, {
    host: p.host,
    server: server.id,
  });
  return p;
}

/** Every share is still attached with its tag and the expected mapping status. One list: Nova's list view carries
 * share_id, status and tag for every mapping (the show adds only admin fields). */
export async function expectMappings(
  t: TestScope,
  server: ServerFixture,
  shares: ShareFixture[],
  tags: string[],
  status: string,
): Promise<void> {
  const listed = await t.env.member.serverShares.listServerShares(server.id);
  for (const [i, share] of shares.entries()) {
    const shown = listed.find((m) => m.share_id === share.id);
    if (!shown)
      expect.fail(`server ${server.id}: share ${share.id} is no longer attached (mapping gone from the list)`);
    expect(
      shown.status,
      `server ${server.id}: share mapping ${share.id} status changed: expected ${status}, saw ${shown.status}`,
    ).to.equal(status);
    expect(
      shown.tag,
      `server ${server.id}: share mapping ${share.id} tag changed: expected ${tags[i]}, saw ${shown.tag}`,
    ).to.equal(tags[i]);
    t.checked("api", `share mapping ${tags[i]} ${status}`, { server: server.id, share: share.id });
  }
}
