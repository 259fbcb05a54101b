// The simulated Manila's resource-lock listing filtered by creation time, as the suite lists a share's locks (every
// lock created since the share was): manila/api/v2/resource_locks.py index() parses created_since/created_before
// with timeutils.parse_isotime (400 when it cannot) and the database keeps created_at >= / <= the value (naive UTC).

import { expect } from "chai";
import type { Json } from "./helpers.js";
import { manilaWorld } from "./manila-world.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sim manila: resource locks by creation time", () => {
  const w = manilaWorld();
  const ids = async (query: string) => {
    const r = await w.api("GET", `/resource-locks?all_projects=true&${query}`, w.admin);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return (r.body.resource_locks as Json[]).map((l) => String(l.id));
  };

  it("keeps locks created at or after created_since and at or before created_before, naive meaning UTC", async () => {
    const share = await w.availableShare();
    const sid = String(share.id);
    await sleep(5);
    w.novaGrant(sid);
    const mine = [...(await w.locksOf(sid)), ...(await w.locksOf(String((await ruleOf(sid)).id)))];
    expect(mine.map((l) => l.resource_action).sort()).to.deep.equal(["delete", "delete", "show"]);
    const created = mine.map((l) => String(l.created_at)).sort();
    const [first, last] = [created[0]!, created.at(-1)!];
    const mineIds = mine.map((l) => String(l.id)).sort();
    const since = async (v: string) =>
      (await ids(`created_since=${encodeURIComponent(v)}`)).filter((i) => mineIds.includes(i));

    expect((await since(String(share.created_at))).sort(), "since the share was created").to.deep.equal(mineIds);
    expect(await since(first), "at the first lock's own created_at (>=)").to.have.length(3);
    expect(await since(`${first}Z`), "the same instant with Z").to.have.length(3);
    const inParis = new Date(Date.parse(`${first}Z`) + 3_600_000).toISOString().replace("Z", "+01:00");
    expect(await since(inParis), "the same instant at +01:00, to the millisecond").to.have.length(3);
    const later = new Date(Date.parse(`${last}Z`) + 1).toISOString();
    expect(await since(later), "a millisecond after the last lock").to.deep.equal([]);
    const before = await ids(`created_before=${encodeURIComponent(String(share.created_at))}`);
    expect(
      before.filter((i) => mineIds.includes(i)),
      "created_before the share",
    ).to.deep.equal([]);
  });

  it("answers 400 for a created_since or created_before it cannot parse", async () => {
    for (const [key, value] of [
      ["created_since", "yesterday"],
      ["created_before", "2026-02-30T00:00:00"],
      ["created_since", "2026-12-01T25:00:00"],
    ] as const) {
      const r = await w.api("GET", `/resource-locks?${key}=${value}`, w.admin);
      expect(r.status, `${key}=${value}`).to.equal(400);
      expect(JSON.stringify(r.body)).to.include(`Invalid value specified for the query key: ${key}`);
    }
  });

  async function ruleOf(shareId: string): Promise<Json> {
    const r = await w.api("GET", `/share-access-rules?share_id=${shareId}`, w.admin);
    return (r.body.access_list as Json[])[0]!;
  }
});
