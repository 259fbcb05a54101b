// lib/scenario/rules.ts decides which access rules a move adds, removes and keeps, per protocol: NFS rules are per
// host; CephFS has one cephx rule that stays while any server uses the share.

import { expect } from "chai";
import type { RuleView } from "../../../lib/expect/manila.js";
import { leftHostUnmounts, newRulesForDestination, rulesAfterEnd } from "../../../lib/scenario/rules.js";
import type { Attached, Ended, Moved } from "../../../lib/scenario/story.js";

const rule = (id: string, accessType: string, accessTo: string): RuleView => ({
  id,
  accessType,
  accessTo,
  state: "active",
});
const share = (protocol: "NFS" | "CEPHFS") => ({ id: "s", name: "s", protocol, exportLocation: "e" });

function story(protocol: "NFS" | "CEPHFS", over: Partial<Ended> = {}) {
  const own = protocol === "NFS" ? [rule("src", "ip", "10.0.0.1")] : [rule("cx", "cephx", "nova")];
  const a = { share: share(protocol), tag: "t", dir: "d", before: "", rules: own, own } as Attached;
  const e = {
    stopped: false,
    sameHost: false,
    otherUsers: new Set<string>(),
    dest: { host: "h2" },
    end: "confirm",
    leftHost: "h1",
    ...over,
  } as unknown as Ended;
  return { a, e };
}

describe("rules a move must add, remove and keep", () => {
  it("NFS: one new rule for the destination; confirm removes the source's own rule", () => {
    const { a, e } = story("NFS");
    expect(newRulesForDestination(e as Moved, a.share)).to.equal(1);
    const dest = rule("dst", "ip", "10.0.0.2");
    const r = rulesAfterEnd(e, a, [...a.rules, dest]);
    expect(r.gone.map((x) => x.id)).to.deep.equal(["src"]);
    expect(r.kept.map((x) => x.id)).to.deep.equal(["dst"]);
    expect(leftHostUnmounts(e)).to.equal(true);
  });

  it("NFS: a server left on the source host keeps the source rule and mount", () => {
    const { a, e } = story("NFS", { otherUsers: new Set(["h1"]) });
    expect(rulesAfterEnd(e, a, a.rules).gone).to.deep.equal([]);
    expect(leftHostUnmounts(e)).to.equal(false);
  });

  it("CephFS: no new rule, and the one cephx rule stays after confirm and revert", () => {
    for (const end of ["confirm", "revert"] as const) {
      const { a, e } = story("CEPHFS", { end });
      expect(newRulesForDestination(e as Moved, a.share)).to.equal(0);
      const r = rulesAfterEnd(e, a, a.rules);
      expect(r.gone, end).to.deep.equal([]);
      expect(
        r.kept.map((x) => x.id),
        end,
      ).to.deep.equal(["cx"]);
      expect(leftHostUnmounts(e), end).to.equal(true);
    }
  });
});
