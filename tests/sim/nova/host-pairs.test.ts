// N compute hosts: pinning a server to a host at boot (availability_zone "nova:<host>", 2.74 "host") and a targeted
// cold migration with a share for every ordered pair of three hosts, as a host-pair certification run does.

import { expect } from "chai";
import { DEMO, type Harness, harness, IMAGE, until } from "./fakes.js";
import { action, hostOf, migration, type Server, shareStatus, show, start, stop, waitStatus } from "./steps.js";

async function bootOn(h: Harness, host: string, how: "az" | "host" = "az"): Promise<string> {
  const pin = how === "az" ? { availability_zone: `nova:${host}` } : { host };
  const r = await h.call("POST", "/v2.1/servers", {
    token: "admin",
    body: { server: { name: "vm", imageRef: IMAGE, flavorRef: "1", networks: "auto", ...pin } },
  });
  expect(r.status, JSON.stringify(r.body)).to.equal(202);
  const id = String((r.json.server as Server).id);
  await waitStatus(h, id, "ACTIVE");
  return id;
}

describe("sim nova: N hosts, pinned boots, targeted moves for every host pair", () => {
  it("pins a boot with availability_zone nova:<host> or 2.74 host; admin only; bad zone/host are 400", async () => {
    const h = harness({ hosts: 3 });
    expect(hostOf(await show(h, await bootOn(h, "compute3")))).to.equal("compute3");
    expect(hostOf(await show(h, await bootOn(h, "compute2", "host")))).to.equal("compute2");
    const body = (server: Record<string, unknown>) => ({
      server: { name: "vm", imageRef: IMAGE, flavorRef: "1", networks: "auto", ...server },
    });
    const asMember = await h.call("POST", "/v2.1/servers", { body: body({ availability_zone: "nova:compute1" }) });
    expect(asMember.status).to.equal(403);
    const zone = await h.call("POST", "/v2.1/servers", { token: "admin", body: body({ availability_zone: "az9" }) });
    expect(zone.status).to.equal(400);
    const unknown = await h.call("POST", "/v2.1/servers", { token: "admin", body: body({ host: "compute9" }) });
    expect([unknown.status, (unknown.json.badRequest as Server).message]).to.deep.equal([
      400,
      "Compute host compute9 could not be found.",
    ]);
    const old = await h.call("POST", "/v2.1/servers", {
      token: "admin",
      body: body({ host: "compute1" }),
      version: "2.73",
    });
    expect(old.status, "host needs 2.74").to.equal(400);
  });

  it("migrate + confirm with a share succeeds for all 6 ordered pairs of 3 hosts", async () => {
    const h = harness({ hosts: 3 });
    const names = h.hosts.map((x) => x.name);
    const pairs = names.flatMap((a) => names.filter((b) => b !== a).map((b) => [a, b] as const));
    expect(pairs).to.have.length(6);
    for (const [a, b] of pairs) {
      const id = await bootOn(h, a);
      await stop(h, id);
      const share = h.shares.addShare({ projectId: DEMO });
      const att = await h.call("POST", `/v2.1/servers/${id}/shares`, {
        token: "admin",
        body: { share: { share_id: share.id } },
      });
      expect(att.status).to.equal(201);
      await until(
        () => shareStatus(h, id, share.id),
        (s) => s === "inactive",
        "inactive",
      );
      await start(h, id);
      expect((await action(h, id, { migrate: { host: b } })).status, `${a}->${b}`).to.equal(202);
      expect(hostOf(await waitStatus(h, id, "VERIFY_RESIZE")), `${a}->${b}`).to.equal(b);
      await action(h, id, { confirmResize: null });
      await waitStatus(h, id, "ACTIVE");
      expect((await migration(h, id)).status).to.equal("confirmed");
      const dst = h.hosts.find((x) => x.name === b)!;
      expect(h.shares.ipRules(share.id), `${a}->${b}`).to.deep.equal([dst.storageIp]);
      expect(h.hosts.filter((x) => x.isMounted(share.exportLocation!)).map((x) => x.name)).to.deep.equal([b]);
    }
  });

  it("host-without-virtiofs on compute3: exactly the four pairs that involve compute3 fail, each with its reason", async () => {
    const h = harness({ hosts: 3, faults: ["host-without-virtiofs"] });
    const names = h.hosts.map((x) => x.name);
    const outcome = new Map<string, string>();
    for (const a of names) {
      for (const b of names.filter((x) => x !== a)) {
        const id = await bootOn(h, a);
        await stop(h, id);
        const share = h.shares.addShare({ projectId: DEMO });
        const att = await h.call("POST", `/v2.1/servers/${id}/shares`, {
          token: "admin",
          body: { share: { share_id: share.id } },
        });
        if (att.status !== 201) {
          outcome.set(`${a}->${b}`, `attach ${att.status}`);
          continue;
        }
        await until(
          () => shareStatus(h, id, share.id),
          (s) => s === "inactive",
          "inactive",
        );
        await start(h, id);
        await action(h, id, { migrate: { host: b } });
        const s = await until(
          () => show(h, id),
          (x) => (x.status === "VERIFY_RESIZE" || x.status === "ERROR") && x["OS-EXT-STS:task_state"] === null,
          `${a}->${b} settled`,
        );
        outcome.set(`${a}->${b}`, s.status === "ERROR" ? `ERROR ${(s.fault as Server).message}` : "ok");
      }
    }
    expect(Object.fromEntries(outcome)).to.deep.equal({
      "compute1->compute2": "ok",
      "compute1->compute3":
        "ERROR libvirtError: unsupported configuration: virtiofs is not supported with this QEMU binary",
      "compute2->compute1": "ok",
      "compute2->compute3":
        "ERROR libvirtError: unsupported configuration: virtiofs is not supported with this QEMU binary",
      "compute3->compute1": "attach 409",
      "compute3->compute2": "attach 409",
    });
  });
});
