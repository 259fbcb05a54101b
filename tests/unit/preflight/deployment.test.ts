// verify-config's deployment checks against the embedded cloud: placement traits on every compute (a host without
// virtiofs fails with its fix), the share protocol and type Nova can use, the resize flavor, and the compute
// service version gate reported as not checked with how to look.

import { expect } from "chai";
import { type CheckResult, runChecks } from "../../../lib/preflight/index.js";
import { placementTraits } from "../../../lib/preflight/placement.js";
import { resizeFlavor } from "../../../lib/preflight/resize-flavor.js";
import { computeServiceVersions } from "../../../lib/preflight/service-versions.js";
import { shareType } from "../../../lib/preflight/share-type.js";
import type { Target } from "../../../lib/target/open.js";
import { copyOf, openEmbedded } from "../target/embedded-target.js";

const line = (r: CheckResult) => `${r.state} ${r.name}: ${r.detail}`;

describe("lib/preflight deployment checks", function () {
  this.timeout(60_000);
  let target: Target;
  before(async () => {
    target = await openEmbedded({ hosts: 3, faults: ["host-without-virtiofs"], withoutWhitebox: true });
  });
  after(async () => target?.cloud?.stop());

  it("fails the compute whose provider lacks COMPUTE_STORAGE_VIRTIO_FS, with a fix naming the host", async () => {
    const results = await runChecks(target.config, [placementTraits]);
    const traits = results.filter((r) => r.name.startsWith("placement traits"));
    expect(traits.map((r) => `${r.state} ${r.name}`)).to.deep.equal([
      "ok placement traits on compute1",
      "ok placement traits on compute2",
      "fail placement traits on compute3",
    ]);
    expect(traits[0]?.detail).to.equal("COMPUTE_STORAGE_VIRTIO_FS, COMPUTE_MEM_BACKING_FILE");
    expect(traits[2]?.detail).to.match(/^resource provider [0-9a-f-]{36} lacks COMPUTE_STORAGE_VIRTIO_FS: /);
    expect(traits[2]?.fix).to.match(/^install virtiofsd on compute3 .*restart nova-compute/);
  });

  it("skips the traits with the reason when there is no admin account", async () => {
    const config = copyOf(target.config);
    config.auth.admin = { ...config.auth.admin, username: undefined, password: undefined } as typeof config.auth.admin;
    const results = await runChecks(config, [placementTraits]);
    expect(results.map(line)).to.include(
      "skip placement traits: not checked: needs the admin account (placement and os-hypervisors are admin only)",
    );
  });

  it("checks the share protocol and share type Nova can use", async () => {
    const ok = await runChecks(target.config, [shareType]);
    expect(ok.filter((r) => r.name.startsWith("share")).map((r) => r.state)).to.deep.equal(["ok", "ok"]);
    const config = copyOf(target.config);
    config.share.share_type = "no-such-type";
    (config.share as { protocol: string }).protocol = "CIFS";
    const bad = (await runChecks(config, [shareType])).filter((r) => r.name.startsWith("share"));
    expect(bad.map((r) => r.state)).to.deep.equal(["fail", "fail"]);
    expect(bad[0]?.detail).to.equal("share.protocol CIFS is not one Nova attaches (NFS, CEPHFS)");
    expect(bad[1]?.detail).to.match(/^no share type "no-such-type" \(known: \S+\)$/);
    expect(bad[1]?.fix).to.match(/driver_handles_share_servers=False/);
  });

  it("fails a resize flavor equal to the boot flavor; fits the others against every compute", async () => {
    const fits = await runChecks(target.config, [resizeFlavor]);
    const fit = fits.find((r) => r.name === "resize flavor fits the computes");
    expect(fit && line(fit)).to.match(/^ok resize flavor fits the computes: .* compute1, compute2, compute3 /);
    const config = copyOf(target.config);
    config.compute.flavor_ref_alt = config.compute.flavor_ref;
    const same = (await runChecks(config, [resizeFlavor])).filter((r) => r.name.startsWith("resize"));
    expect(same.map((r) => r.state)).to.deep.equal(["fail"]);
    expect(same[0]?.detail).to.match(/a resize must change flavor/);
  });

  it("reports the compute service version gate as not checked, only when moves with shares are on", async () => {
    const on = await runChecks(target.config, [computeServiceVersions]);
    expect(on.find((r) => r.name === "compute service versions")?.state).to.equal("skip");
    const config = copyOf(target.config);
    config.compute_feature_enabled.cold_migration_with_shares = false;
    const off = await runChecks(config, [computeServiceVersions]);
    expect(off.find((r) => r.name === "compute service versions")).to.equal(undefined);
  });
});
