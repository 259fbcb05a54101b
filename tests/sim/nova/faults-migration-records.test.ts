// The fault profiles that misreport a move in os-migrations and os-instance-actions (a second record, the
// instance_uuid filter dropped, the hosts swapped or the source named twice, a cold migration filed as 'resize'), and
// the one that mounts a share's path from another share's export. Each shows the faulted answer next to the healthy
// one, so the suite assertion reading it can be proven to fail.

import { expect } from "chai";
import { DEMO, type Harness, harness, until } from "./fakes.js";
import { action, hostOf, type Server, serverWithShare, shareStatus, show, start, waitStatus } from "./steps.js";

async function migrations(h: Harness, instanceUuid: string): Promise<Server[]> {
  const r = await h.call("GET", `/v2.1/os-migrations?instance_uuid=${instanceUuid}`, {
    token: "admin",
    version: "2.80",
  });
  return r.json.migrations as Server[];
}

/** A running server with a share in VERIFY_RESIZE after a cold migration; where it was and where it is. */
async function migrated(h: Harness): Promise<{ id: string; source: string; dest: string }> {
  const { id } = await serverWithShare(h, { running: true });
  const source = hostOf(await show(h, id));
  expect((await action(h, id, { migrate: null })).status).to.equal(202);
  const dest = hostOf(await waitStatus(h, id, "VERIFY_RESIZE"));
  return { id, source, dest };
}

const hosts = (m: Server) => [m.source_compute, m.source_node, m.dest_compute, m.dest_node];

describe("sim nova: faults in os-migrations and the move's instance action", () => {
  it("migration-record-duplicated: a stale pre-migrating record beside the move's own (healthy: one)", async () => {
    const healthy = harness();
    const a = await migrated(healthy);
    expect((await migrations(healthy, a.id)).map((m) => m.status)).to.deep.equal(["finished"]);
    const h = harness({ faults: ["migration-record-duplicated"] });
    const b = await migrated(h);
    // newest first (2.59+): the waiters still find the record that moves the server
    expect((await migrations(h, b.id)).map((m) => m.status)).to.deep.equal(["finished", "pre-migrating"]);
  });

  it("migrations-filter-ignored: instance_uuid of an unmoved server lists the other's record (healthy: none)", async () => {
    for (const [faults, want] of [
      [[], 0],
      [["migrations-filter-ignored"], 1],
    ] as const) {
      const h = harness({ faults: [...faults] });
      await migrated(h);
      const { id: still } = await serverWithShare(h, { running: false });
      expect(await migrations(h, still), `faults ${faults}`).to.have.length(want);
    }
  });

  it("a deleted server's records leave os-migrations (Nova soft-deletes them with the instance)", async () => {
    const h = harness();
    const a = await migrated(h);
    expect(await migrations(h, a.id)).to.have.length(1);
    expect((await h.call("DELETE", `/v2.1/servers/${a.id}`, { token: "admin" })).status).to.equal(204);
    await until(
      () => h.call("GET", `/v2.1/servers/${a.id}`, { token: "admin" }),
      (r) => r.status === 404,
      "server gone",
    );
    expect(await migrations(h, a.id)).to.deep.equal([]);
    const all = await h.call("GET", "/v2.1/os-migrations", { token: "admin", version: "2.80" });
    expect(all.json.migrations).to.deep.equal([]);
  });

  it("migration-hosts-swapped / migration-dest-is-source: the report only; the server is where it is", async () => {
    const healthy = harness();
    const a = await migrated(healthy);
    expect(hosts((await migrations(healthy, a.id))[0]!)).to.deep.equal([a.source, a.source, a.dest, a.dest]);
    const s = harness({ faults: ["migration-hosts-swapped"] });
    const b = await migrated(s);
    expect(hosts((await migrations(s, b.id))[0]!)).to.deep.equal([b.dest, b.dest, b.source, b.source]);
    const d = harness({ faults: ["migration-dest-is-source"] });
    const c = await migrated(d);
    expect(hosts((await migrations(d, c.id))[0]!)).to.deep.equal([c.source, c.source, c.source, c.source]);
    // the move itself used the right hosts: confirm ends on the destination
    await action(d, c.id, { confirmResize: null });
    expect(hostOf(await waitStatus(d, c.id, "ACTIVE"))).to.equal(c.dest);
  });

  it("migrate-recorded-as-resize: the cold migration's action is 'resize' (healthy: 'migrate')", async () => {
    for (const [faults, want] of [
      [[], "migrate"],
      [["migrate-recorded-as-resize"], "resize"],
    ] as const) {
      const h = harness({ faults: [...faults] });
      const { id } = await migrated(h);
      const r = await h.call("GET", `/v2.1/servers/${id}/os-instance-actions`, { token: "admin" });
      const names = (r.json.instanceActions as Server[]).map((x) => x.action);
      expect(names[0], `faults ${faults}: ${names}`).to.equal(want);
    }
  });

  it("dest-mounts-previous-export: the second share's path on the destination holds the first's export", async () => {
    const h = harness({ faults: ["dest-mounts-previous-export"] });
    const { id, share: first } = await serverWithShare(h, { running: false, tag: "one" });
    const second = h.shares.addShare({ projectId: DEMO, proto: "NFS" });
    const r = await h.call("POST", `/v2.1/servers/${id}/shares`, {
      body: { share: { share_id: second.id, tag: "two" } },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    await until(
      () => shareStatus(h, id, second.id),
      (s) => s === "inactive",
      "second share inactive",
    );
    await start(h, id);
    const source = hostOf(await show(h, id));
    await action(h, id, { migrate: null });
    await waitStatus(h, id, "VERIFY_RESIZE");
    const dst = h.hosts.find((x) => x.name !== source)!;
    const at = (exp: string) => dst.mounts().find((m) => m.mountPath === dst.mountPathFor(exp))?.exportLocation;
    expect(at(first.exportLocation!), "the first share's path").to.equal(first.exportLocation);
    expect(at(second.exportLocation!), "the second share's path").to.equal(first.exportLocation);
    // revert unmounts by path: nothing is left on the destination
    await action(h, id, { revertResize: null });
    await waitStatus(h, id, "ACTIVE");
    await until(
      async () => dst.mounts(),
      (m) => m.length === 0,
      "destination unmounted",
    );
  });
});
