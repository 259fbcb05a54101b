// Admin flavor management of the simulated Nova (flavors.py create/delete): what Tempest's
// test_resize_server_revert_deleted_flavor needs, with Nova's codes, defaults, messages and visibility rules.
import { expect } from "chai";
import { type CallOpts, type Harness, harness, IMAGE } from "./fakes.js";
import { action, show, waitStatus } from "./steps.js";

type Body = Record<string, unknown>;

const fault = (r: { json: Body }) => Object.values(r.json)[0] as { code: number; message: string };
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function create(h: Harness, flavor: Body, opts: CallOpts = {}) {
  return h.call("POST", "/v2.1/flavors", { token: "admin", version: "2.1", body: { flavor }, ...opts });
}

async function created(h: Harness, flavor: Body, version = "2.1"): Promise<Body> {
  const r = await create(h, flavor, { version });
  expect(r.status, `POST /flavors ${JSON.stringify(flavor)} at ${version}: ${JSON.stringify(r.body)}`).to.equal(200);
  return r.json.flavor as Body;
}

async function listedIds(h: Harness, token: string, query = ""): Promise<unknown[]> {
  const r = await h.call("GET", `/v2.1/flavors/detail${query}`, { token });
  expect(r.status, `GET /flavors/detail${query} as ${token}: ${JSON.stringify(r.body)}`).to.equal(200);
  return (r.json.flavors as Body[]).map((f) => f.id);
}

async function badCreate(h: Harness, flavor: unknown, version = "2.1"): Promise<string> {
  const r = await h.call("POST", "/v2.1/flavors", { token: "admin", version, body: { flavor } });
  expect(r.status, `POST /flavors ${JSON.stringify(flavor)} should be refused: ${JSON.stringify(r.body)}`).to.equal(
    400,
  );
  return fault(r).message;
}

const MINIMAL = { name: "copy", ram: 512, vcpus: 1, disk: 1 };

describe("sim nova: flavor create and delete", () => {
  it("creates a flavor with Nova's defaults and a generated UUID id (200, detail view)", async () => {
    const h = harness();
    const f = await created(h, MINIMAL);
    expect(String(f.id), "an omitted id becomes a UUID").to.match(UUID_RE);
    expect(f).to.deep.include({
      name: "copy",
      ram: 512,
      vcpus: 1,
      disk: 1,
      "OS-FLV-EXT-DATA:ephemeral": 0,
      "OS-FLV-DISABLED:disabled": false,
      swap: "",
      rxtx_factor: 1,
      "os-flavor-access:is_public": true,
    });
    const shown = await h.call("GET", `/v2.1/flavors/${f.id}`, { token: "demo", version: "2.1" });
    expect(shown.json.flavor, "GET /flavors/{id} returns what POST returned").to.deep.equal(f);
    expect(await listedIds(h, "demo"), "the new public flavor is listed").to.include(f.id);
  });

  it("keeps given fields; swap is 0 from 2.75, extra_specs {} from 2.61, description from 2.55", async () => {
    const h = harness();
    const f = await created(
      h,
      { ...MINIMAL, id: 1234, swap: 256, "OS-FLV-EXT-DATA:ephemeral": "2", description: "for resize" },
      "2.75",
    );
    expect(f).to.deep.include({ id: "1234", swap: 256, "OS-FLV-EXT-DATA:ephemeral": 2, description: "for resize" });
    expect(f.extra_specs, "extra_specs at 2.61+").to.deep.equal({});
    const g = await created(h, { ...MINIMAL, name: "no swap" }, "2.75");
    expect(g.swap, "swap at 2.75+ is an integer").to.equal(0);
  });

  it("refuses duplicates with 409 and Nova's messages", async () => {
    const h = harness();
    await created(h, { ...MINIMAL, id: "dup" });
    const byId = await create(h, { ...MINIMAL, name: "other", id: "dup" });
    expect([byId.status, fault(byId).message]).to.deep.equal([409, "Flavor with ID dup already exists."]);
    const byName = await create(h, { ...MINIMAL, name: "m1.tiny" });
    expect([byName.status, fault(byName).message]).to.deep.equal([409, "Flavor with name m1.tiny already exists."]);
  });

  it("validates the body as Nova's schema does (first error, Nova's wording)", async () => {
    const h = harness();
    expect(await badCreate(h, { name: "x", vcpus: 1, disk: 1 })).to.equal(
      "Invalid input for field/attribute flavor. Value: {'name': 'x', 'vcpus': 1, 'disk': 1}. 'ram' is a required property",
    );
    expect(await badCreate(h, { ...MINIMAL, ram: 0 })).to.equal(
      "Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1",
    );
    expect(await badCreate(h, { ...MINIMAL, vcpus: "0" })).to.equal(
      "Invalid input for field/attribute vcpus. Value: 0. 0 is less than the minimum of 1",
    );
    expect(await badCreate(h, { ...MINIMAL, disk: -1 })).to.equal(
      "Invalid input for field/attribute disk. Value: -1. -1 is less than the minimum of 0",
    );
    expect(await badCreate(h, { ...MINIMAL, ram: "big" })).to.equal(
      "Invalid input for field/attribute ram. Value: big. 'big' does not match '^[0-9]+$'",
    );
    expect(await badCreate(h, { ...MINIMAL, swap: 1.5 })).to.equal(
      "Invalid input for field/attribute swap. Value: 1.5. 1.5 is not of type 'integer', 'string'",
    );
    expect(await badCreate(h, { ...MINIMAL, ram: 2 ** 31 })).to.equal(
      "Invalid input for field/attribute ram. Value: 2147483648. 2147483648 is greater than the maximum of 2147483647",
    );
    expect(await badCreate(h, { ...MINIMAL, name: "" })).to.equal(
      "Invalid input for field/attribute name. Value: . '' should be non-empty",
    );
    expect(await badCreate(h, { ...MINIMAL, name: " padded " })).to.equal(
      "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
    );
    expect(await badCreate(h, { ...MINIMAL, id: " bad id" })).to.match(/^Invalid input for field\/attribute id\. /);
    expect(await badCreate(h, { ...MINIMAL, "os-flavor-access:is_public": 123 })).to.equal(
      "Invalid input for field/attribute os-flavor-access:is_public. Value: 123. 123 is not of type 'boolean', 'string'",
    );
    expect(await badCreate(h, { ...MINIMAL, description: "d" })).to.equal(
      "Invalid input for field/attribute flavor. Value: {'name': 'copy', 'ram': 512, 'vcpus': 1, 'disk': 1, 'description': 'd'}. Additional properties are not allowed ('description' was unexpected)",
    );
    expect(await badCreate(h, { ...MINIMAL, rxtx_factor: 1.0 }, "2.102"), "rxtx_factor is gone at 2.102").to.match(
      /Additional properties are not allowed \('rxtx_factor' was unexpected\)$/,
    );
    expect(await badCreate(h, [])).to.equal(
      "Invalid input for field/attribute flavor. Value: []. [] is not of type 'object'",
    );
    // "0" passes the schema (exclusiveMinimum skips strings) and flavors.create's InvalidInput is unexpected: 500.
    const zero = await create(h, { ...MINIMAL, rxtx_factor: "0" });
    expect([zero.status, fault(zero).message]).to.deep.equal([
      500,
      "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class 'nova.exception.InvalidInput'>",
    ]);
    expect(await badCreate(h, { ...MINIMAL, rxtx_factor: 0 })).to.equal(
      "Invalid input for field/attribute rxtx_factor. Value: 0. 0 is less than or equal to the minimum of 0",
    );
    const none = await h.call("POST", "/v2.1/flavors", { token: "admin", body: {} });
    expect([none.status, fault(none).message]).to.deep.equal([400, "'flavor' is a required property"]);
  });

  it("is admin only: create and delete answer 403 with the flavor-manage policy names", async () => {
    const h = harness();
    const c = await create(h, MINIMAL, { token: "demo" });
    expect([c.status, fault(c).message]).to.deep.equal([
      403,
      "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.",
    ]);
    const d = await h.call("DELETE", "/v2.1/flavors/1", { token: "demo" });
    expect([d.status, fault(d).message]).to.deep.equal([
      403,
      "Policy doesn't allow os_compute_api:os-flavor-manage:delete to be performed.",
    ]);
    expect(await listedIds(h, "demo"), "nothing created or deleted").to.deep.equal(["1", "2", "3"]);
  });

  it("deletes with 202 and no body; then the flavor is gone (404 on show and delete, not listed)", async () => {
    const h = harness();
    const f = await created(h, MINIMAL);
    const d = await h.call("DELETE", `/v2.1/flavors/${f.id}`, { token: "admin" });
    expect([d.status, d.body], "DELETE /flavors/{id}").to.deep.equal([202, undefined]);
    expect(await listedIds(h, "admin"), "deleted flavor not listed").to.not.include(f.id);
    const s = await h.call("GET", `/v2.1/flavors/${f.id}`, { token: "admin" });
    expect([s.status, fault(s).message]).to.deep.equal([404, `Flavor ${f.id} could not be found.`]);
    const again = await h.call("DELETE", `/v2.1/flavors/${f.id}`, { token: "admin" });
    expect([again.status, fault(again).message]).to.deep.equal([404, `Flavor ${f.id} could not be found.`]);
  });

  it("hides private flavors from non-admins; admins list them with ?is_public=none or false", async () => {
    const h = harness();
    const f = await created(h, { ...MINIMAL, name: "private", "os-flavor-access:is_public": "False" });
    expect(f["os-flavor-access:is_public"]).to.equal(false);
    expect(await listedIds(h, "demo"), "member list").to.not.include(f.id);
    expect(await listedIds(h, "admin"), "admin default list is public only").to.not.include(f.id);
    expect(await listedIds(h, "admin", "?is_public=none"), "admin ?is_public=none").to.include(f.id);
    expect(await listedIds(h, "admin", "?is_public=false"), "admin ?is_public=false").to.deep.equal([f.id]);
    expect((await h.call("GET", `/v2.1/flavors/${f.id}`, { token: "demo" })).status, "member show").to.equal(404);
    expect((await h.call("GET", `/v2.1/flavors/${f.id}`, { token: "admin" })).status, "admin show").to.equal(200);
    const bad = await h.call("GET", "/v2.1/flavors?is_public=maybe", { token: "admin" });
    expect([bad.status, fault(bad).message]).to.deep.equal([400, "Invalid is_public filter [maybe]"]);
  });

  it("a server keeps its deleted flavor, through resize and revert (Tempest's revert_deleted_flavor)", async () => {
    const h = harness();
    const f = await created(h, { name: "to-delete", ram: 512, vcpus: 1, disk: 1 });
    const boot = await h.call("POST", "/v2.1/servers", {
      body: { server: { name: "vm", imageRef: IMAGE, flavorRef: f.id, networks: "auto" } },
    });
    expect(boot.status, JSON.stringify(boot.body)).to.equal(202);
    const id = String((boot.json.server as Body).id);
    await waitStatus(h, id, "ACTIVE");
    expect((await h.call("DELETE", `/v2.1/flavors/${f.id}`, { token: "admin" })).status).to.equal(202);

    expect((await action(h, id, { resize: { flavorRef: "2" } }, "demo")).status, "resize").to.equal(202);
    await waitStatus(h, id, "VERIFY_RESIZE");
    expect((await action(h, id, { revertResize: null }, "demo")).status, "revertResize").to.equal(202);
    await waitStatus(h, id, "ACTIVE");

    const old = await h.call("GET", `/v2.1/servers/${id}`, { version: "2.1" });
    expect((old.json.server as Body).flavor, `server ${id} flavor at 2.1 after revert`).to.deep.include({ id: f.id });
    const now = (await show(h, id, "demo")).flavor as Body;
    expect(now, `server ${id} flavor at 2.47+ after revert`).to.deep.include({
      original_name: "to-delete",
      ram: 512,
      vcpus: 1,
      disk: 1,
    });
  });
});
