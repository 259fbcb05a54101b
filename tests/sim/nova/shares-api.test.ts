import * as fs from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { DEMO, harness, until } from "./fakes.js";
import { boot, serverWithShare, shareStatus, stop } from "./steps.js";

const SAMPLES = fileURLToPath(new URL("../../fixtures/nova-api-samples", import.meta.url));

function sample(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(`${SAMPLES}/${name}`, "utf8")) as Record<string, unknown>;
}

/** Same keys, recursively, and the same JSON types. */
function sameShape(actual: unknown, expected: unknown, where = "$"): void {
  if (Array.isArray(expected)) {
    expect(actual, where).to.be.an("array");
    if (expected.length > 0)
      for (const [i, a] of (actual as unknown[]).entries()) sameShape(a, expected[0], `${where}[${i}]`);
    return;
  }
  if (expected !== null && typeof expected === "object") {
    expect(actual, where).to.be.an("object");
    expect(Object.keys(actual as object).sort(), where).to.deep.equal(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected))
      sameShape((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
    return;
  }
  expect(typeof actual, `${where} type`).to.equal(typeof expected);
}

const msg = (r: { json: Record<string, unknown> }) => Object.values(r.json)[0] as { code: number; message: string };

describe("sim nova: os-server-shares API (2.97)", () => {
  it("create/list/show/delete match the golden samples (member and admin views)", async () => {
    const h = harness();
    const id = await boot(h);
    await stop(h, id);
    const share = h.shares.addShare({ projectId: DEMO });
    const created = await h.call("POST", `/v2.1/servers/${id}/shares`, { body: { share: { share_id: share.id } } });
    expect(created.status).to.equal(201);
    sameShape(created.json, sample("server-shares-create-resp.json"));
    expect((created.json.share as Record<string, unknown>).status).to.equal("attaching");
    expect((created.json.share as Record<string, unknown>).tag).to.equal(share.id);
    await until(
      () => shareStatus(h, id, share.id),
      (s) => s === "inactive",
      "inactive",
    );
    sameShape((await h.call("GET", `/v2.1/servers/${id}/shares`)).json, sample("server-shares-list-resp.json"));
    sameShape(
      (await h.call("GET", `/v2.1/servers/${id}/shares`, { token: "admin" })).json,
      sample("server-shares-list-resp.json"),
    );
    sameShape(
      (await h.call("GET", `/v2.1/servers/${id}/shares/${share.id}`)).json,
      sample("server-shares-show-resp.json"),
    );
    const adminShow = await h.call("GET", `/v2.1/servers/${id}/shares/${share.id}`, { token: "admin" });
    sameShape(adminShow.json, sample("server-shares-admin-show-resp.json"));
    const del = await h.call("DELETE", `/v2.1/servers/${id}/shares/${share.id}`);
    expect(del.status).to.equal(200);
    expect(del.body).to.equal(undefined);
    await until(
      () => shareStatus(h, id, share.id),
      (s) => s === undefined,
      "mapping gone",
    );
    expect(h.shares.rules).to.deep.equal([]);
    const adminCreate = await h.call("POST", `/v2.1/servers/${id}/shares`, {
      token: "admin",
      body: { share: { share_id: share.id } },
    });
    sameShape(adminCreate.json, sample("server-shares-admin-create-resp.json"));
  });

  it("is absent below 2.97 and validates bodies and query strings", async () => {
    const h = harness();
    const id = await boot(h);
    await stop(h, id);
    const old = await h.call("GET", `/v2.1/servers/${id}/shares`, { version: "2.96" });
    expect(old.status).to.equal(404);
    const q = await h.call("GET", `/v2.1/servers/${id}/shares?foo=1`);
    expect(q.status).to.equal(400);
    expect(msg(q).message).to.equal("Additional properties are not allowed ('foo' was unexpected)");
    const share = h.shares.addShare({ projectId: DEMO });
    for (const body of [
      {},
      { share: {} },
      { share: { share_id: "not-a-uuid" } },
      { share: { share_id: share.id, tag: "a_b" } },
      { share: { share_id: share.id, tag: "" } },
      { share: { share_id: share.id, tag: "x".repeat(256) } },
      { share: { share_id: share.id, extra: 1 } },
    ]) {
      const r = await h.call("POST", `/v2.1/servers/${id}/shares`, { body });
      expect(r.status, JSON.stringify(body)).to.equal(400);
    }
    const bad = await h.call("POST", `/v2.1/servers/${id}/shares`, {
      body: { share: { share_id: share.id, tag: "a_b" } },
    });
    expect(msg(bad).message).to.equal(
      "Invalid input for field/attribute tag. Value: 'a_b'. 'a_b' does not match '^[a-zA-Z0-9-]*$'",
    );
  });

  it("answers Nova's errors in Nova's order: 404 server, 403 policy, 409 state, 404 share, 409 share checks", async () => {
    const h = harness();
    const id = await boot(h);
    const share = h.shares.addShare({ projectId: DEMO });
    const body = { share: { share_id: share.id } };
    const unknown = await h.call("POST", "/v2.1/servers/6f1c1b2e-0000-4000-8000-000000000000/shares", { body });
    expect(unknown.status).to.equal(404);
    expect(msg(unknown).message).to.contain("has no mapping to a cell");
    expect((await h.call("POST", `/v2.1/servers/${id}/shares`, { body, token: "other" })).status).to.equal(403);
    expect((await h.call("POST", `/v2.1/servers/${id}/shares`, { body, token: "reader" })).status).to.equal(403);
    const running = await h.call("POST", `/v2.1/servers/${id}/shares`, { body });
    expect(running.status).to.equal(409);
    expect(msg(running).message).to.equal(`Cannot 'create share' instance ${id} while it is in vm_state active`);
    await stop(h, id);
    const missing = "e8debdc0-447a-4376-a10a-4cd9122d7986";
    const nf = await h.call("POST", `/v2.1/servers/${id}/shares`, { body: { share: { share_id: missing } } });
    expect([nf.status, msg(nf).message]).to.deep.equal([404, `Share ${missing} could not be found.`]);
    const err = h.shares.addShare({ projectId: DEMO, status: "error" });
    const e1 = await h.call("POST", `/v2.1/servers/${id}/shares`, { body: { share: { share_id: err.id } } });
    expect([e1.status, msg(e1).message]).to.deep.equal([
      409,
      `Share ${err.id} is in 'error' instead of 'available' status.`,
    ]);
    const noExp = h.shares.addShare({ projectId: DEMO, exportLocation: null });
    const e2 = await h.call("POST", `/v2.1/servers/${id}/shares`, { body: { share: { share_id: noExp.id } } });
    expect(msg(e2).message).to.equal(`Share ${noExp.id} export location is missing.`);
    const cifs = h.shares.addShare({ projectId: DEMO, proto: "CIFS", exportLocation: "//x/y" });
    const e3 = await h.call("POST", `/v2.1/servers/${id}/shares`, { body: { share: { share_id: cifs.id } } });
    expect(msg(e3).message).to.equal("Share protocol CIFS is not supported.");
    const ok = await h.call("POST", `/v2.1/servers/${id}/shares`, {
      body: { share: { share_id: share.id, tag: "my-tag" } },
    });
    expect(ok.status).to.equal(201);
    const dup = await h.call("POST", `/v2.1/servers/${id}/shares`, { body: { share: { share_id: share.id } } });
    expect([dup.status, msg(dup).message]).to.deep.equal([
      409,
      `Share '${share.id}' or tag '${share.id}' already associated to this server.`,
    ]);
    const other = h.shares.addShare({ projectId: DEMO });
    const dupTag = await h.call("POST", `/v2.1/servers/${id}/shares`, {
      body: { share: { share_id: other.id, tag: "my-tag" } },
    });
    expect(msg(dupTag).message).to.equal(`Share '${other.id}' or tag 'my-tag' already associated to this server.`);
    const showMissing = await h.call("GET", `/v2.1/servers/${id}/shares/${other.id}`);
    expect([showMissing.status, msg(showMissing).message]).to.deep.equal([
      404,
      `Share ${other.id} could not be found.`,
    ]);
  });

  it("delete needs a stopped (or errored) server; the NFS rule stays while another server on the host uses it", async () => {
    const h = harness({ hosts: 1 });
    const a = await serverWithShare(h, { running: true });
    const runningDel = await h.call("DELETE", `/v2.1/servers/${a.id}/shares/${a.share.id}`);
    expect([runningDel.status, msg(runningDel).message]).to.deep.equal([
      409,
      `Cannot 'delete share' instance ${a.id} while it is in vm_state active`,
    ]);
    const b = await boot(h);
    await stop(h, b);
    await h.call("POST", `/v2.1/servers/${b}/shares`, { body: { share: { share_id: a.share.id } } });
    await until(
      () => shareStatus(h, b, a.share.id),
      (s) => s === "inactive",
      "b inactive",
    );
    await h.call("DELETE", `/v2.1/servers/${b}/shares/${a.share.id}`);
    await until(
      () => shareStatus(h, b, a.share.id),
      (s) => s === undefined,
      "b detached",
    );
    expect(h.shares.ipRules(a.share.id), "a still uses the share on compute1").to.deep.equal(["127.0.3.1"]);
  });

  it("a server delete unmounts and revokes its shares", async () => {
    const h = harness();
    const { id, share } = await serverWithShare(h, { running: true });
    expect((await h.call("DELETE", `/v2.1/servers/${id}`)).status).to.equal(204);
    await until(
      async () => (await h.call("GET", `/v2.1/servers/${id}`)).status,
      (s) => s === 404,
      "server gone",
    );
    expect(h.shares.rules).to.deep.equal([]);
    expect(h.hosts.every((x) => !x.isMounted(share.exportLocation!))).to.equal(true);
    expect(h.guests.destroyed.has(id)).to.equal(true);
  });

  it("blocks shelve/suspend/evacuate/live-migrate with 409 and rebuild with 500 for servers with shares", async () => {
    const h = harness();
    const { id } = await serverWithShare(h, { running: true });
    for (const body of [
      { shelve: null },
      { suspend: null },
      { evacuate: {} },
      { "os-migrateLive": { host: null, block_migration: "auto" } },
    ]) {
      const r = await h.call("POST", `/v2.1/servers/${id}/action`, { token: "admin", body });
      expect([r.status, msg(r).message], JSON.stringify(body)).to.deep.equal([
        409,
        "Feature not supported with instances that have shares.",
      ]);
    }
    const rb = await h.call("POST", `/v2.1/servers/${id}/action`, {
      token: "admin",
      body: { rebuild: { imageRef: "11111111-1111-1111-1111-111111111111" } },
    });
    expect(rb.status).to.equal(500);
    expect(Object.keys(rb.json)).to.deep.equal(["computeFault"]);
  });

  it("starting a server whose share cannot be mounted puts share and server in ERROR; hard reboot recovers", async () => {
    const h = harness();
    const { id, share } = await serverWithShare(h, { running: false });
    const rules = [...h.shares.rules];
    h.shares.rules.splice(0);
    await h.call("POST", `/v2.1/servers/${id}/action`, { body: { "os-start": null } });
    const s = await until(
      async () =>
        (await h.call("GET", `/v2.1/servers/${id}`, { token: "admin" })).json.server as Record<string, unknown>,
      (x) => x.status === "ERROR",
      "ERROR",
    );
    expect((s.fault as Record<string, unknown>).message).to.contain(
      `Share id ${share.id} mount error from server ${id}`,
    );
    expect(await shareStatus(h, id, share.id)).to.equal("error");
    const start = await h.call("POST", `/v2.1/servers/${id}/action`, { body: { "os-start": null } });
    expect(msg(start).message).to.equal(`Cannot 'start' instance ${id} while it is in vm_state error`);
    h.shares.rules.push(...rules);
    await h.call("POST", `/v2.1/servers/${id}/action`, { body: { reboot: { type: "HARD" } } });
    await until(
      () => shareStatus(h, id, share.id),
      (x) => x === "active",
      "active after hard reboot",
    );
  });
});
