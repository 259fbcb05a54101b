// The Manila simulator's fault profiles on access rules and resource locks, each beside what a healthy grant does.

import { expect } from "chai";
import type { Json } from "./helpers.js";
import { manilaWorld } from "./manila-world.js";

describe("sim manila: rule and lock faults", () => {
  const w = manilaWorld();
  const { api, availableShare, waitRule, waitGone, locksOf, novaGrant } = w;

  it("fault rule-without-locks: Nova's grant comes out without locks", async () => {
    w.faults.setPerTest(["rule-without-locks"]);
    const s = await availableShare();
    const rule = novaGrant(String(s.id), "127.0.3.1");
    expect(rule).to.include({ lockDeletion: false, lockVisibility: false });
    expect(await locksOf(rule.id)).to.have.length(0);
    await waitRule(rule.id, "active");
    expect(((await api("GET", `/share-access-rules/${rule.id}`, w.demo)).body.access as Json).access_to).to.equal(
      "127.0.3.1",
    );
  });

  it("fault share-lock-not-placed: the rule gets both locks, the share none", async () => {
    w.faults.setPerTest(["share-lock-not-placed"]);
    const s = await availableShare();
    const rule = novaGrant(String(s.id), "127.0.3.1");
    expect((await locksOf(rule.id)).map((l) => l.resource_action).sort()).to.deep.equal(["delete", "show"]);
    expect(await locksOf(String(s.id))).to.have.length(0);
  });

  it("deny without unrestrict on a locked rule (the locks-left-after-confirm profile) deletes the rule but leaves its locks", async () => {
    const s = await availableShare();
    const sid = String(s.id);
    const rule = novaGrant(sid, "127.0.3.2");
    await waitRule(rule.id, "active");
    w.manila.backend.denyAccess(sid, rule.id, { unrestrict: false });
    await waitGone(rule.id);
    expect((await locksOf(rule.id)).length).to.equal(2);
    expect((await locksOf(sid)).length).to.equal(1);
    const names = w.manila
      .listResources()
      .resource_locks.filter((l) => l.resource_id === rule.id || l.resource_id === sid);
    expect(names).to.have.length(3);
    expect((await api("DELETE", `/shares/${sid}`, w.demo)).status, "the leaked share lock blocks deletion").to.equal(
      403,
    );
  });
});
