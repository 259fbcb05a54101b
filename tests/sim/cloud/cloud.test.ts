import * as fs from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { type CloudHandle, startCloud } from "../../../sim/cloud.js";
import { action, login, poll, type Session, server, waitServer } from "./client.js";

async function bootWithShare(cloud: CloudHandle, member: Session, admin: Session) {
  const created = await member.call("POST", "/compute/v2.1/servers", {
    server: { name: "vm", imageRef: cloud.imageId, flavorRef: cloud.flavorRef, networks: "auto" },
  });
  expect(created.status, JSON.stringify(created.body)).to.equal(202);
  const id = String((created.body.server as Record<string, unknown>).id);
  await waitServer(member, id, "ACTIVE");
  const sh = await member.call("POST", "/share/v2/shares", { share: { share_proto: "NFS", size: 1, name: "data" } });
  expect(sh.status, JSON.stringify(sh.body)).to.be.oneOf([200, 202]);
  const shareId = String((sh.body.share as Record<string, unknown>).id);
  await poll(
    async () => (await member.call("GET", `/share/v2/shares/${shareId}`)).body.share as Record<string, unknown>,
    (s) => s.status === "available",
    "share available",
  );
  fs.writeFileSync(join(cloud.internals.dataDir, "manila", "shares", shareId, "hello.txt"), "hello from manila\n");
  expect((await action(member, id, { "os-stop": null })).status).to.equal(202);
  await waitServer(member, id, "SHUTOFF");
  const att = await member.call("POST", `/compute/v2.1/servers/${id}/shares`, {
    share: { share_id: shareId, tag: "data" },
  });
  expect(att.status, JSON.stringify(att.body)).to.equal(201);
  await poll(
    async () => (await admin.call("GET", `/compute/v2.1/servers/${id}/shares/${shareId}`)).body.share,
    (s) => (s as Record<string, unknown>).status === "inactive",
    "share inactive",
  );
  expect((await action(member, id, { "os-start": null })).status).to.equal(202);
  await waitServer(member, id, "ACTIVE");
  return { id, shareId };
}

async function readInGuest(
  cloud: CloudHandle,
  id: string,
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const g = cloud.internals.guests;
  await g.exec(id, "umount /mnt");
  const m = await g.exec(id, "mount -t virtiofs data /mnt");
  if (m.exitCode !== 0) return m;
  return g.exec(id, "cat /mnt/hello.txt");
}

describe("sim cloud: end to end over HTTP", function () {
  this.timeout(60000);
  let cloud: CloudHandle;
  let admin: Session;
  let member: Session;

  before(async () => {
    cloud = await startCloud({ timing: { baseMs: 2 } });
    admin = await login(cloud, "admin");
    member = await login(cloud, "member");
  });
  after(async () => {
    await cloud?.stop();
  });
  afterEach(async () => {
    await admin.call("PUT", "/sim/v1/faults", { faults: [] });
  });

  it("serves the compute version documents and echoes microversions", async () => {
    const root = await fetch(`${cloud.url}/compute/`);
    const versions = (await root.json()) as { versions: { id: string; version: string }[] };
    expect(versions.versions.map((v) => v.id)).to.deep.equal(["v2.0", "v2.1"]);
    const v21 = await member.call("GET", "/compute/v2.1/");
    expect((v21.body.version as Record<string, unknown>).version).to.equal("2.105");
    const r = await member.call("GET", "/compute/v2.1/flavors", undefined, {
      "x-openstack-nova-api-version": "latest",
    });
    expect(r.headers.get("openstack-api-version")).to.equal("compute 2.105");
    expect(r.headers.get("x-openstack-request-id")).to.match(/^req-[0-9a-f-]{36}$/);
    expect(r.headers.get("x-compute-request-id")).to.equal(r.headers.get("x-openstack-request-id"));
    const bad = await member.call("GET", "/compute/v2.1/flavors", undefined, {
      "x-openstack-nova-api-version": "2.200",
    });
    expect(bad.status).to.equal(406);
    const noTok = await fetch(`${cloud.url}/compute/v2.1/servers`);
    expect(noTok.status).to.equal(401);
  });

  it("cold migrate + confirm keeps the share readable in the guest on the new host", async () => {
    const { id, shareId } = await bootWithShare(cloud, member, admin);
    expect((await readInGuest(cloud, id)).stdout).to.equal("hello from manila\n");
    const src = (await server(admin, id))["OS-EXT-SRV-ATTR:host"];
    expect((await action(admin, id, { migrate: null })).status).to.equal(202);
    const v = await waitServer(admin, id, "VERIFY_RESIZE");
    expect(v["OS-EXT-SRV-ATTR:host"]).to.not.equal(src);
    const read = await readInGuest(cloud, id);
    expect(read.stdout, JSON.stringify(read)).to.equal("hello from manila\n");
    expect((await action(admin, id, { confirmResize: null })).status).to.equal(204);
    await waitServer(admin, id, "ACTIVE");
    const hosts = (await admin.call("GET", "/sim/v1/hosts")).body as unknown as {
      name: string;
      mounts: unknown[];
      domains: unknown[];
    }[];
    const srcRow = hosts.find((h) => h.name === src)!;
    expect(srcRow.mounts, "source unmounted after confirm").to.deep.equal([]);
    // Manila's deny is asynchronous (queued_to_deny -> denying -> gone): the source rule goes after the API said done.
    await poll(
      async () => (await admin.call("GET", `/share/v2/share-access-rules?share_id=${shareId}`)).body,
      (b) => (b.access_list as unknown[]).length === 1,
      "only the destination rule left",
    );
    expect((await readInGuest(cloud, id)).stdout).to.equal("hello from manila\n");
  });

  it("cold migrate + revert: the guest reads its share on the source again, destination cleaned", async () => {
    const { id, shareId } = await bootWithShare(cloud, member, admin);
    const src = (await server(admin, id))["OS-EXT-SRV-ATTR:host"];
    await action(admin, id, { migrate: null });
    const v = await waitServer(admin, id, "VERIFY_RESIZE");
    expect((await action(admin, id, { revertResize: null })).status).to.equal(202);
    const back = await waitServer(admin, id, "ACTIVE");
    expect(back["OS-EXT-SRV-ATTR:host"]).to.equal(src);
    expect((await readInGuest(cloud, id)).stdout).to.equal("hello from manila\n");
    const hosts = (await admin.call("GET", "/sim/v1/hosts")).body as unknown as {
      name: string;
      mounts: { export_location: string }[];
      domains: { uuid: string; filesystems: { tag: string }[] }[];
    }[];
    const dst = hosts.find((h) => h.name === v["OS-EXT-SRV-ATTR:host"])!;
    expect(dst.domains.filter((d) => d.uuid === id)).to.deep.equal([]);
    const srcRow = hosts.find((h) => h.name === src)!;
    expect(srcRow.domains.find((d) => d.uuid === id)?.filesystems.map((f) => f.tag)).to.deep.equal(["data"]);
    await poll(
      async () => (await admin.call("GET", `/share/v2/share-access-rules?share_id=${shareId}`)).body,
      (b) => (b.access_list as unknown[]).length === 1,
      "only the source rule left (the destination's denied asynchronously)",
    );
  });

  it("dest-not-mounted: the guest cannot read its share after migration", async () => {
    const { id } = await bootWithShare(cloud, member, admin);
    await admin.call("PUT", "/sim/v1/faults", { faults: ["dest-not-mounted"] });
    await action(admin, id, { migrate: null });
    await waitServer(admin, id, "VERIFY_RESIZE");
    const read = await readInGuest(cloud, id);
    expect(read.exitCode, JSON.stringify(read)).to.not.equal(0);
  });

  it("refuses migrate with shares below 2.105 (409 ForbiddenWithShare)", async () => {
    const { id } = await bootWithShare(cloud, member, admin);
    const r = await admin.call(
      "POST",
      `/compute/v2.1/servers/${id}/action`,
      { migrate: null },
      {
        "x-openstack-nova-api-version": "2.104",
      },
    );
    expect(r.status).to.equal(409);
    expect(r.body).to.deep.equal({
      conflictingRequest: { code: 409, message: "Feature not supported with instances that have shares." },
    });
  });

  it("api-503 answers the first request of each kind with Retry-After, never on identity", async () => {
    await admin.call("PUT", "/sim/v1/faults", { faults: ["api-503"] });
    const first = await member.call("GET", "/compute/v2.1/flavors");
    expect(first.status).to.equal(503);
    expect(first.headers.get("retry-after")).to.equal("1");
    expect((await member.call("GET", "/compute/v2.1/flavors")).status).to.equal(200);
    await login(cloud, "member");
  });

  it("control API: admin only, lists faults and resources", async () => {
    expect((await member.call("GET", "/sim/v1/faults")).status).to.equal(403);
    const f = await admin.call("GET", "/sim/v1/faults");
    expect((f.body.available as unknown[]).length).to.be.greaterThan(10);
    const bad = await admin.call("PUT", "/sim/v1/faults", { faults: ["nope"] });
    expect(bad.status).to.equal(400);
    const res = await admin.call("GET", "/sim/v1/resources");
    for (const k of ["servers", "shares", "access_rules", "keypairs", "projects", "users", "images", "flavors"]) {
      expect(res.body, k).to.have.property(k);
    }
    expect((res.body.servers as unknown[]).length).to.be.greaterThan(0);
  });

  it("writes a clouds.yaml with both clouds", () => {
    const y = cloud.cloudsYaml();
    expect(y).to.contain("vftest-sim:").and.contain("vftest-sim-admin:").and.contain(cloud.authUrl);
  });
});
