// lib/scenario/together.ts runs a phase's independent checks at once: every check runs to its end, and every
// failure is reported (one as it is, several in one error listing each), a vftest bug staying a bug.

import { AssertionError, expect } from "chai";
import { VftestError } from "../../../lib/clients/errors.js";
import { together } from "../../../lib/scenario/together.js";

const later = <T>(ms: number, v: T) => new Promise<T>((r) => setTimeout(() => r(v), ms));
const failLater = (ms: number, e: Error) => new Promise<never>((_, j) => setTimeout(() => j(e), ms));

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

describe("together", () => {
  it("runs the checks at once and returns their results in order", async () => {
    const start = Date.now();
    const [a, b, c] = await together(later(80, "a"), later(80, 2), later(80, true));
    expect([a, b, c]).to.deep.equal(["a", 2, true]);
    expect(Date.now() - start).to.be.below(200); // one after the other: 240 ms
  });

  it("rethrows a single failure as it is, after every other check finished", async () => {
    const e = new AssertionError("host compute2 does not have share s mounted: expected undefined to exist");
    let slowDone = false;
    const slow = later(50, undefined).then(() => {
      slowDone = true;
    });
    const got = await caught(together(failLater(5, e), slow));
    expect(got).to.equal(e);
    expect(slowDone).to.equal(true);
  });

  it("reports every failure, not only the first, without chai's expected/actual tail", async () => {
    const got = await caught(
      together(
        failLater(5, new AssertionError("server x: status ACTIVE, expected VERIFY_RESIZE: expected 'A' to equal 'V'")),
        later(5, undefined),
        failLater(10, new VftestError("GET /share/v2/share-access-rules -> 500")),
      ),
    );
    expect(got.constructor).to.equal(Error);
    expect(got.message).to.equal(
      "2 checks of this phase failed:\n  1. server x: status ACTIVE, expected VERIFY_RESIZE\n  2. GET /share/v2/share-access-rules -> 500",
    );
  });

  it("keeps a vftest bug a bug, carrying the other failures", async () => {
    const bug = new TypeError("cannot read properties of undefined");
    const got = await caught(together(failLater(5, new Error("rule r not locked")), failLater(5, bug)));
    expect(got).to.equal(bug);
    expect(got.message).to.include("rule r not locked").and.include("cannot read properties");
  });

  it("a skip does not hide a failure", async () => {
    class Pending extends Error {}
    const e = new Error("mapping inactive");
    expect(await caught(together(failLater(1, new Pending("skip")), failLater(5, e)))).to.equal(e);
  });
});
