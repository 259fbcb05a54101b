// A server deleted while its boot is still in flight: Nova frees the port once the instance is gone, so the next
// server gets the same fixed IP. A boot that finishes after the delete must not leave a guest listening there
// (seen in CI as the next server going to ERROR with EADDRINUSE on its SSH address).

import { expect } from "chai";
import { type CloudHandle, startCloud } from "../../../sim/cloud.js";
import { login, poll, type Session, waitServer } from "./client.js";

describe("sim: delete during boot", () => {
  let cloud: CloudHandle;
  let member: Session;
  before(async () => {
    cloud = await startCloud({ hosts: 2, timing: { baseMs: 5, perStep: { boot: 400 } } });
    member = await login(cloud, "member");
  });
  after(async () => {
    await cloud?.stop();
  });

  const create = async (name: string): Promise<string> => {
    const r = await member.call("POST", "/compute/v2.1/servers", {
      server: { name, imageRef: cloud.imageId, flavorRef: cloud.flavorRef, networks: "auto" },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(202);
    return String((r.body.server as Record<string, unknown>).id);
  };
  const addressOf = (s: Record<string, unknown>): string => {
    const nets = s.addresses as Record<string, { addr: string }[]>;
    return Object.values(nets)[0]?.[0]?.addr ?? "";
  };

  it("the next server on the freed address boots and answers", async () => {
    const first = await create("vm-deleted-while-booting");
    expect((await member.call("DELETE", `/compute/v2.1/servers/${first}`)).status).to.equal(204);
    await poll(
      () => member.call("GET", `/compute/v2.1/servers/${first}`),
      (r) => r.status === 404,
      "the first server gone",
    );
    await new Promise((r) => setTimeout(r, 600)); // the first boot's latency has run out by now
    expect(cloud.internals.guests.isRunning(first), "a guest of the deleted server runs").to.equal(false);
    // the delete's mark goes with the server (the late boot found no instance): the set does not grow run-long
    expect([...cloud.internals.nova.core.compute.deleting], "servers still marked deleting").to.deep.equal([]);
    const next = await create("vm-on-the-freed-address");
    const active = await waitServer(member, next, "ACTIVE");
    expect(cloud.internals.guests.addresses(next)).to.include(addressOf(active));
  });
});
