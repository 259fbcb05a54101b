import { existsSync } from "node:fs";
import { expect } from "chai";
import { ManilaError } from "../../../sim/services/manila.js";
import { call, type Json, until } from "./helpers.js";
import { MV, manilaWorld } from "./manila-world.js";

describe("sim manila", () => {
  const w = manilaWorld();
  const { api, availableShare, waitRule, waitGone, locksOf, novaGrant } = w;

  it("answers the versions document and negotiates microversions", async () => {
    const v = await call(`${w.url}/share`, "GET");
    const doc = (v.body.versions as Json[])[0]!;
    expect(doc).to.include({ id: "v2.0", status: "CURRENT", version: "2.84", min_version: "2.0" });
    const r = await api("GET", "/shares", w.demo, undefined, { "OpenStack-API-Version": "shared-file-system 2.65" });
    expect(r.status).to.equal(200);
    expect(r.headers.get("x-openstack-manila-api-version")).to.equal("2.65");
    expect(r.headers.get("openstack-api-version")).to.equal("shared-file-system 2.65");
    const tooNew = await api("GET", "/shares", w.demo, undefined, { "X-OpenStack-Manila-API-Version": "2.200" });
    expect(tooNew.status).to.equal(406);
    expect(JSON.stringify(tooNew.body)).to.include("maximum is 2.84");
    const garbage = await api("GET", "/shares", w.demo, undefined, { "X-OpenStack-Manila-API-Version": "two" });
    expect(garbage.status).to.equal(400);
    expect((await api("GET", "/shares", "")).status, "no token").to.equal(401);
  });

  it("creates a share (200, creating -> available) with data on disk, export locations at 2.9+, and deletes it", async () => {
    const created = await api("POST", "/shares", w.demo, { share: { share_proto: "NFS", size: 1, name: "life" } });
    expect(created.status).to.equal(200);
    expect((created.body.share as Json).status).to.equal("creating");
    const share = await availableShare();
    const id = String(share.id);
    expect(share).not.to.have.property("export_locations");
    expect(share.access_rules_status).to.equal("active");
    expect(existsSync(`${w.tmp.dir}/manila/shares/${id}`)).to.equal(true);
    const els = await api("GET", `/shares/${id}/export_locations`, w.demo);
    const el = (els.body.export_locations as Json[])[0]!;
    expect(el.path).to.equal(`127.0.4.1:/shares/share-${id}`);
    expect(el.preferred).to.equal(true);
    const old = await api("GET", `/shares/${id}`, w.demo, undefined, { "X-OpenStack-Manila-API-Version": "2.8" });
    expect((old.body.share as Json).export_location).to.equal(`127.0.4.1:/shares/share-${id}`);
    expect(
      (
        await api("GET", `/shares/${id}/export_locations`, w.demo, undefined, {
          "X-OpenStack-Manila-API-Version": "2.8",
        })
      ).status,
    ).to.equal(404);
    expect(w.manila.backend.getShare(id)).to.deep.include({
      status: "available",
      proto: "NFS",
      exportLocation: el.path,
    });
    const ceph = await availableShare("CEPHFS");
    expect(w.manila.backend.getShare(String(ceph.id))!.exportLocation).to.equal(
      `127.0.4.2:6789:/volumes/_nogroup/${String(ceph.id)}`,
    );
    expect((await api("DELETE", `/shares/${id}`, w.demo)).status).to.equal(202);
    await until("share gone", async () =>
      (await api("GET", `/shares/${id}`, w.demo)).status === 404 ? true : undefined,
    );
    expect(existsSync(`${w.tmp.dir}/manila/shares/${id}`)).to.equal(false);
  });

  it("isolates projects: members see their own shares, admins see all with all_tenants", async () => {
    const mine = await availableShare();
    const theirs = await availableShare("NFS", w.admin);
    expect((await api("GET", `/shares/${String(theirs.id)}`, w.demo)).status).to.equal(404);
    const list = (await api("GET", "/shares", w.demo)).body.shares as Json[];
    expect(list.map((s) => s.id))
      .to.include(mine.id)
      .and.not.include(theirs.id);
    const all = (await api("GET", "/shares/detail?all_tenants=1", w.admin)).body.shares as Json[];
    expect(all.map((s) => s.id)).to.include.members([mine.id, theirs.id]);
    expect((await api("DELETE", `/shares/${String(theirs.id)}`, w.demo)).status).to.equal(404);
  });

  it("rejects bad share bodies with 400 and unknown actions", async () => {
    for (const body of [
      {},
      { share: { share_proto: "NFS", size: 0 } },
      { share: { share_proto: "XFS", size: 1 } },
      { share: "x" },
    ]) {
      const r = await api("POST", "/shares", w.demo, body);
      expect(r.status, JSON.stringify(body)).to.equal(400);
      expect(r.body).to.have.property("badRequest");
    }
    const s = await availableShare();
    const r = await api("POST", `/shares/${String(s.id)}/action`, w.demo, { frobnicate: {} });
    expect(r.status).to.equal(400);
    const badIp = await api("POST", `/shares/${String(s.id)}/action`, w.demo, {
      allow_access: { access_type: "ip", access_to: "300.1.1.1", access_level: "rw" },
    });
    expect(badIp.status).to.equal(400);
    const badLevel = await api("POST", `/shares/${String(s.id)}/action`, w.demo, {
      allow_access: { access_type: "ip", access_to: "10.0.0.1", access_level: "rx" },
    });
    expect(JSON.stringify(badLevel.body)).to.include("Invalid share access level: rx.");
  });

  it("applies locked rules, masks them for members, refuses deletion without unrestrict, and unlocks on unrestrict", async () => {
    const s = await availableShare();
    const sid = String(s.id);
    const allow = await api("POST", `/shares/${sid}/action`, w.demo, {
      allow_access: {
        access_type: "ip",
        access_to: "127.0.3.1",
        access_level: "rw",
        lock_visibility: true,
        lock_deletion: true,
        lock_reason: "Lock by test",
      },
    });
    expect(allow.status, JSON.stringify(allow.body)).to.equal(200);
    const rule = allow.body.access as Json;
    const rid = String(rule.id);
    expect(rule.state).to.equal("queued_to_apply");
    await waitRule(rid, "active");
    expect(((await api("GET", `/shares/${sid}`, w.demo)).body.share as Json).access_rules_status).to.equal("active");
    expect((await locksOf(rid)).map((l) => l.resource_action).sort()).to.deep.equal(["delete", "show"]);
    const shareLocks = await locksOf(sid);
    expect(shareLocks).to.have.length(1);
    expect(shareLocks[0]!.lock_reason).to.match(/^Locked by access lock: /);
    // the lock owner (w.demo) sees its own rule; the dup check answers Manila's message
    const dup = await api("POST", `/shares/${sid}/action`, w.demo, {
      allow_access: { access_type: "ip", access_to: "127.0.3.1" },
    });
    expect(dup.status).to.equal(400);
    expect(JSON.stringify(dup.body)).to.include("Share access ip:127.0.3.1 exists.");
    const denied = await api("POST", `/shares/${sid}/action`, w.demo, { deny_access: { access_id: rid } });
    expect(denied.status).to.equal(403);
    expect(JSON.stringify(denied.body)).to.include("since it has been locked");
    const del = await api("DELETE", `/shares/${sid}`, w.demo);
    expect(del.status, "a share with a locked rule cannot be deleted").to.equal(403);
    expect(JSON.stringify(del.body)).to.include("prevent delete action");
    const ok = await api("POST", `/shares/${sid}/action`, w.demo, {
      deny_access: { access_id: rid, unrestrict: true },
    });
    expect(ok.status).to.equal(202);
    await waitGone(rid);
    expect(await locksOf(rid)).to.have.length(0);
    expect(await locksOf(sid)).to.have.length(0);
  });

  it("grants Nova's locked rules through the backend: hidden from members, protected from admins without unrestrict", async () => {
    const s = await availableShare();
    const sid = String(s.id);
    const rule = novaGrant(sid, "127.0.3.1");
    expect(rule).to.include({ state: "queued_to_apply", lockDeletion: true, lockVisibility: true });
    await waitRule(rule.id, "active");
    const asMember = (await api("GET", `/share-access-rules/${rule.id}`, w.demo)).body.access as Json;
    expect(asMember.access_to).to.equal("******");
    expect(asMember.access_key).to.equal("******");
    const asAdmin = (await api("GET", `/share-access-rules?share_id=${sid}`, w.admin)).body.access_list as Json[];
    expect(asAdmin[0]!.access_to).to.equal("127.0.3.1");
    expect(
      (await api("POST", `/shares/${sid}/action`, w.demo, { deny_access: { access_id: rule.id, unrestrict: true } }))
        .status,
      "member cannot drop nova's locks",
    ).to.equal(403);
    expect(
      (await api("POST", `/shares/${sid}/action`, w.admin, { deny_access: { access_id: rule.id } })).status,
    ).to.equal(403);
    expect((await locksOf(sid)).length).to.equal(1);
    w.manila.backend.denyAccess(sid, rule.id, { unrestrict: true });
    await waitGone(rule.id);
    expect(await locksOf(rule.id)).to.have.length(0);
    expect(await locksOf(sid)).to.have.length(0);
    expect(() => w.manila.backend.denyAccess(sid, rule.id, { unrestrict: true })).to.throw(ManilaError, /not found/);
  });

  it("resolves exports only for hosts with an active rule on an available share", async () => {
    const s = await availableShare();
    const sid = String(s.id);
    const exp = w.manila.backend.getShare(sid)!.exportLocation!;
    const before = w.manila.backend.resolveExport(exp, { ip: "127.0.3.1" });
    expect(before).to.have.property("error").that.includes("access denied");
    const rule = novaGrant(sid, "127.0.3.0/30");
    await waitRule(rule.id, "active");
    expect(w.manila.backend.resolveExport(exp, { ip: "127.0.3.1" })).to.deep.equal({
      dir: `${w.tmp.dir}/manila/shares/${sid}`,
      shareId: sid,
      readOnly: false,
    });
    expect(w.manila.backend.resolveExport(`${exp}/`, { ip: "127.0.3.2" })).to.have.property("dir");
    expect(w.manila.backend.resolveExport(exp, { ip: "127.0.3.9" }))
      .to.have.property("error")
      .that.includes("access denied");
    expect(w.manila.backend.resolveExport("127.0.4.1:/shares/share-nope", { ip: "127.0.3.1" }))
      .to.have.property("error")
      .that.includes("No such file");
    w.manila.setShareStatus(sid, "error");
    expect(w.manila.backend.resolveExport(exp, { ip: "127.0.3.1" }))
      .to.have.property("error")
      .that.includes("error");
    w.manila.setShareStatus(sid, "available");
    w.manila.backend.denyAccess(sid, rule.id, { unrestrict: true });
    await waitGone(rule.id);
    expect(w.manila.backend.resolveExport(exp, { ip: "127.0.3.1" }), "revoked")
      .to.have.property("error")
      .that.includes("access denied");
  });

  it("CephFS: cephx rule gets an access key, a second grant is a 400 duplicate, resolution needs the cephx user", async () => {
    const s = await availableShare("CEPHFS");
    const sid = String(s.id);
    const flags = { lockVisibility: true, lockDeletion: true, lockReason: "Lock by nova" };
    const rule = w.manila.backend.allowAccess(sid, {
      accessType: "cephx",
      accessTo: "nova",
      accessLevel: "rw",
      ...flags,
    });
    await waitRule(rule.id, "active");
    const view = w.manila.backend.listAccess(sid)[0]!;
    expect(view.accessKey).to.be.a("string").with.length.greaterThan(10);
    expect(() =>
      w.manila.backend.allowAccess(sid, { accessType: "cephx", accessTo: "nova", accessLevel: "rw", ...flags }),
    )
      .to.throw(ManilaError, "Share access cephx:nova exists.")
      .with.property("status", 400);
    const exp = w.manila.backend.getShare(sid)!.exportLocation!;
    expect(w.manila.backend.resolveExport(exp, { ip: "127.0.3.2", cephxUser: "nova" })).to.have.property("dir");
    expect(w.manila.backend.resolveExport(exp, { ip: "127.0.3.2" }))
      .to.have.property("error")
      .that.includes("Permission denied");
    const ipOnCeph = w.manila.backend.allowAccess(sid, {
      accessType: "ip",
      accessTo: "127.0.3.1",
      accessLevel: "rw",
      ...flags,
    });
    await waitRule(ipOnCeph.id, "error");
    expect(((await api("GET", `/shares/${sid}`, w.admin)).body.share as Json).access_rules_status).to.equal("error");
  });

  it("manages resource locks through the API", async () => {
    const s = await availableShare();
    const sid = String(s.id);
    const created = await api("POST", "/resource-locks", w.demo, {
      resource_lock: { resource_id: sid, resource_type: "share", lock_reason: "mine" },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(200);
    const lock = created.body.resource_lock as Json;
    expect(lock).to.include({ resource_id: sid, resource_action: "delete", lock_context: "user", lock_reason: "mine" });
    const mine = (await api("GET", `/resource-locks?resource_id=${sid}`, w.demo)).body.resource_locks as Json[];
    expect(mine).to.have.length(1);
    expect((await api("DELETE", `/shares/${sid}`, w.demo)).status).to.equal(403);
    const bad = await api("POST", "/resource-locks", w.demo, { resource_lock: { resource_id: "not-a-uuid" } });
    expect(bad.status).to.equal(400);
    expect((await api("DELETE", `/resource-locks/${String(lock.id)}`, w.demo)).status).to.equal(204);
    expect((await api("DELETE", `/shares/${sid}`, w.demo)).status).to.equal(202);
    expect(
      (await api("GET", "/resource-locks", w.demo, undefined, { "X-OpenStack-Manila-API-Version": "2.80" })).status,
    ).to.equal(404);
  });

  it("accepts /v2/<project_id>/shares URLs", async () => {
    const projectId = w.ks.backend.validate(w.demo)!.projectId;
    const r = await call(`${w.url}/share/v2/${projectId}/shares`, "GET", { token: w.demo, headers: MV });
    expect(r.status).to.equal(200);
  });
});
