// The late-cleanup timing profile and the fault profiles that break share cleanup around a move: each test shows
// what the faulted cloud leaves behind (or takes away) next to what the healthy one does.

import { expect } from "chai";
import { DEMO, type Harness, harness, until } from "./fakes.js";
import {
  action,
  boot,
  hostOf,
  migration,
  serverWithShare,
  shareStatus,
  show,
  start,
  stop,
  waitStatus,
} from "./steps.js";

/** Stops `id`, attaches the existing share, waits for 'inactive' and starts the server again. */
async function attach(h: Harness, id: string, shareId: string): Promise<void> {
  await stop(h, id);
  const r = await h.call("POST", `/v2.1/servers/${id}/shares`, { body: { share: { share_id: shareId } } });
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  await until(
    () => shareStatus(h, id, shareId),
    (s) => s === "inactive",
    "inactive",
  );
  await start(h, id);
}

async function moveAndEnd(h: Harness, id: string, end: "confirmResize" | "revertResize"): Promise<void> {
  expect((await action(h, id, { migrate: null })).status).to.equal(202);
  await waitStatus(h, id, "VERIFY_RESIZE");
  await action(h, id, { [end]: null });
  await waitStatus(h, id, "ACTIVE");
}

/** Two servers on compute1 sharing one NFS share; returns [mover, bystander, share id]. */
async function bystanderOnSource(faults: string[]): Promise<{ h: Harness; mover: string; shareId: string }> {
  const h = harness({ faults });
  const mover = await boot(h);
  const bystander = await boot(h);
  expect(hostOf(await show(h, bystander))).to.equal("compute2");
  await action(h, bystander, { migrate: { host: "compute1" } }, "admin", "2.105");
  await waitStatus(h, bystander, "VERIFY_RESIZE");
  await action(h, bystander, { confirmResize: null });
  await waitStatus(h, bystander, "ACTIVE");
  const share = h.shares.addShare({ projectId: DEMO });
  await attach(h, mover, share.id);
  await attach(h, bystander, share.id);
  expect(hostOf(await show(h, mover))).to.equal("compute1");
  return { h, mover, shareId: share.id };
}

describe("sim nova: late cleanup and cleanup faults", () => {
  it("late-cleanup: confirm reports ACTIVE/confirmed first; source unmount and rule removal follow", async () => {
    const h = harness({ faults: ["late-cleanup"], perStep: { "migrate.late-cleanup": 300 } });
    const { id, share } = await serverWithShare(h, { running: true });
    const srcName = hostOf(await show(h, id));
    const src = h.hosts.find((x) => x.name === srcName)!;
    await action(h, id, { migrate: null });
    await waitStatus(h, id, "VERIFY_RESIZE");
    await action(h, id, { confirmResize: null });
    await waitStatus(h, id, "ACTIVE");
    expect((await migration(h, id)).status).to.equal("confirmed");
    expect(src.isMounted(share.exportLocation!), "source still mounted at ACTIVE").to.equal(true);
    expect(h.shares.ipRules(share.id), "source rule still there at ACTIVE").to.include(src.storageIp);
    await until(
      () => ({ mounted: src.isMounted(share.exportLocation!), rules: h.shares.ipRules(share.id) }),
      (x) => !x.mounted && !x.rules.includes(src.storageIp),
      "late source cleanup",
    );
  });

  it("late-cleanup: revert reports ACTIVE on the source first; destination cleanup follows", async () => {
    const h = harness({ faults: ["late-cleanup"], perStep: { "migrate.late-cleanup": 300 } });
    const { id, share } = await serverWithShare(h, { running: true });
    const src = hostOf(await show(h, id));
    await action(h, id, { migrate: null });
    const verify = await waitStatus(h, id, "VERIFY_RESIZE");
    const dst = h.hosts.find((x) => x.name === hostOf(verify))!;
    await action(h, id, { revertResize: null });
    expect(hostOf(await waitStatus(h, id, "ACTIVE"))).to.equal(src);
    expect((await migration(h, id)).status).to.equal("reverted");
    expect(dst.isMounted(share.exportLocation!), "destination still mounted at ACTIVE").to.equal(true);
    expect(h.shares.ipRules(share.id)).to.include(dst.storageIp);
    await until(
      () => ({ mounted: dst.isMounted(share.exportLocation!), rules: h.shares.ipRules(share.id) }),
      (x) => !x.mounted && !x.rules.includes(dst.storageIp),
      "late destination cleanup",
    );
  });

  it("without late-cleanup the source is clean when the server reports ACTIVE", async () => {
    const h = harness();
    const { id, share } = await serverWithShare(h, { running: true });
    const srcName = hostOf(await show(h, id));
    const src = h.hosts.find((x) => x.name === srcName)!;
    await moveAndEnd(h, id, "confirmResize");
    expect([src.isMounted(share.exportLocation!), h.shares.ipRules(share.id)]).to.deep.equal([
      false,
      [h.hosts.find((x) => x !== src)!.storageIp],
    ]);
  });

  it("same-host-double-mount: a same-host resize mounts each share again; one mount outlives the server's stop", async () => {
    const exportsOn = (h: Harness, exp: string) => h.hosts[0]!.mounts().filter((m) => m.exportLocation === exp).length;
    for (const [faults, during, afterStop] of [
      [[], 1, 0],
      [["same-host-double-mount"], 2, 1],
    ] as const) {
      const h = harness({ hosts: 1, allowResizeToSameHost: true, faults: [...faults] });
      const { id, share } = await serverWithShare(h, { running: true });
      await action(h, id, { resize: { flavorRef: "2" } });
      await waitStatus(h, id, "VERIFY_RESIZE");
      expect(exportsOn(h, share.exportLocation!), `${faults} in VERIFY_RESIZE`).to.equal(during);
      await action(h, id, { confirmResize: null });
      await waitStatus(h, id, "ACTIVE");
      await stop(h, id);
      expect(exportsOn(h, share.exportLocation!), `${faults} after stop`).to.equal(afterStop);
      expect(h.shares.ipRules(share.id)).to.deep.equal(["127.0.3.1"]);
    }
  });

  it("finish-fail-keeps-grant: the failed finish leaves the destination's rule (error-mid-migration revokes it)", async () => {
    for (const [fault, keeps] of [
      ["error-mid-migration", false],
      ["finish-fail-keeps-grant", true],
    ] as const) {
      const h = harness({ faults: [fault] });
      const { id, share } = await serverWithShare(h, { running: true });
      const srcName = hostOf(await show(h, id));
      const src = h.hosts.find((x) => x.name === srcName)!;
      const dst = h.hosts.find((x) => x !== src)!;
      await action(h, id, { migrate: null });
      await waitStatus(h, id, "ERROR");
      expect((await migration(h, id)).status).to.equal("error");
      expect(dst.isMounted(share.exportLocation!), fault).to.equal(false);
      expect(h.shares.ipRules(share.id).includes(dst.storageIp), fault).to.equal(keeps);
    }
  });

  it("confirm-over-revoke: confirm removes the source rule a bystander on the source still uses", async () => {
    const healthy = await bystanderOnSource([]);
    await moveAndEnd(healthy.h, healthy.mover, "confirmResize");
    expect(healthy.h.shares.ipRules(healthy.shareId)).to.have.members(["127.0.3.1", "127.0.3.2"]);

    const bad = await bystanderOnSource(["confirm-over-revoke"]);
    await moveAndEnd(bad.h, bad.mover, "confirmResize");
    expect(bad.h.shares.ipRules(bad.shareId)).to.deep.equal(["127.0.3.2"]);
  });

  it("confirm-over-revoke leaves revert alone: the bystander's rule survives a revert", async () => {
    const bad = await bystanderOnSource(["confirm-over-revoke"]);
    await moveAndEnd(bad.h, bad.mover, "revertResize");
    expect(bad.h.shares.ipRules(bad.shareId)).to.deep.equal(["127.0.3.1"]);
  });

  it("cephx-revoked-in-use: confirm revokes the one cephx rule although the moved server uses the share", async () => {
    const cephx = (h: Harness, shareId: string) =>
      h.shares.listAccess(shareId).map((r) => `${r.accessType}:${r.accessTo}`);
    const healthy = harness();
    const a = await serverWithShare(healthy, { running: true, proto: "CEPHFS" });
    await moveAndEnd(healthy, a.id, "confirmResize");
    expect(cephx(healthy, a.share.id)).to.deep.equal(["cephx:nova"]);

    const h = harness({ faults: ["cephx-revoked-in-use"] });
    const { id, share } = await serverWithShare(h, { running: true, proto: "CEPHFS" });
    await moveAndEnd(h, id, "confirmResize");
    expect(cephx(h, share.id)).to.deep.equal([]);
    const dstName = hostOf(await show(h, id));
    const dst = h.hosts.find((x) => x.name === dstName)!;
    expect(h.shares.resolveExport(share.exportLocation!, { ip: dst.storageIp, cephxUser: "nova" })).to.have.property(
      "error",
    );
  });
});
