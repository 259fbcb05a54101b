// Manila's asynchronous deny (queued_to_deny -> denying -> gone, locks removed only with the rule), the locks Manila
// places for Nova's locked rules (both rule locks, one share deletion lock per rule), and a back end serving one
// protocol only.

import { expect } from "chai";
import type { Timing } from "../../../sim/contracts.js";
import { Faults } from "../../../sim/faults.js";
import { createKeystone } from "../../../sim/services/keystone.js";
import { createManila } from "../../../sim/services/manila.js";
import { call, type Json, login, serve, type TestServer, tempDir, until } from "./helpers.js";

/** Rule steps slow enough to be seen, everything else fast. */
const SLOW = new Set(["manila.rule-apply", "manila.rule-applying", "manila.rule-deny", "manila.rule-denying"]);
const slowDeny: Timing = {
  delay: (step) => new Promise((resolve) => setTimeout(resolve, SLOW.has(step) ? 150 : 2)),
};
const NOVA_RULE = { accessLevel: "rw" as const, lockVisibility: true, lockDeletion: true, lockReason: "Lock by nova" };

describe("sim manila: asynchronous deny, Nova's locks, one-protocol back ends", () => {
  let srv: TestServer;
  let url = "";
  let admin = "";
  let demo = "";
  const tmp = tempDir();
  const ks = createKeystone({ baseUrl: () => url, region: "RegionOne" });
  ks.backend.seedUser({ name: "admin", password: "a", project: "admin", roles: ["admin", "member", "reader"] });
  ks.backend.seedUser({ name: "demo", password: "d", project: "demo", roles: ["member", "reader"] });
  const faults = new Faults();
  const manila = createManila({ identity: ks.backend, faults, timing: slowDeny, dataDir: `${tmp.dir}/both` });
  const cephOnly = createManila({
    identity: ks.backend,
    faults,
    timing: slowDeny,
    dataDir: `${tmp.dir}/ceph`,
    protocols: ["CEPHFS"],
  });

  before(async () => {
    srv = await serve(
      () => [ks.mount, manila.mount],
      () => ks.backend,
    );
    url = srv.url;
    admin = await login(url, "admin", "a", "admin");
    demo = await login(url, "demo", "d", "demo");
  });
  after(async () => {
    await srv.close();
    tmp.remove();
  });

  const api = (method: string, path: string, token: string, body?: unknown) =>
    call(`${url}/share/v2${path}`, method, { token, body, headers: { "X-OpenStack-Manila-API-Version": "2.82" } });
  const locksOf = async (resourceId: string) =>
    (await api("GET", `/resource-locks?resource_id=${resourceId}&all_tenants=1`, admin)).body.resource_locks as Json[];
  const state = async (ruleId: string) => {
    const r = await api("GET", `/share-access-rules/${ruleId}`, admin);
    return r.status === 404 ? "gone" : String((r.body.access as Json).state);
  };
  async function share(): Promise<string> {
    const r = await api("POST", "/shares", demo, { share: { share_proto: "NFS", size: 1 } });
    const id = String((r.body.share as Json).id);
    await until("available", () => (manila.backend.getShare(id)?.status === "available" ? true : undefined));
    return id;
  }

  it("allow goes queued_to_apply -> applying -> active; deny goes queued_to_deny -> denying -> gone after the call returned; locks go only with the rule", async () => {
    const sid = await share();
    const rule = manila.backend.allowAccess(sid, { accessType: "ip", accessTo: "127.0.3.1", ...NOVA_RULE });
    // Sampled in-process (no HTTP round trip between samples), so a short state is never missed.
    const now = () => manila.backend.listAccess(sid).find((r) => r.id === rule.id)?.state ?? "gone";
    const watch = async (end: string) => {
      const seen: string[] = [];
      await until(end, () => {
        const s = now();
        if (seen.at(-1) !== s) seen.push(s);
        return s === end ? true : undefined;
      });
      return seen;
    };
    expect(await watch("active")).to.deep.equal(["queued_to_apply", "applying", "active"]);
    manila.backend.denyAccess(sid, rule.id, { unrestrict: true });
    expect(now(), "right after deny() returned").to.equal("queued_to_deny");
    await until("denying", () => (now() === "denying" ? true : undefined));
    expect(await state(rule.id), "the REST view while denying").to.equal("denying");
    expect((await locksOf(rule.id)).length, "rule locks while denying").to.equal(2);
    expect(await watch("gone")).to.deep.equal(["denying", "gone"]);
    expect(await state(rule.id)).to.equal("gone");
    expect(await locksOf(rule.id)).to.deep.equal([]);
    expect(await locksOf(sid)).to.deep.equal([]);
    const shareView = (await api("GET", `/shares/${sid}`, admin)).body.share as Json;
    expect(shareView.access_rules_status).to.equal("active");
  });

  it("each locked rule Nova creates carries both locks, and Manila adds one share deletion lock per rule", async () => {
    const sid = await share();
    const a = manila.backend.allowAccess(sid, { accessType: "ip", accessTo: "127.0.3.1", ...NOVA_RULE });
    const b = manila.backend.allowAccess(sid, { accessType: "ip", accessTo: "127.0.3.2", ...NOVA_RULE });
    for (const r of [a, b]) {
      const locks = await locksOf(r.id);
      expect(locks.map((l) => l.resource_action).sort(), r.accessTo).to.deep.equal(["delete", "show"]);
      expect(locks.every((l) => l.lock_reason === "Lock by nova")).to.equal(true);
    }
    const shareLocks = async () => (await locksOf(sid)).map((l) => String(l.lock_reason)).sort();
    const deletionLockOf = async (ruleId: string) =>
      String((await locksOf(ruleId)).find((l) => l.resource_action === "delete")?.id);
    const aLock = await deletionLockOf(a.id);
    const bLock = await deletionLockOf(b.id);
    expect(await shareLocks()).to.deep.equal(
      [`Locked by access lock: ${aLock}`, `Locked by access lock: ${bLock}`].sort(),
    );
    expect((await api("DELETE", `/shares/${sid}`, admin)).status, "share delete while locked").to.equal(403);
    manila.backend.denyAccess(sid, a.id, { unrestrict: true });
    await until("a gone", async () => ((await state(a.id)) === "gone" ? true : undefined));
    expect(await shareLocks()).to.deep.equal([`Locked by access lock: ${bLock}`]);
    manila.backend.denyAccess(sid, b.id, { unrestrict: true });
    await until("b gone", async () => ((await state(b.id)) === "gone" ? true : undefined));
    expect(await shareLocks()).to.deep.equal([]);
  });

  it("a back end serving CEPHFS only: an NFS share ends in error, a CephFS share becomes available", async () => {
    const local = await serve(
      () => [ks.mount, cephOnly.mount],
      () => ks.backend,
    );
    try {
      const mk = async (proto: string) => {
        const r = await call(`${local.url}/share/v2/shares`, "POST", {
          token: demo,
          body: { share: { share_proto: proto, size: 1 } },
          headers: { "X-OpenStack-Manila-API-Version": "2.82" },
        });
        const id = String((r.body.share as Json).id);
        return until(`${proto} settled`, () => {
          const s = cephOnly.backend.getShare(id)?.status;
          return s === "available" || s === "error" ? s : undefined;
        });
      };
      expect(await mk("NFS")).to.equal("error");
      expect(await mk("CEPHFS")).to.equal("available");
    } finally {
      await local.close();
    }
  });
});
