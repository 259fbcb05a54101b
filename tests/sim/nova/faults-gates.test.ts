// The fault profiles that break Nova's API gates for servers with shares: each test shows the healthy refusal and
// the faulted acceptance, so a suite assertion on the refusal can be proven to fail.

import { expect } from "chai";
import { type Harness, harness } from "./fakes.js";
import {
  action,
  boot,
  hostOf,
  migration,
  type Server,
  serverWithShare,
  shareStatus,
  show,
  stop,
  waitStatus,
} from "./steps.js";

const FORBIDDEN = "Feature not supported with instances that have shares.";
const message = (r: { json: Record<string, unknown> }) =>
  (Object.values(r.json)[0] as { message?: string } | undefined)?.message;

async function actionsOf(h: Harness, id: string): Promise<string[]> {
  const r = await h.call("GET", `/v2.1/servers/${id}/os-instance-actions`, { token: "admin" });
  return (r.json.instanceActions as Server[]).map((a) => String(a.action));
}

describe("sim nova: faults in the API gates for servers with shares", () => {
  it("no-microversion-gate: migrate with shares at 2.104 is accepted (healthy: 409)", async () => {
    const healthy = harness();
    const a = await serverWithShare(healthy, { running: true });
    const refused = await action(healthy, a.id, { migrate: null }, "admin", "2.104");
    expect([refused.status, message(refused)]).to.deep.equal([409, FORBIDDEN]);

    const h = harness({ faults: ["no-microversion-gate"] });
    const { id } = await serverWithShare(h, { running: true });
    expect((await action(h, id, { migrate: null }, "admin", "2.104")).status).to.equal(202);
    await waitStatus(h, id, "VERIFY_RESIZE");
  });

  it("service-gate-ignored: compute2 reports service version 73, yet migrate and resize with shares are accepted", async () => {
    const h = harness({ faults: ["service-gate-ignored"] });
    const services = await h.call("GET", "/v2.1/os-services?binary=nova-compute", { token: "admin" });
    expect(services.status).to.equal(200);
    const { id } = await serverWithShare(h, { running: true });
    expect((await action(h, id, { migrate: null })).status).to.equal(202);
    await waitStatus(h, id, "VERIFY_RESIZE");
    expect(h.nova.core.compute.serviceVersion(h.hosts[1]!)).to.equal(73);

    const healthy = harness({ faults: ["old-compute-service"] });
    const b = await serverWithShare(healthy, { running: true });
    const refused = await action(healthy, b.id, { resize: { flavorRef: "2" } });
    expect([refused.status, message(refused)]).to.deep.equal([409, FORBIDDEN]);
  });

  it("attach-in-verify-resize: attach and detach are accepted in VERIFY_RESIZE (healthy: 409 vm_state resized)", async () => {
    const healthy = harness();
    const a = await serverWithShare(healthy, { running: true });
    await action(healthy, a.id, { migrate: null });
    await waitStatus(healthy, a.id, "VERIFY_RESIZE");
    const extra = healthy.shares.addShare({ projectId: "0123456789abcdef0123456789abcdef" });
    const refused = await healthy.call("POST", `/v2.1/servers/${a.id}/shares`, {
      body: { share: { share_id: extra.id } },
    });
    expect([refused.status, message(refused)]).to.deep.equal([
      409,
      `Cannot 'create share' instance ${a.id} while it is in vm_state resized`,
    ]);
    const refusedDetach = await healthy.call("DELETE", `/v2.1/servers/${a.id}/shares/${a.share.id}`);
    expect(refusedDetach.status).to.equal(409);

    const h = harness({ faults: ["attach-in-verify-resize"] });
    const { id, share } = await serverWithShare(h, { running: true });
    await action(h, id, { migrate: null });
    await waitStatus(h, id, "VERIFY_RESIZE");
    const other = h.shares.addShare({ projectId: "0123456789abcdef0123456789abcdef" });
    const attached = await h.call("POST", `/v2.1/servers/${id}/shares`, { body: { share: { share_id: other.id } } });
    expect(attached.status).to.equal(201);
    expect((await h.call("DELETE", `/v2.1/servers/${id}/shares/${share.id}`)).status).to.equal(200);
    expect(await actionsOf(h, id)).to.include.members(["attach_share", "detach_share"]);
  });

  it("blocked-action-accepted: shelve, suspend, evacuate, live migration and rebuild answer 202", async () => {
    const h = harness({ faults: ["blocked-action-accepted"] });
    const { id } = await serverWithShare(h, { running: true });
    for (const body of [
      { shelve: null },
      { suspend: null },
      { evacuate: {} },
      { "os-migrateLive": { host: null, block_migration: "auto" } },
      { rebuild: { imageRef: "11111111-1111-1111-1111-111111111111" } },
    ]) {
      const r = await action(h, id, body);
      expect(r.status, JSON.stringify(body)).to.equal(202);
    }
    expect(await actionsOf(h, id)).to.include.members(["shelve", "suspend", "evacuate", "live-migration", "rebuild"]);
  });

  it("rebuild of a server with shares answers 500 computeFault and leaves the server unchanged", async () => {
    const h = harness();
    const { id, share } = await serverWithShare(h, { running: true });
    const before = await show(h, id);
    const actionsBefore = await actionsOf(h, id);
    const r = await action(h, id, { rebuild: { imageRef: "11111111-1111-1111-1111-111111111111" } });
    expect(r.status).to.equal(500);
    expect(message(r)).to.match(/^Unexpected API Error\..*ForbiddenWithShare/s);
    await new Promise((res) => setTimeout(res, 20));
    const after = await show(h, id);
    for (const k of ["status", "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state", "image", "updated"]) {
      expect(after[k], k).to.deep.equal(before[k]);
    }
    expect(await actionsOf(h, id)).to.deep.equal(actionsBefore);
    expect(await shareStatus(h, id, share.id)).to.equal("active");
  });

  it("host-without-virtiofs: the last host lacks the trait; attach there is 409, a move onto it goes to ERROR", async () => {
    const h = harness({ faults: ["host-without-virtiofs"] });
    const compute = h.nova.core.compute;
    expect(compute.traits(h.hosts[0]!)).to.include.members(["COMPUTE_STORAGE_VIRTIO_FS", "COMPUTE_MEM_BACKING_FILE"]);
    expect(compute.traits(h.hosts[1]!)).to.not.include("COMPUTE_STORAGE_VIRTIO_FS");
    expect(harness().nova.core.compute.traits(harness().hosts[1]!)).to.include("COMPUTE_STORAGE_VIRTIO_FS");

    // a server on the good host (compute1: the first boot), with a share, moved onto compute2
    const { id } = await serverWithShare(h, { running: true });
    expect(hostOf(await show(h, id))).to.equal("compute1");
    // a second server lands on the other, least loaded host: compute2, where attach is refused
    const onBad = await boot(h);
    expect(hostOf(await show(h, onBad))).to.equal("compute2");
    await stop(h, onBad);
    const extra = h.shares.addShare({ projectId: "0123456789abcdef0123456789abcdef" });
    const r = await h.call("POST", `/v2.1/servers/${onBad}/shares`, { body: { share: { share_id: extra.id } } });
    expect([r.status, message(r)]).to.deep.equal([
      409,
      "Feature not supported because either compute or instance are not configured correctly.",
    ]);

    await action(h, id, { migrate: { host: "compute2" } }, "admin", "2.105");
    const s = await waitStatus(h, id, "ERROR");
    expect((s.fault as Server).message).to.contain("virtiofs is not supported");
    expect((await migration(h, id)).status).to.equal("error");
  });
});
