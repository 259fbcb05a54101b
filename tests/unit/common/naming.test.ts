import { expect } from "chai";
import { isVftestName, newRunId, resourceName, slug, VFTEST_PREFIX } from "../../../lib/common/naming.js";

describe("naming", () => {
  it("builds vftest-<slug>-[kind-]<8 hex> names that fit share tags", () => {
    const n = resourceName("Cold migrate: with ONE nfs_share (revert)", "server");
    expect(n).to.match(/^vftest-cold-migrate-with-one-nfs-share-revert-server-[0-9a-f]{8}$/);
    expect(n).to.match(/^[a-zA-Z0-9-]*$/);
    expect(resourceName("x")).to.match(/^vftest-x-[0-9a-f]{8}$/);
    expect(resourceName("!!!")).to.match(/^vftest-test-[0-9a-f]{8}$/);
    expect(resourceName("a")).to.not.equal(resourceName("a"));
  });

  it("caps the slug at 40 characters without a trailing dash", () => {
    const s = slug(`${"a".repeat(39)} bcdef`);
    expect(s).to.equal("a".repeat(39));
    const n = resourceName("word ".repeat(30));
    expect(n.length).to.be.at.most(VFTEST_PREFIX.length + 40 + 9);
    expect(n).to.not.match(/--/);
  });

  it("recognises its own names only", () => {
    expect(isVftestName(resourceName("t", "share"))).to.equal(true);
    expect(isVftestName(`vftest-${newRunId()}-w3`)).to.equal(true);
    expect(isVftestName("my-server")).to.equal(false);
    expect(isVftestName("vftest-")).to.equal(false);
    expect(isVftestName("vftest-Upper")).to.equal(false);
  });
});

describe("common index and waitOptions", () => {
  it("re-exports the layer and converts config seconds", async () => {
    const common = await import("../../../lib/common/index.js");
    expect(common.waitOptions({ build_interval: 2, build_timeout: 300 }, { requestId: "req-1" })).to.deep.equal({
      intervalMs: 2000,
      timeoutMs: 300_000,
      requestId: "req-1",
    });
    expect(typeof common.waitForServerStatus).to.equal("function");
    expect(common.formatDuration(3200)).to.equal("3.2 s");
    expect(common.formatDuration(40)).to.equal("40 ms");
    expect(common.formatDuration(300_000)).to.equal("300 s");
  });
});
