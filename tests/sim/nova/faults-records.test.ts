// The fault profiles that break what a move records or grants without stopping it: the destination rule's access_to,
// the instance actions (attach/detach_share during the move, the revert's events), the flavor after confirm/revert,
// the migration record's owner and the microversion gate on resize. Each shows the faulted record next to the
// healthy one, so the suite assertion reading it can be proven to fail.

import { expect } from "chai";
import { ADMIN_PROJECT, DEMO, type Harness, harness, until } from "./fakes.js";
import { action, boot, migration, type Server, serverWithShare, show, waitStatus } from "./steps.js";

async function actions(h: Harness, id: string): Promise<Server[]> {
  const r = await h.call("GET", `/v2.1/servers/${id}/os-instance-actions`, { token: "admin" });
  return r.json.instanceActions as Server[];
}

async function events(h: Harness, id: string, name: string): Promise<string[]> {
  const a = (await actions(h, id)).find((x) => x.action === name);
  expect(a, `action ${name}`).to.exist;
  const r = await h.call("GET", `/v2.1/servers/${id}/os-instance-actions/${a!.request_id}`, { token: "admin" });
  return ((r.json.instanceAction as Server).events as Server[]).map((e) => `${e.event}:${e.result}`);
}

async function moved(h: Harness, id: string, end: "confirmResize" | "revertResize", body: unknown = { migrate: null }) {
  expect((await action(h, id, body)).status).to.be.oneOf([202]);
  await waitStatus(h, id, "VERIFY_RESIZE");
  await action(h, id, { [end]: null });
  await until(
    () => migration(h, id),
    (m) => m.status === (end === "confirmResize" ? "confirmed" : "reverted"),
    `migration ${end}`,
  );
  return waitStatus(h, id, "ACTIVE");
}

const flavorName = (s: Server) => String((s.flavor as Server).original_name);

describe("sim nova: faults in what a move records", () => {
  it("dest-rule-names-network: the destination rule names 127.0.3.0/24; the revert removes it", async () => {
    const h = harness({ faults: ["dest-rule-names-network"] });
    const { id, share } = await serverWithShare(h, { running: true });
    await action(h, id, { migrate: null });
    await waitStatus(h, id, "VERIFY_RESIZE");
    expect(h.shares.ipRules(share.id)).to.have.members(["127.0.3.1", "127.0.3.0/24"]);
    expect(h.hosts[1]!.isMounted(share.exportLocation!), "the network rule lets the destination mount").to.equal(true);
    await action(h, id, { revertResize: null });
    await until(
      () => h.shares.ipRules(share.id),
      (r) => r.length === 1,
      "destination rule revoked",
    );
    expect(h.shares.ipRules(share.id)).to.deep.equal(["127.0.3.1"]);
  });

  it("move-records-share-actions: migrate + confirm record attach_share and detach_share (healthy: none)", async () => {
    const healthy = harness();
    const a = await serverWithShare(healthy, { running: true });
    await moved(healthy, a.id, "confirmResize");
    const names = (await actions(healthy, a.id)).map((x) => x.action);
    expect(names.filter((n) => n === "attach_share")).to.have.length(1);
    expect(names).to.not.include("detach_share");

    const h = harness({ faults: ["move-records-share-actions"] });
    const { id } = await serverWithShare(h, { running: true });
    await moved(h, id, "confirmResize");
    const list = (await actions(h, id)).map((x) => String(x.action));
    // newest first: detach (confirm's source cleanup), confirmResize, attach (finish step), migrate, ..., the real attach
    expect(list.slice(0, 4)).to.deep.equal(["detach_share", "confirmResize", "attach_share", "migrate"]);
  });

  it("revert-event-on-move-action: compute_finish_revert_resize lands on the migrate action", async () => {
    const healthy = harness();
    const a = await serverWithShare(healthy, { running: true });
    await moved(healthy, a.id, "revertResize");
    expect(await events(healthy, a.id, "revertResize")).to.deep.equal([
      "compute_revert_resize:Success",
      "compute_finish_revert_resize:Success",
    ]);

    const h = harness({ faults: ["revert-event-on-move-action"] });
    const { id } = await serverWithShare(h, { running: true });
    await moved(h, id, "revertResize");
    expect(await events(h, id, "revertResize")).to.deep.equal(["compute_revert_resize:Success"]);
    expect(await events(h, id, "migrate")).to.include("compute_finish_revert_resize:Success");
  });

  it("confirm-restores-old-flavor / revert-keeps-new-flavor: the flavor after the end of a resize", async () => {
    const resize = { resize: { flavorRef: "2" } };
    const healthy = harness();
    expect(flavorName(await moved(healthy, await boot(healthy), "confirmResize", resize))).to.equal("m1.tiny.alt");
    expect(flavorName(await moved(healthy, await boot(healthy), "revertResize", resize))).to.equal("m1.tiny");

    const c = harness({ faults: ["confirm-restores-old-flavor"] });
    expect(flavorName(await moved(c, await boot(c), "confirmResize", resize))).to.equal("m1.tiny");
    const r = harness({ faults: ["revert-keeps-new-flavor"] });
    expect(flavorName(await moved(r, await boot(r), "revertResize", resize))).to.equal("m1.tiny.alt");
  });

  it("migration-owner-from-server: os-migrations at 2.80 names the server's owner (healthy: who asked for the move)", async () => {
    const owners = async (faults: string[]) => {
      const h = harness({ faults });
      const { id } = await serverWithShare(h, { running: true });
      await moved(h, id, "confirmResize");
      const m = await migration(h, id);
      return [m.user_id, m.project_id];
    };
    expect(await owners([])).to.deep.equal(["user-admin", ADMIN_PROJECT]);
    expect(await owners(["migration-owner-from-server"])).to.deep.equal(["user-demo", DEMO]);
  });

  it("resize-recorded-as-migration: a resize's record says migration (healthy: resize)", async () => {
    const typeOf = async (faults: string[]) => {
      const h = harness({ faults });
      const id = await boot(h);
      await action(h, id, { resize: { flavorRef: "2" } });
      await waitStatus(h, id, "VERIFY_RESIZE");
      return (await migration(h, id)).migration_type;
    };
    expect(await typeOf([])).to.equal("resize");
    expect(await typeOf(["resize-recorded-as-migration"])).to.equal("migration");
  });

  it("stopped-server-powered-on: a stopped server's move ends running (healthy: shut down)", async () => {
    const powerAfterMove = async (faults: string[]) => {
      const h = harness({ faults });
      const { id } = await serverWithShare(h, { running: false });
      await action(h, id, { migrate: null });
      return (await waitStatus(h, id, "VERIFY_RESIZE"))["OS-EXT-STS:power_state"];
    };
    expect(await powerAfterMove([])).to.equal(4);
    expect(await powerAfterMove(["stopped-server-powered-on"])).to.equal(1);
  });

  it("dest-filesystem-not-virtiofs: the destination domain's <filesystem> has driver path (healthy: virtiofs)", async () => {
    const driversOnDest = async (faults: string[]) => {
      const h = harness({ faults });
      const { id } = await serverWithShare(h, { running: true });
      await action(h, id, { migrate: null });
      const s = await waitStatus(h, id, "VERIFY_RESIZE");
      const dest = h.hosts.find((x) => x.name === s["OS-EXT-SRV-ATTR:host"])!;
      return dest.domain(String(s["OS-EXT-SRV-ATTR:instance_name"]))!.filesystems.map((f) => f.driver ?? "virtiofs");
    };
    expect(await driversOnDest([])).to.deep.equal(["virtiofs"]);
    expect(await driversOnDest(["dest-filesystem-not-virtiofs"])).to.deep.equal(["path"]);
  });

  it("resize-microversion-gate-missing: resize with shares at 2.104 is accepted, migrate still refused", async () => {
    const h = harness({ faults: ["resize-microversion-gate-missing"] });
    const { id } = await serverWithShare(h, { running: true });
    expect((await action(h, id, { migrate: null }, "admin", "2.104")).status).to.equal(409);
    expect((await action(h, id, { resize: { flavorRef: "2" } }, "demo", "2.104")).status).to.equal(202);
    await waitStatus(h, id, "VERIFY_RESIZE");
  });

  it("a server deleted while a move accepted by a fault is still finishing does not get its guest back", async () => {
    const h = harness({ faults: ["resize-microversion-gate-missing"], perStep: { "migrate.finish_resize": 150 } });
    const { id } = await serverWithShare(h, { running: true });
    expect((await action(h, id, { resize: { flavorRef: "2" } }, "demo", "2.104")).status).to.equal(202);
    await until(
      () => show(h, id),
      (s) => s["OS-EXT-STS:task_state"] === "resize_finish",
      "finish step running",
    );
    expect((await h.call("DELETE", `/v2.1/servers/${id}`)).status).to.equal(204);
    await until(
      () => h.call("GET", `/v2.1/servers/${id}`, { token: "admin" }),
      (r) => r.status === 404,
      "server gone",
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(h.guests.destroyed.has(id)).to.equal(true);
    expect(h.guests.running.has(id), "guest started again after the delete").to.equal(false);
  });
});
