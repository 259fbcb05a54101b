import { expect } from "chai";
import { createGlance } from "../../../sim/services/glance.js";
import { createKeystone } from "../../../sim/services/keystone.js";
import { createNeutron } from "../../../sim/services/neutron.js";
import { call, type Json, login, serve, type TestServer } from "./helpers.js";

describe("sim glance and neutron", () => {
  let srv: TestServer;
  let url = "";
  let ks: ReturnType<typeof createKeystone>;
  let glance: ReturnType<typeof createGlance>;
  let neutron: ReturnType<typeof createNeutron>;
  let admin = "";
  let demo = "";

  before(async () => {
    ks = createKeystone({ baseUrl: () => url, region: "RegionOne" });
    ks.backend.seedUser({
      name: "admin",
      password: "secretadmin",
      project: "admin",
      roles: ["admin", "member", "reader"],
    });
    ks.backend.seedUser({ name: "demo", password: "secretdemo", project: "demo", roles: ["member", "reader"] });
    glance = createGlance({ identity: ks.backend });
    neutron = createNeutron({ identity: ks.backend, guestSubnet: "127.0.2.0/24" });
    srv = await serve(
      () => [ks.mount, glance.mount, neutron.mount],
      () => ks.backend,
    );
    url = srv.url;
    admin = await login(url, "admin", "secretadmin", "admin");
    demo = await login(url, "demo", "secretdemo", "demo");
  });
  after(() => srv.close());

  describe("glance", () => {
    const img = (method: string, path: string, token: string, body?: unknown) =>
      call(`${url}/image/v2${path}`, method, { token, body });

    it("serves the seeded guest image and a versions document", async () => {
      expect(glance.defaultImageId).to.equal("11111111-1111-1111-1111-111111111111");
      expect(glance.imageExists(glance.defaultImageId)).to.equal(true);
      const v = await call(`${url}/image`, "GET");
      expect((v.body.versions as Json[])[0]!.status).to.equal("CURRENT");
      const show = await img("GET", `/images/${glance.defaultImageId}`, demo);
      expect(show.body).to.include({
        name: "vftest-guest",
        status: "active",
        visibility: "public",
        disk_format: "raw",
      });
      const list = await img("GET", "/images?name=vftest-guest", demo);
      expect((list.body.images as Json[]).map((i) => i.id)).to.deep.equal([glance.defaultImageId]);
      expect((await img("GET", "/images", "")).status).to.equal(401);
    });

    it("creates, uploads and deletes an image; rejects bad input", async () => {
      const c = await img("POST", "/images", demo, {
        name: "up",
        disk_format: "raw",
        container_format: "bare",
        hw_x: "1",
      });
      expect(c.status, JSON.stringify(c.body)).to.equal(201);
      const id = String(c.body.id);
      expect(c.body).to.include({ status: "queued", hw_x: "1" });
      expect(glance.imageExists(id)).to.equal(false);
      const up = await img("PUT", `/images/${id}/file`, demo, new TextEncoder().encode("hello image"));
      expect(up.status).to.equal(204);
      const shown = await img("GET", `/images/${id}`, demo);
      expect(shown.body).to.include({ status: "active", size: 11 });
      expect(glance.imageExists(id)).to.equal(true);
      expect((await img("GET", `/images/${id}`, admin)).status, "admins see private images").to.equal(200);
      const bad = await img("POST", "/images", demo, { name: "x", disk_format: "floppy" });
      expect(bad.status).to.equal(400);
      expect(bad.body).to.include({ title: "Bad Request" });
      expect((await img("POST", "/images", demo, { name: "x", visibility: "public" })).status).to.equal(403);
      expect((await img("PUT", `/images/${id}/file`, demo, "{}")).status, "JSON is not image data").to.equal(415);
      expect((await img("DELETE", `/images/${id}`, demo)).status).to.equal(204);
      expect((await img("GET", `/images/${id}`, demo)).status).to.equal(404);
      expect(glance.listResources().map((i) => i.id)).to.deep.equal([glance.defaultImageId]);
    });
  });

  describe("neutron", () => {
    const net = (method: string, path: string, token: string, body?: unknown) =>
      call(`${url}/networking/v2.0${path}`, method, { token, body });

    it("has the shared guest network and the external network", async () => {
      const nets = (await net("GET", "/networks?name=vftest-net", demo)).body.networks as Json[];
      expect(nets).to.have.length(1);
      expect(nets[0]).to.include({ shared: true, "router:external": false });
      const sub = (await net("GET", `/subnets?network_id=${String(nets[0]!.id)}`, demo)).body.subnets as Json[];
      expect(sub[0]).to.include({ cidr: "127.0.2.0/24", gateway_ip: "127.0.2.1" });
      const pub = (await net("GET", "/networks?router:external=true", demo)).body.networks as Json[];
      expect(pub.map((n) => n.name)).to.deep.equal(["vftest-public"]);
      expect((await call(`${url}/networking`, "GET")).status).to.equal(200);
    });

    it("allocates guest ports from .10 upward, reuses released addresses, and maps floating IPs", async () => {
      const projectId = ks.backend.validate(demo)!.projectId;
      const a = neutron.allocatePort("server-a", projectId);
      const b = neutron.allocatePort("server-b", projectId);
      expect([a.ip, b.ip]).to.deep.equal(["127.0.2.10", "127.0.2.11"]);
      expect(a).to.include({ networkName: "vftest-net" });
      expect(a.mac).to.match(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
      const ports = (await net("GET", "/ports?device_id=server-a", demo)).body.ports as Json[];
      expect(ports.map((p) => p.id)).to.deep.equal([a.portId]);
      const pub = ((await net("GET", "/networks?name=vftest-public", demo)).body.networks as Json[])[0]!;
      const fip = await net("POST", "/floatingips", demo, {
        floatingip: { floating_network_id: pub.id, port_id: a.portId },
      });
      expect(fip.status, JSON.stringify(fip.body)).to.equal(201);
      const f = fip.body.floatingip as Json;
      expect(String(f.floating_ip_address)).to.match(/^127\.0\.5\.\d+$/);
      expect(f.fixed_ip_address).to.equal("127.0.2.10");
      expect(neutron.floatingIpFor("127.0.2.10")).to.equal(f.floating_ip_address);
      const dis = await net("PUT", `/floatingips/${String(f.id)}`, demo, { floatingip: { port_id: null } });
      expect((dis.body.floatingip as Json).port_id).to.equal(null);
      expect(neutron.floatingIpFor("127.0.2.10")).to.equal(undefined);
      expect((await net("DELETE", `/floatingips/${String(f.id)}`, demo)).status).to.equal(204);
      neutron.releasePorts("server-a");
      expect((await net("GET", "/ports?device_id=server-a", demo)).body.ports as Json[]).to.have.length(0);
      expect(neutron.allocatePort("server-c", projectId).ip, "released address reused").to.equal("127.0.2.10");
      neutron.releasePorts("server-b");
      neutron.releasePorts("server-c");
    });

    it("creates a default security group per project on first use, plus groups and rules", async () => {
      const groups = (await net("GET", "/security-groups?name=default", demo)).body.security_groups as Json[];
      expect(groups).to.have.length(1);
      expect((groups[0]!.security_group_rules as Json[]).length).to.equal(4);
      const sg = await net("POST", "/security-groups", demo, {
        security_group: { name: "ssh", description: "ssh in" },
      });
      expect(sg.status).to.equal(201);
      const sgId = String((sg.body.security_group as Json).id);
      const rule = await net("POST", "/security-group-rules", demo, {
        security_group_rule: {
          security_group_id: sgId,
          direction: "ingress",
          protocol: "tcp",
          port_range_min: 22,
          port_range_max: 22,
          remote_ip_prefix: "0.0.0.0/0",
        },
      });
      expect(rule.status, JSON.stringify(rule.body)).to.equal(201);
      const dup = await net("POST", "/security-group-rules", demo, {
        security_group_rule: {
          security_group_id: sgId,
          direction: "ingress",
          protocol: "tcp",
          port_range_min: 22,
          port_range_max: 22,
          remote_ip_prefix: "0.0.0.0/0",
        },
      });
      expect(dup.status).to.equal(409);
      expect((dup.body.NeutronError as Json).type).to.equal("SecurityGroupRuleExists");
      const badDir = await net("POST", "/security-group-rules", demo, {
        security_group_rule: { security_group_id: sgId, direction: "sideways" },
      });
      expect(badDir.status).to.equal(400);
      expect(badDir.body.NeutronError as Json).to.have.keys("type", "message", "detail");
      expect((await net("DELETE", `/security-groups/${sgId}`, demo)).status).to.equal(204);
      const other = (await net("GET", "/security-groups", admin)).body.security_groups as Json[];
      expect(
        other.filter((g) => g.name === "default").length,
        "admin sees both projects' default groups",
      ).to.be.greaterThan(1);
    });

    it("answers Neutron errors for bad input, unknown ids, missing tokens and policy", async () => {
      const nf = await net("GET", "/networks/no-such-net", demo);
      expect(nf.status).to.equal(404);
      expect((nf.body.NeutronError as Json).type).to.equal("NetworkNotFound");
      expect((await net("GET", "/networks", "")).status).to.equal(401);
      const shared = await net("POST", "/networks", demo, { network: { name: "x", shared: true } });
      expect(shared.status).to.equal(403);
      const extra = await net("POST", "/networks", demo, { network: { name: "x", colour: "blue" } });
      expect(extra.status).to.equal(400);
      const n = await net("POST", "/networks", demo, { network: { name: "own" } });
      const nid = String((n.body.network as Json).id);
      const badCidr = await net("POST", "/subnets", demo, {
        subnet: { network_id: nid, cidr: "10.0.0.0/99", ip_version: 4 },
      });
      expect(badCidr.status).to.equal(400);
      const sub = await net("POST", "/subnets", demo, {
        subnet: { network_id: nid, cidr: "10.9.0.0/24", ip_version: 4 },
      });
      expect(sub.status).to.equal(201);
      const port = await net("POST", "/ports", demo, {
        port: { network_id: nid, fixed_ips: [{ ip_address: "10.9.0.50" }] },
      });
      expect(((port.body.port as Json).fixed_ips as Json[])[0]!.ip_address).to.equal("10.9.0.50");
      const clash = await net("POST", "/ports", demo, {
        port: { network_id: nid, fixed_ips: [{ ip_address: "10.9.0.50" }] },
      });
      expect(clash.status).to.equal(409);
      expect((await net("DELETE", `/networks/${nid}`, demo)).status).to.equal(204);
      expect((await net("GET", "/nonsense", demo)).status).to.equal(404);
      const names = neutron.listResources().networks.map((x) => x.name);
      expect(names).to.include.members(["vftest-net", "vftest-public"]).and.not.include("own");
    });
  });
});
