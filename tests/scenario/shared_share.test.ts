// Scenario 6: one share used by two servers. Migrating one of them — confirmed or reverted — leaves the other's
// access rule, host mount and in-guest use of the share untouched (NFS rules are per host: Nova's deny must be
// host-local and skip a rule another server on that host still needs).

import { expect } from "chai";
import {
  expectData,
  expectGuestMount,
  expectHostMount,
  expectWritable,
  moveWithShares,
  placement,
  type TestScope,
  vfTest,
} from "../../lib/fixtures/index.js";

async function otherServerUnaffected(t: TestScope, end: "confirm" | "revert"): Promise<void> {
  t.require({ coldMigration: true, coldMigrationWithShares: true, computeHosts: 2 });
  const share = await t.share();
  const tag = "vftest-shared";
  const dir = `${t.config.validation.mount_point}/${tag}`;
  const { server: bystander } = await t.serverWithShares({ shares: [share], tags: [tag] });
  const bHost = (await placement(t, bystander)).host;
  const guestB = await t.guest(bystander);
  await expectGuestMount(t, guestB, tag, dir, bHost);
  const bData = await expectWritable(t, guestB, `${dir}/bystander.bin`, bHost);
  await guestB.close();

  const bystanderUnaffected = async (phase: string) => {
    const p = await placement(t, bystander);
    expect(p.host, `bystander server ${bystander.id} moved during the other server's migration`).to.equal(bHost);
    expect(p.status, `bystander server ${bystander.id} is ${p.status} after the other server's ${phase}`).to.equal(
      "ACTIVE",
    );
    const m = await t.env.member.serverShares.showServerShare(bystander.id, share.id);
    expect(
      m.status,
      `bystander server ${bystander.id}: share mapping is ${m.status} after the other server's ${phase}`,
    ).to.equal("active");
    const g = await t.guest(bystander);
    await expectData(t, g, `${dir}/bystander.bin`, bData, bHost);
    await expectWritable(t, g, `${dir}/bystander-${phase}.bin`, bHost);
    await g.close();
    if (t.config.whitebox.enabled)
      await expectHostMount(t, bHost, share, true, `the bystander on ${bHost} still uses it`);
  };

  await moveWithShares(t, {
    move: "migrate",
    end,
    withShares: [share],
    destAlreadyGranted: (_s, host) => host === bHost,
    also: (phase) => bystanderUnaffected(phase),
  });
}

describe("Cold migration of one of two servers sharing a share", () => {
  vfTest(
    "1780d31d-4aeb-4398-9878-f0391ebaf85b",
    "the other server keeps its access and mount",
    ["scenario", "admin"],
    (t) => otherServerUnaffected(t, "confirm"),
  );

  vfTest(
    "e23b8701-7fa2-43d8-a6e5-56824f85e917",
    "the other server keeps its access and mount when the move is reverted",
    ["scenario", "admin"],
    (t) => otherServerUnaffected(t, "revert"),
  );
});
