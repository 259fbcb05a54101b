import { expect } from "chai";
import { harness, until } from "./fakes.js";
import { action, boot, hostOf, migration, serverWithShare, shareStatus, show, stop, waitStatus } from "./steps.js";

describe("sim nova: cold migration / resize state machine", () => {
  it("migrate + confirm of a running server with an NFS share: dest granted + mounted + XML, source cleaned", async () => {
    const h = harness();
    const { id, share } = await serverWithShare(h, { running: true, tag: "data" });
    const src = hostOf(await show(h, id));
    const seen = new Set<string>();
    expect((await action(h, id, { migrate: null })).status).to.equal(202);
    const s = await until(
      async () => {
        const x = await show(h, id);
        seen.add(`${x.status}/${x["OS-EXT-STS:task_state"]}`);
        return x;
      },
      (x) => x.status === "VERIFY_RESIZE",
      "VERIFY_RESIZE",
    );
    expect(
      [...seen].some((x) => x.startsWith("RESIZE/")),
      [...seen].join(),
    ).to.equal(true);
    const dst = hostOf(s);
    expect(dst).to.not.equal(src);
    expect(s["OS-EXT-STS:vm_state"]).to.equal("resized");
    expect(s["OS-EXT-STS:power_state"]).to.equal(1);
    const destHost = h.hosts.find((x) => x.name === dst)!;
    const srcHost = h.hosts.find((x) => x.name === src)!;
    expect(destHost.isMounted(share.exportLocation!), "dest mount").to.equal(true);
    expect(srcHost.isMounted(share.exportLocation!), "source keeps mount until confirm").to.equal(true);
    expect(h.shares.ipRules(share.id).sort()).to.deep.equal([srcHost.storageIp, destHost.storageIp].sort());
    const dom = destHost.domain(String(s["OS-EXT-SRV-ATTR:instance_name"]))!;
    expect(dom.filesystems.map((f) => f.tag)).to.deep.equal(["data"]);
    expect(destHost.resolveVirtiofs(dom.instanceName, "data")).to.deep.equal({
      dir: share.exportLocation,
      readOnly: false,
    });
    expect((await migration(h, id)).status).to.equal("finished");
    expect((await migration(h, id)).migration_type).to.equal("migration");
    expect(await shareStatus(h, id, share.id)).to.equal("active");

    expect((await action(h, id, { confirmResize: null })).status).to.equal(204);
    await waitStatus(h, id, "ACTIVE");
    await until(
      () => migration(h, id),
      (m) => m.status === "confirmed",
      "confirmed",
    );
    expect(srcHost.isMounted(share.exportLocation!)).to.equal(false);
    expect(srcHost.domain(dom.instanceName)).to.equal(undefined);
    expect(h.shares.ipRules(share.id)).to.deep.equal([destHost.storageIp]);
    expect(h.shares.leftoverLocks).to.deep.equal([]);
    expect(await shareStatus(h, id, share.id)).to.equal("active");
    expect(h.guests.running.get(id)?.locate()?.host.name).to.equal(dst);
  });

  it("migrate + revert: destination cleaned, server back on the source with its <filesystem>", async () => {
    const h = harness();
    const { id, share } = await serverWithShare(h, { running: true });
    const src = hostOf(await show(h, id));
    await action(h, id, { migrate: null });
    const s = await waitStatus(h, id, "VERIFY_RESIZE");
    const destHost = h.hosts.find((x) => x.name === hostOf(s))!;
    expect((await action(h, id, { revertResize: null })).status).to.equal(202);
    const back = await waitStatus(h, id, "ACTIVE");
    expect(hostOf(back)).to.equal(src);
    expect((await migration(h, id)).status).to.equal("reverted");
    const srcHost = h.hosts.find((x) => x.name === src)!;
    expect(destHost.isMounted(share.exportLocation!)).to.equal(false);
    expect(destHost.domain(String(s["OS-EXT-SRV-ATTR:instance_name"]))).to.equal(undefined);
    expect(h.shares.ipRules(share.id)).to.deep.equal([srcHost.storageIp]);
    expect(srcHost.domain(String(s["OS-EXT-SRV-ATTR:instance_name"]))?.filesystems).to.have.length(1);
    expect(srcHost.isMounted(share.exportLocation!)).to.equal(true);
    expect(await shareStatus(h, id, share.id)).to.equal("active");
  });

  it("resize + confirm changes the flavor (2.47 embedded) and records migration_type resize", async () => {
    const h = harness();
    const id = await boot(h);
    expect((await action(h, id, { resize: { flavorRef: "2" } })).status).to.equal(202);
    const s = await waitStatus(h, id, "VERIFY_RESIZE");
    expect((s.flavor as Record<string, unknown>).original_name).to.equal("m1.tiny.alt");
    const m = await migration(h, id);
    expect(m.migration_type).to.equal("resize");
    expect([m.old_instance_type_id, m.new_instance_type_id]).to.deep.equal([1, 2]);
    await action(h, id, { confirmResize: null });
    const done = await waitStatus(h, id, "ACTIVE");
    expect((done.flavor as Record<string, unknown>).ram).to.equal(1024);
  });

  it("resize + revert restores the old flavor", async () => {
    const h = harness();
    const id = await boot(h);
    await action(h, id, { resize: { flavorRef: "3" } });
    await waitStatus(h, id, "VERIFY_RESIZE");
    await action(h, id, { revertResize: null });
    const s = await waitStatus(h, id, "ACTIVE");
    expect((s.flavor as Record<string, unknown>).original_name).to.equal("m1.tiny");
  });

  it("a stopped server: VERIFY_RESIZE with power_state 4, granted not mounted; SHUTOFF after confirm", async () => {
    const h = harness();
    const { id, share } = await serverWithShare(h, { running: false });
    await action(h, id, { migrate: null });
    const s = await waitStatus(h, id, "VERIFY_RESIZE");
    expect(s["OS-EXT-STS:power_state"]).to.equal(4);
    expect(s["OS-EXT-STS:vm_state"]).to.equal("resized");
    const destHost = h.hosts.find((x) => x.name === hostOf(s))!;
    expect(h.shares.ipRules(share.id)).to.include(destHost.storageIp);
    expect(destHost.isMounted(share.exportLocation!)).to.equal(false);
    expect(h.guests.running.has(id)).to.equal(false);
    await action(h, id, { confirmResize: null });
    await waitStatus(h, id, "SHUTOFF");
    expect(await shareStatus(h, id, share.id)).to.equal("inactive");
    expect(h.shares.ipRules(share.id)).to.deep.equal([destHost.storageIp]);
    // starting mounts on the new host
    await action(h, id, { "os-start": null });
    await waitStatus(h, id, "ACTIVE");
    expect(destHost.isMounted(share.exportLocation!)).to.equal(true);
    expect(await shareStatus(h, id, share.id)).to.equal("active");
  });

  it("a stopped server reverted ends SHUTOFF on the source with the share inactive and unmounted", async () => {
    const h = harness();
    const { id, share } = await serverWithShare(h, { running: false });
    const src = hostOf(await show(h, id));
    await action(h, id, { migrate: null });
    await waitStatus(h, id, "VERIFY_RESIZE");
    await action(h, id, { revertResize: null });
    const s = await waitStatus(h, id, "SHUTOFF");
    expect(hostOf(s)).to.equal(src);
    expect(await shareStatus(h, id, share.id)).to.equal("inactive");
    expect(h.hosts.find((x) => x.name === src)!.isMounted(share.exportLocation!)).to.equal(false);
    expect(h.shares.ipRules(share.id)).to.deep.equal([h.hosts.find((x) => x.name === src)!.storageIp]);
  });

  it("NoValidHost with one host: 202, migration error, server keeps ACTIVE, no fault shown", async () => {
    const h = harness({ hosts: 1 });
    const id = await boot(h);
    expect((await action(h, id, { migrate: null })).status).to.equal(202);
    await until(
      () => migration(h, id),
      (m) => m.status === "error",
      "migration error",
    );
    const s = await waitStatus(h, id, "ACTIVE");
    expect(s.fault).to.equal(undefined);
    const acts = await h.call("GET", `/v2.1/servers/${id}/os-instance-actions`, { token: "admin" });
    const rid = (acts.json.instanceActions as Record<string, unknown>[])[0]!.request_id;
    const a = await h.call("GET", `/v2.1/servers/${id}/os-instance-actions/${rid}`, { token: "admin" });
    const events = (a.json.instanceAction as { events: { event: string; result: string }[] }).events;
    expect(events.find((e) => e.event === "cold_migrate")?.result).to.equal("Error");
  });

  it("same-host resize is refused by default and allowed with allow_resize_to_same_host (no grant/mount)", async () => {
    const one = harness({ hosts: 1 });
    const id1 = await boot(one);
    await action(one, id1, { resize: { flavorRef: "2" } });
    await until(
      () => migration(one, id1),
      (m) => m.status === "error",
      "NoValidHost",
    );
    const same = harness({ hosts: 1, allowResizeToSameHost: true });
    const { id, share } = await serverWithShare(same, { running: true });
    const rulesBefore = same.shares.rules.length;
    await action(same, id, { resize: { flavorRef: "2" } });
    const s = await waitStatus(same, id, "VERIFY_RESIZE");
    expect(hostOf(s)).to.equal("compute1");
    expect(same.shares.rules.length).to.equal(rulesBefore);
    await action(same, id, { confirmResize: null });
    await waitStatus(same, id, "ACTIVE");
    expect(same.hosts[0]!.isMounted(share.exportLocation!)).to.equal(true);
    expect(same.shares.ipRules(share.id)).to.deep.equal(["127.0.3.1"]);
  });

  it("targeted migrate (2.56, admin) goes to the named host; errors for same/unknown host; 403 for members", async () => {
    const h = harness({ hosts: 3 });
    const id = await boot(h);
    const src = hostOf(await show(h, id));
    const target = ["compute1", "compute2", "compute3"].find((n) => n !== src)!;
    const same = await action(h, id, { migrate: { host: src } });
    expect(same.status).to.equal(400);
    expect(same.json).to.deep.equal({
      badRequest: { code: 400, message: "Cannot migrate to the host where the server exists." },
    });
    const unknown = await action(h, id, { migrate: { host: "nope" } });
    expect((unknown.json.badRequest as Record<string, unknown>).message).to.equal(
      "Compute host nope could not be found.",
    );
    expect((await action(h, id, { migrate: { host: target } }, "demo")).status).to.equal(403);
    expect((await action(h, id, { migrate: { host: target } })).status).to.equal(202);
    expect(hostOf(await waitStatus(h, id, "VERIFY_RESIZE"))).to.equal(target);
  });

  it("resize errors: same flavor, unknown flavor, invalid state, confirm without resize", async () => {
    const h = harness();
    const id = await boot(h);
    const same = await action(h, id, { resize: { flavorRef: "1" } });
    expect(same.json).to.deep.equal({
      badRequest: { code: 400, message: "When resizing, instances must change flavor!" },
    });
    const unk = await action(h, id, { resize: { flavorRef: "99" } });
    expect((unk.json.badRequest as Record<string, unknown>).message).to.equal("Flavor 99 could not be found.");
    const conf = await action(h, id, { confirmResize: null });
    expect(conf.status).to.equal(409);
    expect((conf.json.conflictingRequest as Record<string, unknown>).message).to.equal(
      `Cannot 'confirmResize' instance ${id} while it is in vm_state active`,
    );
    await stop(h, id);
    await action(h, id, { migrate: null });
    await waitStatus(h, id, "VERIFY_RESIZE");
    const again = await action(h, id, { migrate: null });
    expect((again.json.conflictingRequest as Record<string, unknown>).message).to.equal(
      `Cannot 'migrate' instance ${id} while it is in vm_state resized`,
    );
  });

  it("records instance actions and events for migrate and confirm", async () => {
    const h = harness();
    const id = await boot(h);
    const r = await action(h, id, { migrate: null });
    expect(r.status).to.equal(202);
    await waitStatus(h, id, "VERIFY_RESIZE");
    await action(h, id, { confirmResize: null });
    await waitStatus(h, id, "ACTIVE");
    const list = await h.call("GET", `/v2.1/servers/${id}/os-instance-actions`, { token: "admin", version: "2.84" });
    const actions = list.json.instanceActions as Record<string, unknown>[];
    expect(actions.map((a) => a.action)).to.deep.equal(["confirmResize", "migrate", "create"]);
    const mig = await h.call("GET", `/v2.1/servers/${id}/os-instance-actions/${actions[1]!.request_id}`, {
      token: "admin",
      version: "2.84",
    });
    const events = (mig.json.instanceAction as { events: Record<string, unknown>[] }).events;
    expect(events.map((e) => e.event)).to.deep.equal([
      "conductor_migrate_server",
      "cold_migrate",
      "compute_prep_resize",
      "compute_resize_instance",
      "compute_finish_resize",
    ]);
    expect(events.every((e) => e.result === "Success")).to.equal(true);
    expect(events[0]).to.have.keys(
      "event",
      "start_time",
      "finish_time",
      "result",
      "traceback",
      "host",
      "hostId",
      "details",
    );
    const asMember = await h.call("GET", `/v2.1/servers/${id}/os-instance-actions/${actions[1]!.request_id}`, {
      version: "2.84",
    });
    const memberEv = (asMember.json.instanceAction as { events: Record<string, unknown>[] }).events[0]!;
    expect(memberEv).to.have.keys("event", "start_time", "finish_time", "result", "hostId");
  });

  it("tempest's 2.1 flow: migrate {} and confirmResize {} work without a microversion header", async () => {
    const h = harness();
    const id = await boot(h);
    expect((await action(h, id, { migrate: {} }, "admin", "2.1")).status).to.equal(202);
    await waitStatus(h, id, "VERIFY_RESIZE");
    expect(
      (
        await h.call("POST", `/v2.1/servers/${id}/action`, {
          token: "admin",
          version: null,
          body: { confirmResize: {} },
        })
      ).status,
    ).to.equal(204);
    await waitStatus(h, id, "ACTIVE");
    const list = await h.call("GET", "/v2.1/os-migrations", { token: "admin", version: null });
    expect(Object.keys((list.json.migrations as Record<string, unknown>[])[0]!)).to.have.length(12);
  });

  it("deleting a server in VERIFY_RESIZE cleans both hosts and confirms the migration", async () => {
    const h = harness();
    const { id, share } = await serverWithShare(h, { running: true });
    await action(h, id, { migrate: null });
    await waitStatus(h, id, "VERIFY_RESIZE");
    expect((await h.call("DELETE", `/v2.1/servers/${id}`)).status).to.equal(204);
    await until(
      async () => (await h.call("GET", `/v2.1/servers/${id}`)).status,
      (s) => s === 404,
      "deleted",
    );
    expect(h.hosts.every((x) => !x.isMounted(share.exportLocation!) && x.domains().length === 0)).to.equal(true);
    expect(h.shares.rules).to.deep.equal([]);
    // The record is soft-deleted with the instance (os-migrations no longer lists it); the row says confirmed.
    expect(h.nova.core.db.migrations.filter((m) => m.instanceUuid === id).map((m) => m.status)).to.deep.equal([
      "confirmed",
    ]);
  });
});
