// The embedded cloud's run options end to end over HTTP: N compute hosts, a CephFS-only (or NFS-only) Manila, the
// placement API behind the catalog with each host's traits, and the late-cleanup timing profile as a client sees it.

import { expect } from "chai";
import { type CloudHandle, startCloud } from "../../../sim/cloud.js";
import { action, login, poll, type Reply, type Session, waitServer } from "./client.js";

type Json = Record<string, unknown>;
const PLACEMENT = { "OpenStack-API-Version": "placement 1.39" };

/** A running server with a share of `proto` attached (stop, attach, start). */
async function serverWithShare(cloud: CloudHandle, member: Session, admin: Session, proto: string) {
  const created = await member.call("POST", "/compute/v2.1/servers", {
    server: { name: "vm", imageRef: cloud.imageId, flavorRef: cloud.flavorRef, networks: "auto" },
  });
  expect(created.status, JSON.stringify(created.body)).to.equal(202);
  const id = String((created.body.server as Json).id);
  await waitServer(member, id, "ACTIVE");
  const sh = await member.call("POST", "/share/v2/shares", { share: { share_proto: proto, size: 1 } });
  const shareId = String((sh.body.share as Json).id);
  await poll(
    async () => (await member.call("GET", `/share/v2/shares/${shareId}`)).body.share as Json,
    (s) => s.status === "available",
    "share available",
  );
  await action(member, id, { "os-stop": null });
  await waitServer(member, id, "SHUTOFF");
  const att = await member.call("POST", `/compute/v2.1/servers/${id}/shares`, { share: { share_id: shareId } });
  expect(att.status, JSON.stringify(att.body)).to.equal(201);
  await poll(
    async () => (await admin.call("GET", `/compute/v2.1/servers/${id}/shares/${shareId}`)).body.share as Json,
    (s) => s.status === "inactive",
    "share inactive",
  );
  await action(member, id, { "os-start": null });
  await waitServer(member, id, "ACTIVE");
  return { id, shareId };
}

const rules = async (admin: Session, shareId: string) =>
  ((await admin.call("GET", `/share/v2/share-access-rules?share_id=${shareId}`)).body.access_list as Json[]).map(
    (r) => `${r.access_type}:${r.access_to}:${r.state}`,
  );

describe("sim cloud options: 3 hosts, CephFS-only Manila, placement", function () {
  this.timeout(60000);
  let cloud: CloudHandle;
  let admin: Session;
  let member: Session;

  before(async () => {
    cloud = await startCloud({ hosts: 3, shareProtocol: "CEPHFS", timing: { baseMs: 2 } });
    admin = await login(cloud, "admin");
    member = await login(cloud, "member");
  });
  after(async () => {
    await cloud?.stop();
  });
  afterEach(async () => {
    await admin.call("PUT", "/sim/v1/faults", { faults: [] });
  });

  it("starts with three compute hosts, each an up nova-compute and a hypervisor", async () => {
    expect(cloud.hosts.map((h) => h.name)).to.deep.equal(["compute1", "compute2", "compute3"]);
    const svcs = (await admin.call("GET", "/compute/v2.1/os-services?binary=nova-compute")).body.services as Json[];
    expect(svcs.map((s) => [s.host, s.state])).to.deep.equal([
      ["compute1", "up"],
      ["compute2", "up"],
      ["compute3", "up"],
    ]);
  });

  it("serves placement behind the catalog: one provider per host (uuid = hypervisor id) with the virtiofs traits", async () => {
    const r = await fetch(`${cloud.authUrl}/auth/catalog`, { headers: { "x-auth-token": admin.token } });
    const catalog = ((await r.json()) as { catalog: Json[] }).catalog;
    const entry = catalog.find((c) => c.type === "placement") as { endpoints: Json[] } | undefined;
    expect(entry?.endpoints.map((e) => e.url)).to.include(`${cloud.url}/placement`);

    const rps = (await admin.call("GET", "/placement/resource_providers", undefined, PLACEMENT)).body
      .resource_providers as Json[];
    const hyps = (await admin.call("GET", "/compute/v2.1/os-hypervisors", undefined, {})).body.hypervisors as Json[];
    expect(rps.map((p) => p.name)).to.deep.equal(["compute1", "compute2", "compute3"]);
    expect(rps.map((p) => p.uuid).sort()).to.deep.equal(hyps.map((h) => h.id).sort());
    for (const p of rps) {
      const t = await admin.call("GET", `/placement/resource_providers/${p.uuid}/traits`, undefined, PLACEMENT);
      expect(t.body.traits, String(p.name)).to.include.members([
        "COMPUTE_STORAGE_VIRTIO_FS",
        "COMPUTE_MEM_BACKING_FILE",
      ]);
    }
  });

  it("placement answers like placement: admin only, version echo, errors list, 1.6 for traits", async () => {
    const asMember = await member.call("GET", "/placement/resource_providers", undefined, PLACEMENT);
    expect(asMember.status).to.equal(403);
    expect((asMember.body.errors as Json[])[0]).to.include({ status: 403, title: "Forbidden" });
    const anon = await fetch(`${cloud.url}/placement/resource_providers`);
    expect(anon.status).to.equal(401);
    const old: Reply = await admin.call("GET", "/placement/traits", undefined, {
      "OpenStack-API-Version": "placement 1.5",
    });
    expect(old.status).to.equal(404);
    const ok = await admin.call("GET", "/placement/traits?name=startswith:COMPUTE_STORAGE", undefined, PLACEMENT);
    expect([ok.status, ok.headers.get("openstack-api-version"), ok.body.traits]).to.deep.equal([
      200,
      "placement 1.39",
      ["COMPUTE_STORAGE_VIRTIO_FS"],
    ]);
    const missing = await admin.call("GET", "/placement/resource_providers/nope", undefined, PLACEMENT);
    expect(missing.status).to.equal(404);
    expect((missing.body.errors as Json[])[0]!.request_id).to.match(/^req-/);
    const root = await fetch(`${cloud.url}/placement/`);
    expect(((await root.json()) as { versions: Json[] }).versions[0]).to.include({ max_version: "1.39" });
  });

  it("host-without-virtiofs: compute3 loses COMPUTE_STORAGE_VIRTIO_FS in placement", async () => {
    await admin.call("PUT", "/sim/v1/faults", { faults: ["host-without-virtiofs"] });
    const req = "/placement/resource_providers?required=COMPUTE_STORAGE_VIRTIO_FS";
    const withTrait = (await admin.call("GET", req, undefined, PLACEMENT)).body.resource_providers as Json[];
    expect(withTrait.map((p) => p.name)).to.deep.equal(["compute1", "compute2"]);
  });

  it("a CephFS-only Manila: NFS shares end in error; a CephFS share keeps its one cephx rule across migrate + confirm", async () => {
    expect(cloud.shareProtocol).to.equal("CEPHFS");
    const nfs = await member.call("POST", "/share/v2/shares", { share: { share_proto: "NFS", size: 1 } });
    const nfsId = String((nfs.body.share as Json).id);
    await poll(
      async () => (await member.call("GET", `/share/v2/shares/${nfsId}`)).body.share as Json,
      (s) => s.status === "error",
      "NFS share in error",
    );
    const { id, shareId } = await serverWithShare(cloud, member, admin, "CEPHFS");
    expect(await rules(admin, shareId)).to.deep.equal(["cephx:nova:active"]);
    await action(admin, id, { migrate: null });
    await waitServer(admin, id, "VERIFY_RESIZE");
    await action(admin, id, { confirmResize: null });
    await waitServer(admin, id, "ACTIVE");
    expect(await rules(admin, shareId)).to.deep.equal(["cephx:nova:active"]);
  });
});

describe("sim cloud: the late-cleanup timing profile as a client sees it", function () {
  this.timeout(60000);
  let cloud: CloudHandle;
  let admin: Session;
  let member: Session;

  before(async () => {
    cloud = await startCloud({
      faults: ["late-cleanup"],
      timing: {
        baseMs: 2,
        perStep: { "migrate.late-cleanup": 400, "manila.rule-deny": 250, "manila.rule-denying": 250 },
      },
    });
    admin = await login(cloud, "admin");
    member = await login(cloud, "member");
  });
  after(async () => {
    await cloud?.stop();
  });

  it("ACTIVE and 'confirmed' come first; the source rule then goes queued_to_deny -> denying -> gone", async () => {
    const { id, shareId } = await serverWithShare(cloud, member, admin, "NFS");
    const before = (await admin.call("GET", `/compute/v2.1/servers/${id}`)).body.server as Json;
    const src = cloud.hosts.find((h) => h.name === before["OS-EXT-SRV-ATTR:host"])!;
    const srcHost = cloud.internals.hosts.find((h) => h.name === src.name)!;
    await action(admin, id, { migrate: null });
    await waitServer(admin, id, "VERIFY_RESIZE");
    await action(admin, id, { confirmResize: null });
    await waitServer(admin, id, "ACTIVE");
    const migs = (await admin.call("GET", `/compute/v2.1/os-migrations?instance_uuid=${id}`)).body.migrations as Json[];
    expect(migs[0]!.status).to.equal("confirmed");
    expect(srcHost.mounts().length, "source still mounted at ACTIVE").to.equal(1);
    expect(await rules(admin, shareId)).to.include(`ip:${src.storageIp}:active`);
    const seen = new Set<string>();
    await poll(
      async () => {
        const now = (await rules(admin, shareId)).filter((r) => r.startsWith(`ip:${src.storageIp}:`));
        for (const r of now) seen.add(r.split(":").at(-1)!);
        return now;
      },
      (now) => now.length === 0,
      "source rule gone",
    );
    expect([...seen]).to.include.members(["queued_to_deny", "denying"]);
    expect(srcHost.mounts()).to.deep.equal([]);
  });
});
