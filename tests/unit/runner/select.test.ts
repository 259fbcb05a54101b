import { expect } from "chai";
import type Mocha from "mocha";
import { UsageError } from "../../../lib/runner/errors.js";
import { parseShard, type SuiteTest, selectTests, shardOf, sortById } from "../../../lib/runner/select.js";

function fakeTest(id: string, tags: string[] = []): SuiteTest {
  const uuid = `00000000-0000-4000-8000-${id.padStart(12, "0").slice(-12)}`;
  const title = `${id} [id-${uuid}]`;
  return { id: `tests.api.x.${title}`, uuid, title, fullTitle: `X ${title}`, tags, test: {} as Mocha.Test };
}

describe("runner selection", () => {
  describe("parseShard", () => {
    it("accepts I/N with 1 <= I <= N", () => {
      expect(parseShard("2/4")).to.deep.equal({ index: 2, count: 4 });
      expect(parseShard("1/1")).to.deep.equal({ index: 1, count: 1 });
    });
    for (const bad of ["3/2", "0/2", "1/0", "a/b", "2", "1/2/3", "-1/2"]) {
      it(`rejects "${bad}" with a usage error`, () => {
        expect(() => parseShard(bad)).to.throw(UsageError, /--shard/);
      });
    }
  });

  describe("sharding", () => {
    const tests = Array.from({ length: 23 }, (_, i) => fakeTest(String(i * 7919)));
    for (const n of [1, 2, 3, 5, 23, 30]) {
      it(`is a partition for N=${n}: every test in exactly one shard`, () => {
        const sorted = sortById(tests);
        const seen = new Map<string, number>();
        for (let i = 1; i <= n; i++) {
          for (const t of shardOf(sorted, { index: i, count: n })) seen.set(t.id, (seen.get(t.id) ?? 0) + 1);
        }
        expect(seen.size, "tests covered by the union of shards").to.equal(tests.length);
        expect(
          [...seen.values()].every((c) => c === 1),
          "each test in exactly one shard",
        ).to.equal(true);
      });
    }
    it("is stable: independent of load order", () => {
      const reversed = [...tests].reverse();
      const a = selectTests(tests, { shard: { index: 2, count: 3 } }).map((t) => t.id);
      const b = selectTests(reversed, { shard: { index: 2, count: 3 } }).map((t) => t.id);
      expect(b, "shard 2/3 of the same tests loaded in another order").to.deep.equal(a);
    });
  });

  describe("filters", () => {
    const tests = [fakeTest("1", ["smoke"]), fakeTest("2", ["multinode"]), fakeTest("3", ["multinode", "slow"])];
    it("--grep matches the full title, the test id or the UUID", () => {
      expect(selectTests(tests, { grep: "000000000002" }).map((t) => t.uuid)).to.have.length(1);
      expect(selectTests(tests, { grep: "^X 3" })).to.have.length(1);
      expect(selectTests(tests, { grep: "^tests\\.api" })).to.have.length(3);
    });
    it("--grep with an invalid regex is a usage error naming it", () => {
      expect(() => selectTests(tests, { grep: "(" })).to.throw(
        UsageError,
        /--grep "\(" is not a valid regular expression/,
      );
    });
    it("--tag: alternatives within one flag, all flags must match, !tag excludes", () => {
      const ids = (tags: string[]) => selectTests(tests, { tags }).map((t) => t.title.split(" ")[0]);
      expect(ids(["multinode"])).to.deep.equal(["2", "3"]);
      expect(ids(["smoke,slow"])).to.deep.equal(["1", "3"]);
      expect(ids(["multinode", "!slow"])).to.deep.equal(["2"]);
    });
  });
});
