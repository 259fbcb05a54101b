import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import type { DomainSpec } from "../../../sim/contracts.js";
import { renderDomainXml, xmlEscape } from "../../../sim/hosts/domainXml.js";
import { MountError, SimComputeHost } from "../../../sim/hosts/host.js";
import { createHostShell } from "../../../sim/hosts/hostShell.js";
import { FakeShares, tempDir } from "./fakes.js";

const UUID = "0b1c9a52-3a55-4f3e-9e39-5d1c6d6f7a01";

function domain(overrides: Partial<DomainSpec> = {}): DomainSpec {
  return {
    instanceName: "instance-0000000a",
    uuid: UUID,
    state: "running",
    memoryMb: 512,
    vcpus: 1,
    filesystems: [],
    ...overrides,
  };
}

describe("sim compute host", () => {
  let data: string;
  let shares: FakeShares;
  let host: SimComputeHost;

  beforeEach(() => {
    data = tempDir("host");
    shares = new FakeShares(join(data, "manila"));
    shares.add("s1");
    host = new SimComputeHost({ index: 2, shares, dataDir: data });
  });
  afterEach(() => fs.rmSync(data, { recursive: true, force: true }));

  it("names itself and its addresses after its index", () => {
    expect([host.name, host.ctlplaneIp, host.storageIp, host.mountPointBase]).to.deep.equal([
      "compute2",
      "127.0.1.2",
      "127.0.3.2",
      "/opt/stack/data/nova/mnt",
    ]);
  });

  it("mounts at <base>/<md5(export)> and refuses without an access rule, with mount.nfs's message", () => {
    const exp = shares.shares.get("s1")!.exportLocation;
    const md5 = createHash("md5").update(exp).digest("hex");
    expect(host.mountPathFor(exp)).to.equal(`/opt/stack/data/nova/mnt/${md5}`);
    expect(() => host.mountShare(exp, "NFS", "i1")).to.throw(
      MountError,
      `mount.nfs: access denied by server while mounting ${exp}`,
    );
    expect(host.mounts()).to.deep.equal([]);
    shares.grant("s1", "127.0.3.2");
    expect(host.mountShare(exp, "NFS", "i1")).to.equal(`/opt/stack/data/nova/mnt/${md5}`);
    expect(host.mounts()).to.deep.equal([
      { exportLocation: exp, mountPath: `/opt/stack/data/nova/mnt/${md5}`, fsType: "nfs4", readOnly: false },
    ]);
  });

  it("says 'No such file or directory' for an unknown export and mount error 13 for a refused CephFS", () => {
    expect(() => host.mountShare("127.0.4.1:/shares/share-nope", "NFS", "i1")).to.throw(
      "mount.nfs: mounting 127.0.4.1:/shares/share-nope failed, reason given by server: No such file or directory",
    );
    const exp = shares.shares.get("s1")!.exportLocation;
    expect(() => host.mountShare(exp, "CEPHFS", "i1")).to.throw("mount error 13 = Permission denied");
  });

  it("refcounts mounts per instance and warns on an unknown detach", () => {
    const exp = shares.shares.get("s1")!.exportLocation;
    shares.grant("s1", "127.0.3.2");
    const path = host.mountShare(exp, "NFS", "i1");
    host.mountShare(exp, "NFS", "i1");
    host.mountShare(exp, "NFS", "i2");
    expect(host.mountUsers(path)).to.deep.equal(["i1", "i2"]);
    host.unmountShare(exp, "i1");
    expect(host.mounts()).to.have.length(1);
    host.unmountShare(exp, "i3");
    expect(host.log().join("\n")).to.match(
      /WARNING .*Request to remove attachment .*i3\) but we don't think it's in use\./,
    );
    host.unmountShare(exp, "i2");
    expect(host.mounts()).to.deep.equal([]);
    expect(fs.existsSync(join(host.rootDir, path)), "mount point dir removed on the last umount").to.equal(false);
    // a second mount after a full umount checks access again
    shares.revoke("s1", "127.0.3.2");
    expect(() => host.mountShare(exp, "NFS", "i1")).to.throw(MountError);
  });

  it("stacks a second kernel mount past the mount manager: twice in /proc/mounts, one layer outlives the last user", async () => {
    const exp = shares.shares.get("s1")!.exportLocation;
    shares.grant("s1", "127.0.3.2");
    const path = host.mountShare(exp, "NFS", "i1");
    host.mountShare(exp, "NFS", "i1", { stack: true });
    expect(host.mounts().map((m) => m.mountPath)).to.deep.equal([path, path]);
    const shell = createHostShell(host);
    const proc = await shell.exec("cat /proc/mounts", Buffer.alloc(0));
    expect(
      proc.stdout
        .toString()
        .split("\n")
        .filter((l) => l.includes(path)),
    ).to.have.length(2);
    host.unmountShare(exp, "i1");
    expect(
      host.mounts().map((m) => m.mountPath),
      "one umount removes one layer",
    ).to.deep.equal([path]);
  });

  it("renders libvirt-like XML with virtiofs filesystems and escaped attribute values", () => {
    const xml = renderDomainXml(
      domain({ filesystems: [{ sourceDir: "/opt/stack/data/nova/mnt/abc", tag: `t'a<g>&"x` }] }),
      { diskDir: "/x" },
    );
    expect(xml).to.match(/^<domain type='kvm'>\n {2}<name>instance-0000000a<\/name>\n {2}<uuid>0b1c9a52/);
    expect(xml).to.include("<memory unit='KiB'>524288</memory>");
    expect(xml).to.include("<vcpu placement='static'>1</vcpu>");
    expect(xml).to.include(
      "<memoryBacking>\n    <source type='file'/>\n    <access mode='shared'/>\n  </memoryBacking>",
    );
    expect(xml).to.include(
      "<filesystem type='mount' accessmode='passthrough'>\n      <driver type='virtiofs'/>\n" +
        "      <source dir='/opt/stack/data/nova/mnt/abc'/>\n      <target dir='t&apos;a&lt;g&gt;&amp;&quot;x'/>\n    </filesystem>",
    );
    expect(xmlEscape("a'b")).to.equal("a&apos;b");
    expect(renderDomainXml(domain(), { diskDir: "/x" })).to.not.include("<filesystem");
  });

  it("renders a <filesystem> built without the virtiofs driver as libvirt's 'path' (9p), which no virtiofs tag resolves", () => {
    const fsdev = { sourceDir: "/opt/stack/data/nova/mnt/abc", tag: "share-a", driver: "path" as const };
    expect(renderDomainXml(domain({ filesystems: [fsdev] }), { diskDir: "/x" })).to.include("<driver type='path'/>");
    host.defineDomain({ ...domain({ filesystems: [fsdev] }), state: "running" });
    expect(host.resolveVirtiofs("instance-0000000a", "share-a")).to.deep.equal({
      error: `Input/output error: domain 'instance-0000000a' on ${host.name} has no virtiofs tag 'share-a'`,
    });
    host.undefineDomain("instance-0000000a");
  });

  it("keeps domains by name, copies them, and answers domainXml only for defined ones", () => {
    const fsdev = { sourceDir: "/opt/stack/data/nova/mnt/abc", tag: "share-a" };
    const spec = domain({ filesystems: [fsdev] });
    host.defineDomain(spec);
    fsdev.tag = "mutated";
    expect(host.domain("instance-0000000a")?.filesystems[0].tag).to.equal("share-a");
    expect(host.domainXml("instance-0000000a")).to.include("<target dir='share-a'/>");
    host.undefineDomain("instance-0000000a");
    expect(host.domainXml("instance-0000000a")).to.equal(undefined);
    expect(host.domains()).to.deep.equal([]);
  });

  describe("resolveVirtiofs", () => {
    let exp: string;
    let path: string;
    beforeEach(() => {
      exp = shares.shares.get("s1")!.exportLocation;
      shares.grant("s1", "127.0.3.2");
      path = host.mountShare(exp, "NFS", UUID);
      host.defineDomain(domain({ filesystems: [{ sourceDir: path, tag: "share-a" }] }));
    });

    it("reaches the share dir when the tag, mount and grant are all there", () => {
      expect(host.resolveVirtiofs("instance-0000000a", "share-a")).to.deep.equal({
        dir: shares.shares.get("s1")!.dir,
        readOnly: false,
      });
    });

    it("is a permission error once the host's access rule is revoked", () => {
      shares.revoke("s1", "127.0.3.2");
      const r = host.resolveVirtiofs("instance-0000000a", "share-a");
      expect(r)
        .to.have.property("error")
        .that.match(/^Permission denied: .*access denied/);
    });

    it("is an I/O error when the source is not mounted, the tag is wrong, or the domain is absent/off", () => {
      const wrongTag = host.resolveVirtiofs("instance-0000000a", "nope");
      expect(wrongTag)
        .to.have.property("error")
        .that.match(/^Input\/output error: .*no virtiofs tag 'nope'/);
      expect(host.resolveVirtiofs("instance-0000000b", "share-a"))
        .to.have.property("error")
        .that.match(/not defined on compute2/);
      host.unmountShare(exp, UUID);
      expect(host.resolveVirtiofs("instance-0000000a", "share-a"))
        .to.have.property("error")
        .that.match(/^Input\/output error: nothing is mounted at/);
      host.defineDomain(domain({ state: "shut off" }));
      expect(host.resolveVirtiofs("instance-0000000a", "share-a"))
        .to.have.property("error")
        .that.match(/not running/);
    });

    it("is read-only for an ro rule, an ro mount or an ro device", () => {
      shares.grant("s1", "127.0.3.2", "ro");
      expect(host.resolveVirtiofs("instance-0000000a", "share-a")).to.have.property("readOnly", true);
      shares.grant("s1", "127.0.3.2", "rw");
      host.defineDomain(domain({ filesystems: [{ sourceDir: path, tag: "share-a", readOnly: true }] }));
      expect(host.resolveVirtiofs("instance-0000000a", "share-a")).to.have.property("readOnly", true);
      host.unmountShare(exp, UUID);
      host.mountShare(exp, "NFS", UUID, { readOnly: true });
      host.defineDomain(domain({ filesystems: [{ sourceDir: path, tag: "share-a" }] }));
      expect(host.resolveVirtiofs("instance-0000000a", "share-a")).to.have.property("readOnly", true);
    });
  });
});
