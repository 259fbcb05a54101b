import { expect } from "chai";
import type { ShareView } from "../../../sim/contracts.js";
import { DEMO, type FakeHost, type Harness, harness, until } from "./fakes.js";
import { action, hostOf, migration, type Server, serverWithShare, shareStatus, show, waitStatus } from "./steps.js";

interface Migrated {
  h: Harness;
  id: string;
  share: ShareView;
  src: FakeHost;
  dst: FakeHost;
  name: string;
  verify: Server;
}

/** A running server with a share, migrated to VERIFY_RESIZE (or ERROR) with `fault` active. */
async function migrated(
  fault: string | string[],
  opts: { running?: boolean; expect?: string } = {},
): Promise<Migrated> {
  const h = harness();
  const { id, share } = await serverWithShare(h, { running: opts.running ?? true, tag: "data" });
  const before = await show(h, id);
  h.faults.setPerTest(Array.isArray(fault) ? fault : [fault]);
  expect((await action(h, id, { migrate: null })).status).to.equal(202);
  const verify = await waitStatus(h, id, opts.expect ?? "VERIFY_RESIZE");
  const src = h.hosts.find((x) => x.name === hostOf(before))!;
  const dst = h.hosts.find((x) => x.name !== src.name)!;
  return { h, id, share, src, dst, name: String(before["OS-EXT-SRV-ATTR:instance_name"]), verify };
}

async function confirm(m: Migrated, status = "ACTIVE"): Promise<void> {
  expect((await action(m.h, m.id, { confirmResize: null })).status).to.equal(204);
  await waitStatus(m.h, m.id, status);
}

async function revert(m: Migrated): Promise<void> {
  expect((await action(m.h, m.id, { revertResize: null })).status).to.equal(202);
  await waitStatus(m.h, m.id, "ACTIVE");
}

describe("sim nova: fault profiles of the Nova room are observable", () => {
  it("dest-not-mounted: nothing mounted on the destination, the tag does not resolve", async () => {
    const m = await migrated("dest-not-mounted");
    expect(m.dst.isMounted(m.share.exportLocation!)).to.equal(false);
    expect(m.dst.resolveVirtiofs(m.name, "data")).to.have.property("error");
  });

  it("dest-xml-no-filesystem: the destination domain has no <filesystem>", async () => {
    const m = await migrated("dest-xml-no-filesystem");
    expect(m.dst.isMounted(m.share.exportLocation!)).to.equal(true);
    expect(m.dst.domain(m.name)?.filesystems).to.deep.equal([]);
  });

  it("dest-not-granted: the NFS mount is refused, the server goes to ERROR and the migration to error", async () => {
    const m = await migrated("dest-not-granted", { expect: "ERROR" });
    expect((m.verify.fault as Record<string, unknown>).message).to.contain("mount error");
    expect((await migration(m.h, m.id)).status).to.equal("error");
    expect(m.h.shares.ipRules(m.share.id)).to.deep.equal([m.src.storageIp]);
  });

  it("wrong-export-on-dest: the tag resolves to another share's export", async () => {
    const h = harness();
    const other = await serverWithShare(h, { running: false });
    const { id, share } = await serverWithShare(h, { running: true, tag: "data" });
    const before = await show(h, id);
    const dst = h.hosts.find((x) => x.name !== hostOf(before))!;
    // the destination may reach the other share (its server lives there or not): grant it to be sure
    h.shares.allowAccess(other.share.id, {
      accessType: "ip",
      accessTo: dst.storageIp,
      accessLevel: "rw",
      lockVisibility: false,
      lockDeletion: false,
      lockReason: "test",
    });
    await new Promise((r) => setTimeout(r, 5));
    h.faults.setPerTest(["wrong-export-on-dest"]);
    await action(h, id, { migrate: null });
    await waitStatus(h, id, "VERIFY_RESIZE");
    const seen = dst.resolveVirtiofs(String(before["OS-EXT-SRV-ATTR:instance_name"]), "data");
    expect(seen).to.not.deep.equal({ dir: share.exportLocation, readOnly: false });
  });

  it("share-readonly-on-dest: the destination mount and <filesystem> are read-only", async () => {
    const m = await migrated("share-readonly-on-dest");
    expect(m.dst.mounts().find((x) => x.exportLocation === m.share.exportLocation)?.readOnly).to.equal(true);
    expect(m.dst.domain(m.name)?.filesystems[0]?.readOnly).to.equal(true);
  });

  it("dest-rule-read-only: the destination's rule is ro; the mount and <filesystem> are not", async () => {
    const m = await migrated("dest-rule-read-only");
    const levels = (ip: string) =>
      m.h.shares.listAccess(m.share.id).flatMap((r) => (r.accessTo === ip ? [r.accessLevel] : []));
    expect(levels(m.dst.storageIp)).to.deep.equal(["ro"]);
    expect(levels(m.src.storageIp)).to.deep.equal(["rw"]);
    expect(m.dst.mounts().find((x) => x.exportLocation === m.share.exportLocation)?.readOnly).to.equal(false);
    expect(m.dst.domain(m.name)?.filesystems[0]?.readOnly).to.equal(undefined);
  });

  it("mapping-status-changed / mapping-deleted / mapping-tag-changed alter the share mapping", async () => {
    const a = await migrated("mapping-status-changed");
    expect(await shareStatus(a.h, a.id, a.share.id)).to.equal("inactive");
    const b = await migrated("mapping-deleted");
    expect((await b.h.call("GET", `/v2.1/servers/${b.id}/shares`)).json.shares).to.deep.equal([]);
    const c = await migrated("mapping-tag-changed");
    const sh = (await c.h.call("GET", `/v2.1/servers/${c.id}/shares/${c.share.id}`)).json.share as Server;
    expect(sh.tag).to.equal(c.share.id);
    expect(c.dst.domain(c.name)?.filesystems[0]?.tag).to.equal(c.share.id);
  });

  it("source-not-cleaned-on-confirm: source keeps mount and rule", async () => {
    const m = await migrated("source-not-cleaned-on-confirm");
    await confirm(m);
    expect(m.src.isMounted(m.share.exportLocation!)).to.equal(true);
    expect(m.h.shares.ipRules(m.share.id)).to.include(m.src.storageIp);
  });

  it("stale-source-rule-on-confirm: unmounted but the source rule stays", async () => {
    const m = await migrated("stale-source-rule-on-confirm");
    await confirm(m);
    expect(m.src.isMounted(m.share.exportLocation!)).to.equal(false);
    expect(m.h.shares.ipRules(m.share.id)).to.include(m.src.storageIp);
  });

  it("locks-left-after-confirm: the rule is deleted without unrestrict", async () => {
    const m = await migrated("locks-left-after-confirm");
    await confirm(m);
    expect(m.h.shares.leftoverLocks).to.have.length(1);
  });

  it("old-host-still-exposes: the source still defines the domain with its <filesystem>", async () => {
    const m = await migrated("old-host-still-exposes");
    await confirm(m);
    expect(m.src.domain(m.name)?.filesystems.map((f) => f.tag)).to.deep.equal(["data"]);
  });

  it("migration-record-left-finished: confirm completes but the record stays 'finished'", async () => {
    const m = await migrated("migration-record-left-finished");
    await confirm(m);
    expect((await migration(m.h, m.id)).status).to.equal("finished");
  });

  it("dest-not-cleaned-on-revert: destination keeps mount and rule after revert", async () => {
    const m = await migrated("dest-not-cleaned-on-revert");
    await revert(m);
    expect(m.dst.isMounted(m.share.exportLocation!)).to.equal(true);
    expect(m.h.shares.ipRules(m.share.id)).to.include(m.dst.storageIp);
  });

  it("source-xml-not-restored-on-revert: the source domain comes back without <filesystem>", async () => {
    const m = await migrated("source-xml-not-restored-on-revert");
    await revert(m);
    expect(m.src.domain(m.name)?.filesystems).to.deep.equal([]);
  });

  it("migration-same-host: the server stays on its host", async () => {
    const m = await migrated("migration-same-host");
    expect(hostOf(m.verify)).to.equal(m.src.name);
  });

  it("error-mid-migration: ERROR with a fault, migration error, destination access cleaned up", async () => {
    const m = await migrated("error-mid-migration", { expect: "ERROR" });
    expect(m.verify.fault).to.have.property("message").that.contains("_finish_resize");
    expect((await migration(m.h, m.id)).status).to.equal("error");
    expect(m.dst.isMounted(m.share.exportLocation!)).to.equal(false);
    expect(m.h.shares.ipRules(m.share.id)).to.deep.equal([m.src.storageIp]);
  });

  it("error-without-fault: the failed finish step leaves ERROR without an instance fault", async () => {
    const m = await migrated(["error-mid-migration", "error-without-fault"], { expect: "ERROR" });
    expect(m.verify.fault).to.equal(undefined);
  });

  it("source-revoked-on-resize: in VERIFY_RESIZE only the destination has a rule; the source stays mounted", async () => {
    const m = await migrated("source-revoked-on-resize");
    const rules = await until(
      () => m.h.shares.ipRules(m.share.id),
      (r) => r.length === 1,
      "one rule left",
    );
    expect(rules).to.deep.equal([m.dst.storageIp]);
    expect(m.src.isMounted(m.share.exportLocation!)).to.equal(true);
  });

  it("revert-keeps-dest-host: the domain runs on the source again, the API still names the destination", async () => {
    const m = await migrated("revert-keeps-dest-host");
    await revert(m);
    expect(hostOf(await show(m.h, m.id))).to.equal(m.dst.name);
    expect(m.src.domain(m.name)?.state).to.equal("running");
    expect(m.dst.domain(m.name)).to.equal(undefined);
  });

  it("end-action-not-recorded: confirm works, but no confirmResize action is listed", async () => {
    const m = await migrated("end-action-not-recorded");
    await confirm(m);
    const listed = (await m.h.call("GET", `/v2.1/servers/${m.id}/os-instance-actions`)).json
      .instanceActions as Server[];
    expect(listed.map((a) => a.action))
      .to.include("migrate")
      .and.not.include("confirmResize");
  });

  it("end-action-misnamed: the confirm is listed as revertResize", async () => {
    const m = await migrated("end-action-misnamed");
    await confirm(m);
    const listed = (await m.h.call("GET", `/v2.1/servers/${m.id}/os-instance-actions`)).json
      .instanceActions as Server[];
    expect(listed.map((a) => a.action))
      .to.include("revertResize")
      .and.not.include("confirmResize");
  });

  it("stuck-verify-resize: confirm is accepted but the server stays VERIFY_RESIZE", async () => {
    const m = await migrated("stuck-verify-resize");
    expect((await action(m.h, m.id, { confirmResize: null })).status).to.equal(204);
    await new Promise((r) => setTimeout(r, 50));
    expect((await show(m.h, m.id)).status).to.equal("VERIFY_RESIZE");
    expect((await migration(m.h, m.id)).status).to.equal("confirming");
  });

  it("share-error: the share goes to error in Manila and the server to ERROR", async () => {
    const m = await migrated("share-error", { expect: "ERROR" });
    expect(m.h.shares.getShare(m.share.id)?.status).to.equal("error");
  });

  it("old-compute-service: migrate and resize with shares are refused with 409", async () => {
    const h = harness({ faults: ["old-compute-service"] });
    const { id } = await serverWithShare(h, { running: true });
    for (const body of [{ migrate: null }, { resize: { flavorRef: "2" } }]) {
      const r = await action(h, id, body);
      expect([r.status, (r.json.conflictingRequest as Server)?.message]).to.deep.equal([
        409,
        "Feature not supported with instances that have shares.",
      ]);
    }
  });

  it("release 2026.1 refuses migrate with shares even at the newest microversion it has", async () => {
    const h = harness({ release: "2026.1" });
    const { id } = await serverWithShare(h, { running: true });
    const tooNew = await h.call("GET", "/v2.1/flavors", { version: "2.105" });
    expect(tooNew.status).to.equal(406);
    const r = await action(h, id, { migrate: null }, "admin", "2.104");
    expect(r.status).to.equal(409);
  });

  it("rule-without-locks: Nova's grants carry no visibility/deletion locks", async () => {
    const h = harness({ faults: ["rule-without-locks"] });
    const { share } = await serverWithShare(h, { running: false });
    const rule = h.shares.listAccess(share.id)[0]!;
    expect([rule.lockVisibility, rule.lockDeletion]).to.deep.equal([false, false]);
    const clean = harness();
    const s2 = await serverWithShare(clean, { running: false });
    const r2 = clean.shares.listAccess(s2.share.id)[0]!;
    expect([r2.lockVisibility, r2.lockDeletion]).to.deep.equal([true, true]);
  });

  it("a CephFS share keeps its single cephx rule across migrate + confirm", async () => {
    const h = harness();
    const { id, share } = await serverWithShare(h, { running: true, proto: "CEPHFS" });
    await action(h, id, { migrate: null });
    await waitStatus(h, id, "VERIFY_RESIZE");
    await action(h, id, { confirmResize: null });
    await waitStatus(h, id, "ACTIVE");
    expect(h.shares.listAccess(share.id).map((r) => `${r.accessType}:${r.accessTo}`)).to.deep.equal(["cephx:nova"]);
    await until(
      () => shareStatus(h, id, share.id),
      (s) => s === "active",
      "active",
    );
    void DEMO;
  });
});
