import { existsSync } from "node:fs";
import { expect } from "chai";
import { Faults } from "../../../sim/faults.js";
import { createKeystone } from "../../../sim/services/keystone.js";
import { createManila, ManilaError } from "../../../sim/services/manila.js";
import { call, fastTiming, type Json, login, serve, type TestServer, tempDir, until } from "./helpers.js";

describe("sim manila", () => {
  let srv: TestServer;
  let url = "";
  let ks: ReturnType<typeof createKeystone>;
  let manila: ReturnType<typeof createManila>;
  const faults = new Faults();
  const tmp = tempDir();
  let admin = "";
  let demo = "";
  const MV = { "X-OpenStack-Manila-API-Version": "2.82" };

  before(async () => {
    ks = createKeystone({ baseUrl: () => url, region: "RegionOne" });
    ks.backend.seedUser({
      name: "admin",
      password: "secretadmin",
      project: "admin",
      roles: ["admin", "member", "reader"],
    });
    ks.backend.seedUser({ name: "demo", password: "secretdemo", project: "demo", roles: ["member", "reader"] });
    manila = createManila({ identity: ks.backend, faults, timing: fastTiming, dataDir: tmp.dir });
    srv = await serve(
      () => [ks.mount, manila.mount],
      () => ks.backend,
    );
    url = srv.url;
    admin = await login(url, "admin", "secretadmin", "admin");
    demo = await login(url, "demo", "secretdemo", "demo");
  });
  after(async () => {
    await srv.close();
    tmp.remove();
  });
  afterEach(() => faults.setPerTest([]));

  const api = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = MV) =>
    call(`${url}/share/v2${path}`, method, { token, body, headers });
  async function availableShare(proto = "NFS", token = demo): Promise<Json> {
    const r = await api("POST", "/shares", token, { share: { share_proto: proto, size: 1, name: `s-${proto}` } });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const id = String((r.body.share as Json).id);
    return until(`share ${id} available`, async () => {
      const s = (await api("GET", `/shares/${id}`, token)).body.share as Json;
      return s.status === "available" ? s : undefined;
    });
  }
  const ruleState = async (ruleId: string, token = admin) =>
    ((await api("GET", `/share-access-rules/${ruleId}`, token)).body.access as Json | undefined)?.state;
  const waitRule = (ruleId: string, state: string) =>
    until(`rule ${ruleId} ${state}`, async () => ((await ruleState(ruleId)) === state ? true : undefined));
  const waitGone = (ruleId: string) =>
    until(`rule ${ruleId} gone`, async () =>
      (await api("GET", `/share-access-rules/${ruleId}`, admin)).status === 404 ? true : undefined,
    );
  const locksOf = async (resourceId: string) =>
    (await api("GET", `/resource-locks?resource_id=${resourceId}&all_tenants=1`, admin)).body.resource_locks as Json[];

  it("answers the versions document and negotiates microversions", async () => {
    const v = await call(`${url}/share`, "GET");
    const doc = (v.body.versions as Json[])[0]!;
    expect(doc).to.include({ id: "v2.0", status: "CURRENT", version: "2.84", min_version: "2.0" });
    const r = await api("GET", "/shares", demo, undefined, { "OpenStack-API-Version": "shared-file-system 2.65" });
    expect(r.status).to.equal(200);
    expect(r.headers.get("x-openstack-manila-api-version")).to.equal("2.65");
    expect(r.headers.get("openstack-api-version")).to.equal("shared-file-system 2.65");
    const tooNew = await api("GET", "/shares", demo, undefined, { "X-OpenStack-Manila-API-Version": "2.200" });
    expect(tooNew.status).to.equal(406);
    expect(JSON.stringify(tooNew.body)).to.include("maximum is 2.84");
    const garbage = await api("GET", "/shares", demo, undefined, { "X-OpenStack-Manila-API-Version": "two" });
    expect(garbage.status).to.equal(400);
    expect((await api("GET", "/shares", "")).status, "no token").to.equal(401);
  });

  it("creates a share (200, creating -> available) with data on disk, export locations at 2.9+, and deletes it", async () => {
    const created = await api("POST", "/shares", demo, { share: { share_proto: "NFS", size: 1, name: "life" } });
    expect(created.status).to.equal(200);
    expect((created.body.share as Json).status).to.equal("creating");
    const share = await availableShare();
    const id = String(share.id);
    expect(share).not.to.have.property("export_locations");
    expect(share.access_rules_status).to.equal("active");
    expect(existsSync(`${tmp.dir}/manila/shares/${id}`)).to.equal(true);
    const els = await api("GET", `/shares/${id}/export_locations`, demo);
    const el = (els.body.export_locations as Json[])[0]!;
    expect(el.path).to.equal(`127.0.4.1:/shares/share-${id}`);
    expect(el.preferred).to.equal(true);
    const old = await api("GET", `/shares/${id}`, demo, undefined, { "X-OpenStack-Manila-API-Version": "2.8" });
    expect((old.body.share as Json).export_location).to.equal(`127.0.4.1:/shares/share-${id}`);
    expect(
      (await api("GET", `/shares/${id}/export_locations`, demo, undefined, { "X-OpenStack-Manila-API-Version": "2.8" }))
        .status,
    ).to.equal(404);
    expect(manila.backend.getShare(id)).to.deep.include({ status: "available", proto: "NFS", exportLocation: el.path });
    const ceph = await availableShare("CEPHFS");
    expect(manila.backend.getShare(String(ceph.id))!.exportLocation).to.equal(
      `127.0.4.2:6789:/volumes/_nogroup/${String(ceph.id)}`,
    );
    expect((await api("DELETE", `/shares/${id}`, demo)).status).to.equal(202);
    await until("share gone", async () =>
      (await api("GET", `/shares/${id}`, demo)).status === 404 ? true : undefined,
    );
    expect(existsSync(`${tmp.dir}/manila/shares/${id}`)).to.equal(false);
  });

  it("isolates projects: members see their own shares, admins see all with all_tenants", async () => {
    const mine = await availableShare();
    const theirs = await availableShare("NFS", admin);
    expect((await api("GET", `/shares/${String(theirs.id)}`, demo)).status).to.equal(404);
    const list = (await api("GET", "/shares", demo)).body.shares as Json[];
    expect(list.map((s) => s.id))
      .to.include(mine.id)
      .and.not.include(theirs.id);
    const all = (await api("GET", "/shares/detail?all_tenants=1", admin)).body.shares as Json[];
    expect(all.map((s) => s.id)).to.include.members([mine.id, theirs.id]);
    expect((await api("DELETE", `/shares/${String(theirs.id)}`, demo)).status).to.equal(404);
  });

  it("rejects bad share bodies with 400 and unknown actions", async () => {
    for (const body of [
      {},
      { share: { share_proto: "NFS", size: 0 } },
      { share: { share_proto: "XFS", size: 1 } },
      { share: "x" },
    ]) {
      const r = await api("POST", "/shares", demo, body);
      expect(r.status, JSON.stringify(body)).to.equal(400);
      expect(r.body).to.have.property("badRequest");
    }
    const s = await availableShare();
    const r = await api("POST", `/shares/${String(s.id)}/action`, demo, { frobnicate: {} });
    expect(r.status).to.equal(400);
    const badIp = await api("POST", `/shares/${String(s.id)}/action`, demo, {
      allow_access: { access_type: "ip", access_to: "300.1.1.1", access_level: "rw" },
    });
    expect(badIp.status).to.equal(400);
    const badLevel = await api("POST", `/shares/${String(s.id)}/action`, demo, {
      allow_access: { access_type: "ip", access_to: "10.0.0.1", access_level: "rx" },
    });
    expect(JSON.stringify(badLevel.body)).to.include("Invalid share access level: rx.");
  });

  it("applies locked rules, masks them for members, refuses deletion without unrestrict, and unlocks on unrestrict", async () => {
    const s = await availableShare();
    const sid = String(s.id);
    const allow = await api("POST", `/shares/${sid}/action`, demo, {
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
    expect(((await api("GET", `/shares/${sid}`, demo)).body.share as Json).access_rules_status).to.equal("active");
    expect((await locksOf(rid)).map((l) => l.resource_action).sort()).to.deep.equal(["delete", "show"]);
    const shareLocks = await locksOf(sid);
    expect(shareLocks).to.have.length(1);
    expect(shareLocks[0]!.lock_reason).to.match(/^Locked by access lock: /);
    // the lock owner (demo) sees its own rule; the dup check answers Manila's message
    const dup = await api("POST", `/shares/${sid}/action`, demo, {
      allow_access: { access_type: "ip", access_to: "127.0.3.1" },
    });
    expect(dup.status).to.equal(400);
    expect(JSON.stringify(dup.body)).to.include("Share access ip:127.0.3.1 exists.");
    const denied = await api("POST", `/shares/${sid}/action`, demo, { deny_access: { access_id: rid } });
    expect(denied.status).to.equal(403);
    expect(JSON.stringify(denied.body)).to.include("since it has been locked");
    const del = await api("DELETE", `/shares/${sid}`, demo);
    expect(del.status, "a share with a locked rule cannot be deleted").to.equal(403);
    expect(JSON.stringify(del.body)).to.include("prevent delete action");
    const ok = await api("POST", `/shares/${sid}/action`, demo, { deny_access: { access_id: rid, unrestrict: true } });
    expect(ok.status).to.equal(202);
    await waitGone(rid);
    expect(await locksOf(rid)).to.have.length(0);
    expect(await locksOf(sid)).to.have.length(0);
  });

  it("grants Nova's locked rules through the backend: hidden from members, protected from admins without unrestrict", async () => {
    const s = await availableShare();
    const sid = String(s.id);
    const rule = manila.backend.allowAccess(sid, {
      accessType: "ip",
      accessTo: "127.0.3.1",
      accessLevel: "rw",
      lockVisibility: true,
      lockDeletion: true,
      lockReason: "Lock by nova",
    });
    expect(rule).to.include({ state: "queued_to_apply", lockDeletion: true, lockVisibility: true });
    await waitRule(rule.id, "active");
    const asMember = (await api("GET", `/share-access-rules/${rule.id}`, demo)).body.access as Json;
    expect(asMember.access_to).to.equal("******");
    expect(asMember.access_key).to.equal("******");
    const asAdmin = (await api("GET", `/share-access-rules?share_id=${sid}`, admin)).body.access_list as Json[];
    expect(asAdmin[0]!.access_to).to.equal("127.0.3.1");
    expect(
      (await api("POST", `/shares/${sid}/action`, demo, { deny_access: { access_id: rule.id, unrestrict: true } }))
        .status,
      "member cannot drop nova's locks",
    ).to.equal(403);
    expect(
      (await api("POST", `/shares/${sid}/action`, admin, { deny_access: { access_id: rule.id } })).status,
    ).to.equal(403);
    expect((await locksOf(sid)).length).to.equal(1);
    manila.backend.denyAccess(sid, rule.id, { unrestrict: true });
    await waitGone(rule.id);
    expect(await locksOf(rule.id)).to.have.length(0);
    expect(await locksOf(sid)).to.have.length(0);
    expect(() => manila.backend.denyAccess(sid, rule.id, { unrestrict: true })).to.throw(ManilaError, /not found/);
  });

  it("resolves exports only for hosts with an active rule on an available share", async () => {
    const s = await availableShare();
    const sid = String(s.id);
    const exp = manila.backend.getShare(sid)!.exportLocation!;
    const before = manila.backend.resolveExport(exp, { ip: "127.0.3.1" });
    expect(before).to.have.property("error").that.includes("access denied");
    const rule = manila.backend.allowAccess(sid, {
      accessType: "ip",
      accessTo: "127.0.3.0/30",
      accessLevel: "rw",
      lockVisibility: true,
      lockDeletion: true,
      lockReason: "Lock by nova",
    });
    await waitRule(rule.id, "active");
    expect(manila.backend.resolveExport(exp, { ip: "127.0.3.1" })).to.deep.equal({
      dir: `${tmp.dir}/manila/shares/${sid}`,
      shareId: sid,
      readOnly: false,
    });
    expect(manila.backend.resolveExport(`${exp}/`, { ip: "127.0.3.2" })).to.have.property("dir");
    expect(manila.backend.resolveExport(exp, { ip: "127.0.3.9" }))
      .to.have.property("error")
      .that.includes("access denied");
    expect(manila.backend.resolveExport("127.0.4.1:/shares/share-nope", { ip: "127.0.3.1" }))
      .to.have.property("error")
      .that.includes("No such file");
    manila.setShareStatus(sid, "error");
    expect(manila.backend.resolveExport(exp, { ip: "127.0.3.1" }))
      .to.have.property("error")
      .that.includes("error");
    manila.setShareStatus(sid, "available");
    manila.backend.denyAccess(sid, rule.id, { unrestrict: true });
    await waitGone(rule.id);
    expect(manila.backend.resolveExport(exp, { ip: "127.0.3.1" }), "revoked")
      .to.have.property("error")
      .that.includes("access denied");
  });

  it("CephFS: cephx rule gets an access key, a second grant is a 400 duplicate, resolution needs the cephx user", async () => {
    const s = await availableShare("CEPHFS");
    const sid = String(s.id);
    const flags = { lockVisibility: true, lockDeletion: true, lockReason: "Lock by nova" };
    const rule = manila.backend.allowAccess(sid, {
      accessType: "cephx",
      accessTo: "nova",
      accessLevel: "rw",
      ...flags,
    });
    await waitRule(rule.id, "active");
    const view = manila.backend.listAccess(sid)[0]!;
    expect(view.accessKey).to.be.a("string").with.length.greaterThan(10);
    expect(() =>
      manila.backend.allowAccess(sid, { accessType: "cephx", accessTo: "nova", accessLevel: "rw", ...flags }),
    )
      .to.throw(ManilaError, "Share access cephx:nova exists.")
      .with.property("status", 400);
    const exp = manila.backend.getShare(sid)!.exportLocation!;
    expect(manila.backend.resolveExport(exp, { ip: "127.0.3.2", cephxUser: "nova" })).to.have.property("dir");
    expect(manila.backend.resolveExport(exp, { ip: "127.0.3.2" }))
      .to.have.property("error")
      .that.includes("Permission denied");
    const ipOnCeph = manila.backend.allowAccess(sid, {
      accessType: "ip",
      accessTo: "127.0.3.1",
      accessLevel: "rw",
      ...flags,
    });
    await waitRule(ipOnCeph.id, "error");
    expect(((await api("GET", `/shares/${sid}`, admin)).body.share as Json).access_rules_status).to.equal("error");
  });

  it("fault rule-without-locks: Nova's grant comes out without locks", async () => {
    faults.setPerTest(["rule-without-locks"]);
    const s = await availableShare();
    const rule = manila.backend.allowAccess(String(s.id), {
      accessType: "ip",
      accessTo: "127.0.3.1",
      accessLevel: "rw",
      lockVisibility: true,
      lockDeletion: true,
      lockReason: "Lock by nova",
    });
    expect(rule).to.include({ lockDeletion: false, lockVisibility: false });
    expect(await locksOf(rule.id)).to.have.length(0);
    await waitRule(rule.id, "active");
    expect(((await api("GET", `/share-access-rules/${rule.id}`, demo)).body.access as Json).access_to).to.equal(
      "127.0.3.1",
    );
  });

  it("fault share-lock-not-placed: the rule gets both locks, the share none", async () => {
    faults.setPerTest(["share-lock-not-placed"]);
    const s = await availableShare();
    const rule = manila.backend.allowAccess(String(s.id), {
      accessType: "ip",
      accessTo: "127.0.3.1",
      accessLevel: "rw",
      lockVisibility: true,
      lockDeletion: true,
      lockReason: "Lock by nova",
    });
    expect((await locksOf(rule.id)).map((l) => l.resource_action).sort()).to.deep.equal(["delete", "show"]);
    expect(await locksOf(String(s.id))).to.have.length(0);
  });

  it("deny without unrestrict on a locked rule (the locks-left-after-confirm profile) deletes the rule but leaves its locks", async () => {
    const s = await availableShare();
    const sid = String(s.id);
    const rule = manila.backend.allowAccess(sid, {
      accessType: "ip",
      accessTo: "127.0.3.2",
      accessLevel: "rw",
      lockVisibility: true,
      lockDeletion: true,
      lockReason: "Lock by nova",
    });
    await waitRule(rule.id, "active");
    manila.backend.denyAccess(sid, rule.id, { unrestrict: false });
    await waitGone(rule.id);
    expect((await locksOf(rule.id)).length).to.equal(2);
    expect((await locksOf(sid)).length).to.equal(1);
    const names = manila
      .listResources()
      .resource_locks.filter((l) => l.resource_id === rule.id || l.resource_id === sid);
    expect(names).to.have.length(3);
    expect((await api("DELETE", `/shares/${sid}`, demo)).status, "the leaked share lock blocks deletion").to.equal(403);
  });

  it("manages resource locks through the API", async () => {
    const s = await availableShare();
    const sid = String(s.id);
    const created = await api("POST", "/resource-locks", demo, {
      resource_lock: { resource_id: sid, resource_type: "share", lock_reason: "mine" },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(200);
    const lock = created.body.resource_lock as Json;
    expect(lock).to.include({ resource_id: sid, resource_action: "delete", lock_context: "user", lock_reason: "mine" });
    const mine = (await api("GET", `/resource-locks?resource_id=${sid}`, demo)).body.resource_locks as Json[];
    expect(mine).to.have.length(1);
    expect((await api("DELETE", `/shares/${sid}`, demo)).status).to.equal(403);
    const bad = await api("POST", "/resource-locks", demo, { resource_lock: { resource_id: "not-a-uuid" } });
    expect(bad.status).to.equal(400);
    expect((await api("DELETE", `/resource-locks/${String(lock.id)}`, demo)).status).to.equal(204);
    expect((await api("DELETE", `/shares/${sid}`, demo)).status).to.equal(202);
    expect(
      (await api("GET", "/resource-locks", demo, undefined, { "X-OpenStack-Manila-API-Version": "2.80" })).status,
    ).to.equal(404);
  });

  it("accepts /v2/<project_id>/shares URLs", async () => {
    const projectId = ks.backend.validate(demo)!.projectId;
    const r = await call(`${url}/share/v2/${projectId}/shares`, "GET", { token: demo, headers: MV });
    expect(r.status).to.equal(200);
  });
});
