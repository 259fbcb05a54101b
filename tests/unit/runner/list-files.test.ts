import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { UsageError } from "../../../lib/runner/errors.js";
import { readIdList, readRegexList } from "../../../lib/runner/list-files.js";

describe("stestr list files", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "vftest-lists-"));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  it("regex lists drop comments and blank lines, like stestr's exclusion reader", () => {
    const p = file("ex.txt", "# skip these\nresize  # bug 123\n\n  ^vftest\\.api\n");
    expect(readRegexList(p, "--exclude-list")).to.deep.equal(["resize", "^vftest\\.api"]);
  });
  it("an invalid regex names the file and line", () => {
    const p = file("bad.txt", "ok\n(unclosed\n");
    expect(() => readRegexList(p, "--include-list")).to.throw(UsageError, /--include-list .*bad\.txt line 2/);
  });
  it("load lists hold one id per line", () => {
    const p = file("ids.txt", "a.b.test_x[id-1]\n\n  a.b.test_y[id-2]  \n");
    expect(readIdList(p, "--load-list")).to.deep.equal(["a.b.test_x[id-1]", "a.b.test_y[id-2]"]);
  });
  it("a missing file is one usage error", () => {
    expect(() => readIdList(path.join(dir, "nope"), "--load-list")).to.throw(UsageError, /--load-list .*cannot read/);
  });
});
