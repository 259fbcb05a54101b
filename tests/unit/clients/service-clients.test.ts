import { expect } from "chai";
import { answerOf } from "../../../lib/clients/base-client.js";
import { type Clients, createClients } from "../../../lib/clients/index.js";
import { FakeCloud, novaHeaders, passwordAuth } from "./fake-cloud.js";

const SID = "9128d044-7b61-403e-b766-7547076ff6c1";
const SHARE = "e8debdc0-447a-4376-a10a-4cd9122d7986";
const MANILA = { "X-OpenStack-Manila-API-Version": "2.82", "x-openstack-request-id": "req-m" };

describe("clients/service clients: method -> HTTP call", () => {
  let cloud: FakeCloud;
  let c: Clients;
  beforeEach(async () => {
    cloud = await new FakeCloud().start();
    c = createClients({ auth: passwordAuth(cloud) });
  });
  afterEach(() => cloud.stop());
  const last = () => cloud.requests.at(-1)!;

  describe("server actions", () => {
    const actions: [string, (c: Clients) => Promise<{ requestId?: string }>, unknown, number][] = [
      ["stopServer", (x) => x.servers.stopServer(SID), { "os-stop": null }, 202],
      ["startServer", (x) => x.servers.startServer(SID), { "os-start": null }, 202],
      ["rebootServer", (x) => x.servers.rebootServer(SID, "HARD"), { reboot: { type: "HARD" } }, 202],
      ["migrateServer", (x) => x.servers.migrateServer(SID), { migrate: null }, 202],
      [
        "migrateServer(host)",
        (x) => x.servers.migrateServer(SID, { host: "compute2" }),
        { migrate: { host: "compute2" } },
        202,
      ],
      ["resizeServer", (x) => x.servers.resizeServer(SID, "2"), { resize: { flavorRef: "2" } }, 202],
      ["confirmResizeServer", (x) => x.servers.confirmResizeServer(SID), { confirmResize: null }, 204],
      ["revertResizeServer", (x) => x.servers.revertResizeServer(SID), { revertResize: null }, 202],
      [
        "liveMigrateServer",
        (x) => x.servers.liveMigrateServer(SID),
        { "os-migrateLive": { host: null, block_migration: "auto" } },
        202,
      ],
      ["evacuateServer", (x) => x.servers.evacuateServer(SID), { evacuate: {} }, 200],
      ["shelveServer", (x) => x.servers.shelveServer(SID), { shelve: null }, 202],
      ["suspendServer", (x) => x.servers.suspendServer(SID), { suspend: null }, 202],
    ];
    for (const [name, call, body, status] of actions) {
      it(`${name} posts ${JSON.stringify(body)} and expects ${status}`, async () => {
        cloud.on("POST", `/compute/v2.1/servers/${SID}/action`, () => ({
          status,
          headers: novaHeaders("2.97", `req-${name}`),
        }));
        const r = await call(c);
        expect(last().body).to.deep.equal(body);
        expect(r.requestId).to.equal(`req-${name}`);
      });
    }

    it("getConsoleOutput returns the text", async () => {
      cloud.on("POST", `/compute/v2.1/servers/${SID}/action`, () => ({
        status: 200,
        body: { output: "login:" },
        headers: novaHeaders("2.97"),
      }));
      expect(await c.servers.getConsoleOutput(SID, 10)).to.equal("login:");
      expect(last().body).to.deep.equal({ "os-getConsoleOutput": { length: 10 } });
    });

    it("withMicroversion pins another version for one client only", async () => {
      cloud.on("POST", `/compute/v2.1/servers/${SID}/action`, () => ({ status: 202, headers: novaHeaders("2.105") }));
      await c.servers.withMicroversion("2.105").migrateServer(SID);
      expect(last().headers["x-openstack-nova-api-version"]).to.equal("2.105");
      expect(c.servers.rest.microversion).to.equal("2.97");
    });
  });

  describe("server shares", () => {
    it("attachShare posts {share} and accepts the admin fields (201)", async () => {
      cloud.on("POST", `/compute/v2.1/servers/${SID}/shares`, () => ({
        status: 201,
        headers: novaHeaders("2.97", "req-att"),
        body: {
          share: {
            share_id: SHARE,
            status: "attaching",
            tag: "data",
            uuid: "68ba1762-fd6d-4221-8311-f3193dd93404",
            export_location: "10.0.0.50:/mnt/foo",
          },
        },
      }));
      const s = await c.serverShares.attachShare(SID, { share_id: SHARE, tag: "data" });
      expect(last().body).to.deep.equal({ share: { share_id: SHARE, tag: "data" } });
      expect(s.status).to.equal("attaching");
      expect(answerOf(s)).to.deep.include({ requestId: "req-att" });
      expect(answerOf(s).answeredAt).to.be.a("number");
      expect(Object.keys(s), "the answer is not part of the body").to.not.include("requestId");
    });

    it("detachShare expects 200 with an empty body", async () => {
      cloud.on("DELETE", `/compute/v2.1/servers/${SID}/shares/${SHARE}`, () => ({
        status: 200,
        headers: novaHeaders("2.97", "req-det"),
      }));
      expect(await c.serverShares.detachShare(SID, SHARE))
        .to.include({ requestId: "req-det" })
        .and.have.property("answeredAt")
        .that.is.a("number");
    });

    it("listServerShares and showServerShare unwrap the body", async () => {
      const item = { share_id: SHARE, status: "inactive", tag: "data" };
      cloud.on("GET", `/compute/v2.1/servers/${SID}/shares`, () => ({
        status: 200,
        body: { shares: [item] },
        headers: novaHeaders("2.97"),
      }));
      cloud.on("GET", `/compute/v2.1/servers/${SID}/shares/${SHARE}`, () => ({
        status: 200,
        body: { share: item },
        headers: novaHeaders("2.97"),
      }));
      expect(await c.serverShares.listServerShares(SID)).to.deep.equal([item]);
      expect(await c.serverShares.showServerShare(SID, SHARE)).to.deep.equal(item);
    });
  });

  describe("other compute", () => {
    it("listMigrations passes filters as query parameters", async () => {
      cloud.on("GET", "/compute/v2.1/os-migrations", () => ({
        status: 200,
        body: { migrations: [] },
        headers: novaHeaders("2.97"),
      }));
      await c.migrations.listMigrations({ instance_uuid: SID, migration_type: "migration", status: "finished" });
      expect(last().path).to.equal(
        `/compute/v2.1/os-migrations?instance_uuid=${SID}&migration_type=migration&status=finished`,
      );
    });

    it("showInstanceAction returns the events", async () => {
      cloud.on("GET", `/compute/v2.1/servers/${SID}/os-instance-actions/req-1`, () => ({
        status: 200,
        headers: novaHeaders("2.97"),
        body: {
          instanceAction: {
            action: "migrate",
            instance_uuid: SID,
            request_id: "req-1",
            user_id: "u",
            project_id: "p",
            start_time: "2026-08-21T10:00:00.000000",
            updated_at: "2026-08-21T10:00:01.000000",
            message: null,
            events: [
              {
                event: "compute_finish_resize",
                start_time: "x",
                finish_time: "y",
                result: "Success",
                host: "compute2",
                hostId: "h",
              },
            ],
          },
        },
      }));
      const a = await c.instanceActions.showInstanceAction(SID, "req-1");
      expect(a.events.map((e) => e.event)).to.deep.equal(["compute_finish_resize"]);
    });

    it("listServices filters by binary and has no invented version field", async () => {
      cloud.on("GET", "/compute/v2.1/os-services", () => ({
        status: 200,
        headers: novaHeaders("2.97"),
        body: {
          services: [
            {
              id: "s",
              binary: "nova-compute",
              host: "compute1",
              zone: "nova",
              status: "enabled",
              state: "up",
              updated_at: null,
              disabled_reason: null,
              forced_down: false,
            },
          ],
        },
      }));
      const s = await c.services.listServices({ binary: "nova-compute" });
      expect(last().path).to.equal("/compute/v2.1/os-services?binary=nova-compute");
      expect(s[0]).not.to.have.property("version");
    });

    it("keypairs unwrap the list items", async () => {
      const kp = { name: "k", public_key: "ssh-ed25519 AAAA", fingerprint: "f", type: "ssh" };
      cloud.on("GET", "/compute/v2.1/os-keypairs", () => ({
        status: 200,
        body: { keypairs: [{ keypair: kp }] },
        headers: novaHeaders("2.97"),
      }));
      expect(await c.keypairs.listKeypairs()).to.deep.equal([kp]);
    });

    it("versions: showVersion reads the versioned endpoint, listVersions the root", async () => {
      const v = { id: "v2.1", status: "CURRENT", min_version: "2.1", version: "2.105" };
      cloud.on("GET", "/compute/v2.1/", () => ({ status: 200, body: { version: v } }));
      cloud.on("GET", "/compute/", () => ({ status: 200, body: { versions: [v] } }));
      expect((await c.versions.showVersion()).version).to.equal("2.105");
      expect(await c.versions.listVersions()).to.have.length(1);
      expect(last().headers["openstack-api-version"], "no microversion on the versions document").to.equal(undefined);
    });
  });

  describe("manila", () => {
    const rule = { id: "r1", access_type: "ip", access_to: "10.0.0.2", access_level: "rw", state: "queued_to_apply" };

    it("createAccessRule posts allow_access with lock flags", async () => {
      cloud.on("POST", `/share/v2/shares/${SHARE}/action`, () => ({
        status: 200,
        body: { access: rule },
        headers: MANILA,
      }));
      const r = await c.shares.createAccessRule(SHARE, {
        access_type: "ip",
        access_to: "10.0.0.2",
        lock_visibility: true,
        lock_deletion: true,
        lock_reason: "Lock by nova",
      });
      expect(r.id).to.equal("r1");
      expect(last().body).to.deep.equal({
        allow_access: {
          access_level: "rw",
          access_type: "ip",
          access_to: "10.0.0.2",
          lock_visibility: true,
          lock_deletion: true,
          lock_reason: "Lock by nova",
        },
      });
      expect(last().headers["x-openstack-manila-api-version"]).to.equal("2.82");
    });

    it("deleteAccessRule posts deny_access with unrestrict (202)", async () => {
      cloud.on("POST", `/share/v2/shares/${SHARE}/action`, () => ({ status: 202, headers: MANILA }));
      await c.shares.deleteAccessRule(SHARE, "r1", { unrestrict: true });
      expect(last().body).to.deep.equal({ deny_access: { access_id: "r1", unrestrict: true } });
    });

    it("listAccessRules, listResourceLocks and deleteResourceLock", async () => {
      cloud.on("GET", "/share/v2/share-access-rules", () => ({
        status: 200,
        body: { access_list: [rule] },
        headers: MANILA,
      }));
      cloud.on("GET", "/share/v2/resource-locks", () => ({
        status: 200,
        body: { resource_locks: [] },
        headers: MANILA,
      }));
      cloud.on("DELETE", "/share/v2/resource-locks/l1", () => ({ status: 204, headers: MANILA }));
      expect(await c.shares.listAccessRules(SHARE)).to.have.length(1);
      expect(cloud.requests.at(-1)!.path).to.equal(`/share/v2/share-access-rules?share_id=${SHARE}`);
      await c.shares.listResourceLocks({ resource_id: SHARE, all_projects: true });
      expect(last().path).to.equal(`/share/v2/resource-locks?resource_id=${SHARE}&all_projects=true`);
      expect(await c.shares.deleteResourceLock("l1"))
        .to.include({ requestId: "req-m" })
        .and.have.property("answeredAt")
        .that.is.a("number");
    });
  });

  describe("image, network, identity", () => {
    it("uploadImage sends raw bytes", async () => {
      cloud.on("PUT", "/image/v2/images/i1/file", () => ({ status: 204 }));
      await c.images.uploadImage("i1", Buffer.from("qcow"));
      expect(last().headers["content-type"]).to.equal("application/octet-stream");
      expect(last().body).to.equal("qcow");
    });

    it("network create/list wrap and unwrap the resource key", async () => {
      const net = { id: "n1", name: "private", status: "ACTIVE" };
      cloud.on("POST", "/networking/v2.0/networks", () => ({ status: 201, body: { network: net } }));
      cloud.on("GET", "/networking/v2.0/security-groups", () => ({
        status: 200,
        body: { security_groups: [{ id: "sg", name: "default" }] },
      }));
      expect(await c.network.createNetwork({ name: "private" })).to.deep.equal(net);
      expect(last().body).to.deep.equal({ network: { name: "private" } });
      expect((await c.network.listSecurityGroups({ name: "default" }))[0].id).to.equal("sg");
      expect(last().path).to.equal("/networking/v2.0/security-groups?name=default");
    });

    it("identity calls go to the auth URL; assignProjectRole is a PUT (204)", async () => {
      cloud.on("PUT", "/identity/v3/projects/p/users/u/roles/r", () => ({ status: 204 }));
      cloud.on("POST", "/identity/v3/users", () => ({
        status: 201,
        body: { user: { id: "u", name: "w1", domain_id: "default" } },
      }));
      await c.identity.assignProjectRole("p", "u", "r");
      const u = await c.identity.createUser({ name: "w1", password: "pw-w1-secret" });
      expect(u.id).to.equal("u");
    });
  });
});
