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
    it("--regex searches the test id; several regexes select any of them (stestr's filter_tests)", () => {
      expect(selectTests(tests, { regexes: ["000000000002"] }).map((t) => t.uuid)).to.have.length(1);
      expect(selectTests(tests, { regexes: ["^X 3"] }), "the human title is not part of the id").to.have.length(0);
      expect(selectTests(tests, { regexes: ["^tests\\.api"] })).to.have.length(3);
      expect(selectTests(tests, { regexes: ["^1 ", "^tests.api.x.3 "] }).map((t) => t.title[0])).to.deep.equal(["3"]);
      expect(selectTests(tests, { regexes: ["x\\.1 ", "x\\.3 "] }).map((t) => t.title[0])).to.deep.equal(["1", "3"]);
    });
    it("--exclude-regex drops what it searches, after the includes", () => {
      const picked = selectTests(tests, { regexes: ["tests"], excludes: ["x\\.2 "] }).map((t) => t.title[0]);
      expect(picked).to.deep.equal(["1", "3"]);
    });
    it("--load-list keeps exactly the ids it names, intersected with the other filters", () => {
      const ids = [tests[0]!.id, tests[2]!.id, "tests.api.x.unknown"];
      expect(selectTests(tests, { loadIds: ids }).map((t) => t.id)).to.deep.equal([tests[0]!.id, tests[2]!.id]);
      expect(selectTests(tests, { loadIds: ids, excludes: ["x\\.3 "] }).map((t) => t.id)).to.deep.equal([tests[0]!.id]);
    });
    it("an invalid regex is a usage error naming it", () => {
      expect(() => selectTests(tests, { regexes: ["("] })).to.throw(
        UsageError,
        /--regex: "\(" is not a valid regular expression/,
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
