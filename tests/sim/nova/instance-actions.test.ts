// The simulated Nova's GET /servers/{id}/os-instance-actions/{request_id}, which the suite reads directly with the
// request id of the call that started the action: as nova/api/openstack/compute/instance_actions.py show() — 404 for
// a request id the server has no action for (another server's included), events for admins at every microversion
// (with traceback; host from 2.62), for the owner only from 2.51 (no traceback), hostId from 2.62.

import { expect } from "chai";
import { harness } from "./fakes.js";
import { action, boot, waitStatus } from "./steps.js";

type Json = Record<string, unknown>;

describe("sim nova: instance action show by request id", () => {
  it("answers 404 for an unknown request id and for another server's, and shows events as Nova does", async () => {
    const h = harness();
    const id = await boot(h);
    const other = await boot(h);
    await action(h, id, { migrate: null });
    await waitStatus(h, id, "VERIFY_RESIZE");
    await action(h, id, { confirmResize: null });
    await waitStatus(h, id, "ACTIVE");
    const list = await h.call("GET", `/v2.1/servers/${id}/os-instance-actions`, { token: "admin" });
    const confirm = (list.json.instanceActions as Json[]).find((a) => a.action === "confirmResize")!;
    const rid = String(confirm.request_id);
    const path = (server: string, req: string) => `/v2.1/servers/${server}/os-instance-actions/${req}`;

    const unknown = await h.call("GET", path(id, "req-00000000-0000-0000-0000-000000000000"), { token: "admin" });
    expect(unknown.status).to.equal(404);
    expect(JSON.stringify(unknown.body)).to.include("Action req-00000000-0000-0000-0000-000000000000 not found");
    expect((await h.call("GET", path(other, rid), { token: "admin" })).status, "another server's action").to.equal(404);

    const shown = async (token: string, version: string) => {
      const r = await h.call("GET", path(id, rid), { token, version });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      return r.json.instanceAction as Json;
    };
    const admin21 = await shown("admin", "2.1");
    expect(admin21).to.include({ action: "confirmResize", request_id: rid, instance_uuid: id });
    const ev = (admin21.events as Json[])[0]!;
    expect(ev).to.have.keys("event", "start_time", "finish_time", "result", "traceback");
    expect(ev).to.include({ event: "compute_confirm_resize", result: "Success" });
    expect(await shown("demo", "2.50")).to.not.have.property("events");
    expect(((await shown("demo", "2.51")).events as Json[])[0]).to.have.keys(
      "event",
      "start_time",
      "finish_time",
      "result",
    );
    expect(((await shown("admin", "2.62")).events as Json[])[0]).to.have.keys(
      "event",
      "start_time",
      "finish_time",
      "result",
      "traceback",
      "host",
      "hostId",
    );
  });
});
