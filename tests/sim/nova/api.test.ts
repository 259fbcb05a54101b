import * as fs from "node:fs";
import { expect } from "chai";
import { Faults } from "../../../sim/faults.js";
import { createTiming, stepLatency } from "../../../sim/timing.js";
import { harness } from "./fakes.js";
import { action, boot, migration, show, waitStatus } from "./steps.js";

const msg = (r: { json: Record<string, unknown> }) => Object.values(r.json)[0] as { code: number; message: string };

// tempest/lib/api_schema/response/compute/v2_1/servers.py server_detail: required + allowed keys.
const TEMPEST_V21_REQUIRED = [
  "id",
  "name",
  "status",
  "image",
  "flavor",
  "user_id",
  "tenant_id",
  "created",
  "updated",
  "metadata",
  "links",
  "addresses",
  "hostId",
];
const TEMPEST_V21_ALLOWED = new Set([
  ...TEMPEST_V21_REQUIRED,
  "OS-EXT-STS:task_state",
  "OS-EXT-STS:vm_state",
  "OS-EXT-STS:power_state",
  "OS-EXT-SRV-ATTR:host",
  "OS-EXT-SRV-ATTR:instance_name",
  "OS-EXT-SRV-ATTR:hypervisor_hostname",
  "OS-EXT-AZ:availability_zone",
  "OS-SRV-USG:launched_at",
  "OS-SRV-USG:terminated_at",
  "key_name",
  "security_groups",
  "os-extended-volumes:volumes_attached",
  "config_drive",
  "accessIPv4",
  "accessIPv6",
  "OS-DCF:diskConfig",
  "progress",
  "fault",
]);

describe("sim nova: API surface", () => {
  it("negotiates microversions like Nova (default 2.1, latest, 406, 400) and echoes them on errors", async () => {
    const h = harness();
    const none = await h.call("GET", "/v2.1/flavors", { version: null });
    expect(none.headers?.["OpenStack-API-Version"]).to.equal("compute 2.1");
    const latest = await h.call("GET", "/v2.1/flavors", { version: "latest" });
    expect(latest.headers?.["X-OpenStack-Nova-API-Version"]).to.equal("2.105");
    const modern = await h.call("GET", "/v2.1/flavors", {
      version: null,
      headers: { "openstack-api-version": "compute 2.60" },
    });
    expect(modern.headers?.["OpenStack-API-Version"]).to.equal("compute 2.60");
    const high = await h.call("GET", "/v2.1/flavors", { version: "2.106" });
    expect([high.status, msg(high).message]).to.deep.equal([
      406,
      "Version 2.106 is not supported by the API. Minimum is 2.1 and maximum is 2.105.",
    ]);
    const bad = await h.call("GET", "/v2.1/flavors", { version: "2.x" });
    expect(bad.status).to.equal(400);
    const nf = await h.call("GET", "/v2.1/servers/nope");
    expect(nf.status).to.equal(404);
    expect(nf.headers?.["OpenStack-API-Version"]).to.equal("compute 2.105");
    expect((await h.call("GET", "/v2.1/servers", { token: null })).status).to.equal(401);
    expect((await h.call("GET", "/v2.1/nothing-here")).status).to.equal(404);
    expect((await h.call("DELETE", "/v2.1/flavors")).status).to.equal(405);
  });

  it("server show at 2.1 passes tempest's v2.1 schema keys; at 2.105 has the newer fields", async () => {
    const h = harness();
    const id = await boot(h);
    const old = (await h.call("GET", `/v2.1/servers/${id}`, { token: "admin", version: "2.1" })).json.server as Record<
      string,
      unknown
    >;
    for (const k of TEMPEST_V21_REQUIRED) expect(old, k).to.have.property(k);
    for (const k of Object.keys(old)) expect(TEMPEST_V21_ALLOWED.has(k), `unexpected key ${k}`).to.equal(true);
    expect(old.flavor).to.have.keys("id", "links");
    const now = await show(h, id);
    for (const k of [
      "locked",
      "description",
      "tags",
      "locked_reason",
      "pinned_availability_zone",
      "scheduler_hints",
      "server_groups",
      "host_status",
    ]) {
      expect(now, k).to.have.property(k);
    }
    expect(now.flavor).to.have.keys("vcpus", "ram", "disk", "ephemeral", "swap", "original_name", "extra_specs");
    const addr = (now.addresses as Record<string, Record<string, unknown>[]>)["vftest-net"]![0]!;
    expect(addr).to.have.keys("version", "addr", "OS-EXT-IPS:type", "OS-EXT-IPS-MAC:mac_addr");
    const member = (await h.call("GET", `/v2.1/servers/${id}`)).json.server as Record<string, unknown>;
    expect(member).to.not.have.property("OS-EXT-SRV-ATTR:host");
    expect(member).to.have.property("OS-EXT-SRV-ATTR:hostname");
    expect((await h.call("GET", `/v2.1/servers/${id}`, { token: "other" })).status).to.equal(404);
  });

  it("validates server create and reports unknown images, flavors and keys", async () => {
    const h = harness();
    const base = { name: "x", imageRef: "11111111-1111-1111-1111-111111111111", flavorRef: "1", networks: "none" };
    const { networks: _n, ...withoutNetworks } = base;
    const noNet = await h.call("POST", "/v2.1/servers", { body: { server: withoutNetworks } });
    expect([noNet.status, msg(noNet).message]).to.deep.equal([
      400,
      "Invalid input for field/attribute server. Value: {'name': 'x', 'imageRef': '11111111-1111-1111-1111-111111111111', 'flavorRef': '1'}. 'networks' is a required property",
    ]);
    const img = await h.call("POST", "/v2.1/servers", { body: { server: { ...base, imageRef: "abc" } } });
    expect(msg(img).message).to.equal("Image abc could not be found.");
    const fl = await h.call("POST", "/v2.1/servers", { body: { server: { ...base, flavorRef: "42" } } });
    expect(msg(fl).message).to.equal("Flavor 42 could not be found.");
    const key = await h.call("POST", "/v2.1/servers", { body: { server: { ...base, key_name: "nokey" } } });
    expect(msg(key).message).to.equal("Invalid key_name provided.");
    const extra = await h.call("POST", "/v2.1/servers", { body: { server: { ...base, bogus: 1 } } });
    expect(msg(extra).message).to.contain("Additional properties are not allowed ('bogus' was unexpected)");
  });

  it("os-migrations at 2.80 matches the golden sample's keys; host fields hidden from non-admins", async () => {
    const h = harness();
    const id = await boot(h);
    // the member resizes: the migration belongs to its project (the requester's), which the manager lists
    await action(h, id, { resize: { flavorRef: "2" } }, "demo");
    await waitStatus(h, id, "VERIFY_RESIZE");
    const golden = JSON.parse(
      fs.readFileSync(
        new URL("../../fixtures/nova-api-samples/os-migrations/v2.80-migrations-get.json", import.meta.url),
        "utf8",
      ),
    ) as { migrations: Record<string, unknown>[] };
    const m = await migration(h, id);
    expect(Object.keys(m).sort()).to.deep.equal(Object.keys(golden.migrations[0]!).sort());
    for (const [k, v] of Object.entries(golden.migrations[0]!)) expect(typeof m[k], k).to.equal(typeof v);
    const v21 = await h.call("GET", "/v2.1/os-migrations", { token: "admin", version: "2.1" });
    expect((v21.json.migrations as Record<string, unknown>[])[0]).to.not.have.property("migration_type");
    expect((await h.call("GET", "/v2.1/os-migrations")).status).to.equal(403);
    h.identity.add("manager", (await show(h, id)).tenant_id as string, ["manager", "member", "reader"]);
    const mgr = await h.call("GET", "/v2.1/os-migrations", { token: "manager", version: "2.80" });
    expect((mgr.json.migrations as Record<string, unknown>[])[0]!.source_compute).to.equal(null);
  });

  it("keypairs (public_key required at 2.92), flavors, services and hypervisors", async () => {
    const h = harness();
    const noKey = await h.call("POST", "/v2.1/os-keypairs", { body: { keypair: { name: "k" } } });
    expect([noKey.status, msg(noKey).message]).to.deep.equal([
      400,
      "Invalid input for field/attribute keypair. Value: {'name': 'k'}. 'public_key' is a required property",
    ]);
    const pub = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGcWvW1/2oS0t3uQ5b8J3m7kX0c3aZ6Zq3XkYl4vZb4u test";
    const kp = await h.call("POST", "/v2.1/os-keypairs", { body: { keypair: { name: "k", public_key: pub } } });
    expect(kp.status).to.equal(201);
    expect(kp.json.keypair).to.include.keys("name", "public_key", "fingerprint", "user_id", "type");
    const dup = await h.call("POST", "/v2.1/os-keypairs", { body: { keypair: { name: "k", public_key: pub } } });
    expect([dup.status, msg(dup).message]).to.deep.equal([409, "Key pair 'k' already exists."]);
    expect((await h.call("GET", "/v2.1/os-keypairs/k")).status).to.equal(200);
    expect((await h.call("DELETE", "/v2.1/os-keypairs/k")).status).to.equal(204);
    expect((await h.call("GET", "/v2.1/os-keypairs/k")).status).to.equal(404);

    const flavors = (await h.call("GET", "/v2.1/flavors/detail")).json.flavors as Record<string, unknown>[];
    expect(flavors.map((f) => [f.id, f.ram, f.vcpus, f.disk])).to.deep.equal([
      ["1", 512, 1, 1],
      ["2", 1024, 1, 2],
      ["3", 2048, 2, 4],
    ]);

    expect((await h.call("GET", "/v2.1/os-services")).status).to.equal(403);
    const svcs = (await h.call("GET", "/v2.1/os-services?binary=nova-compute", { token: "admin" })).json
      .services as Record<string, unknown>[];
    expect(svcs.map((s) => s.host)).to.deep.equal(["compute1", "compute2"]);
    expect(svcs[0]).to.have.keys(
      "id",
      "binary",
      "disabled_reason",
      "host",
      "state",
      "status",
      "updated_at",
      "zone",
      "forced_down",
    );
    expect(svcs[0]).to.not.have.property("version");
    const down = await h.call("PUT", `/v2.1/os-services/${svcs[1]!.id}`, {
      token: "admin",
      body: { forced_down: true },
    });
    expect((down.json.service as Record<string, unknown>).state).to.equal("down");
    const hyp = (await h.call("GET", "/v2.1/os-hypervisors/detail", { token: "admin" })).json.hypervisors as Record<
      string,
      unknown
    >[];
    expect(hyp.map((x) => [x.hypervisor_hostname, x.state])).to.deep.equal([
      ["compute1", "up"],
      ["compute2", "down"],
    ]);
  });

  it("stop/start/reboot and console output", async () => {
    const h = harness();
    const id = await boot(h);
    const out = await action(h, id, { "os-getConsoleOutput": { length: 1 } }, "demo");
    expect(out.json.output).to.equal(`login prompt for ${id}`);
    await action(h, id, { reboot: { type: "SOFT" } }, "demo");
    await waitStatus(h, id, "ACTIVE");
    expect((await action(h, id, { "os-start": null }, "demo")).status).to.equal(409);
    const nosuch = await action(h, id, { fly: null }, "demo");
    expect([nosuch.status, msg(nosuch).message]).to.deep.equal([400, "There is no such action: fly"]);
  });
});

describe("sim timing", () => {
  it("uses per-step values, the base otherwise, x10 with slow-steps and 0.5-3x with jitter", async () => {
    const faults = new Faults();
    const opts = { baseMs: 4, perStep: { boot: 7 }, faults };
    expect(stepLatency(opts, "boot")).to.equal(7);
    expect(stepLatency(opts, "other")).to.equal(4);
    faults.setPerTest(["slow-steps"]);
    expect(stepLatency(opts, "other")).to.equal(40);
    faults.setPerTest(["jitter"]);
    expect(stepLatency(opts, "other", () => 0)).to.equal(2);
    expect(stepLatency(opts, "other", () => 1)).to.equal(12);
    expect(() => createTiming({ baseMs: -1, faults })).to.throw(/baseMs/);
    await createTiming({ baseMs: 0, faults }).delay("x");
  });
});
