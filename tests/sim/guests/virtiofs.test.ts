import * as fs from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { World } from "./world.js";

const WRONG_FS =
  /^mount: \/mnt\/x: wrong fs type, bad option, bad superblock on (\S+), missing codepage or helper program, or other error\./;

describe("sim guests: virtiofs through the current host", () => {
  const w = new World();
  before(() => w.setUp());
  after(() => w.tearDown());

  it("mounts a tag the domain has, shows it in /proc/mounts and findmnt, and writes land in the share", async () => {
    const s = w.server(w.hosts[0], { "share-a": "sa" });
    await w.guests.start(s.spec);
    const m = await w.ssh(s, "mkdir -p /mnt/x && sudo mount -t virtiofs share-a /mnt/x");
    expect([m.code, m.stderr]).to.deep.equal([0, ""]);
    expect((await w.ssh(s, "grep virtiofs /proc/mounts")).stdout).to.equal("share-a /mnt/x virtiofs rw,relatime 0 0\n");
    expect((await w.ssh(s, "findmnt -n -o SOURCE,FSTYPE --target /mnt/x/sub/file")).stdout).to.equal(
      "share-a virtiofs\n",
    );
    expect((await w.ssh(s, "mount -t virtiofs")).stdout).to.equal("share-a on /mnt/x type virtiofs (rw,relatime)\n");
    const write = await w.ssh(
      s,
      "dd if=/dev/urandom of=/mnt/x/blob bs=1024 count=8 status=none && sha256sum /mnt/x/blob && stat -c %s /mnt/x/blob",
    );
    expect(write.code, write.stderr).to.equal(0);
    const [sumLine, size] = write.stdout.trim().split("\n");
    const onDisk = fs.readFileSync(join(w.shareDir("sa"), "blob"));
    const { createHash } = await import("node:crypto");
    expect(sumLine).to.equal(`${createHash("sha256").update(onDisk).digest("hex")}  /mnt/x/blob`);
    expect(size).to.equal("8192");
    expect((await w.ssh(s, "df -h /mnt/x")).stdout).to.match(
      /^Filesystem +Size +Used +Avail +Use% +Mounted on\nshare-a +1\.0G +8\.0K/,
    );
  });

  it("refuses a tag the domain does not have with the kernel's message", async () => {
    const s = w.server(w.hosts[0], { "share-a": "sb" });
    await w.guests.start(s.spec);
    const r = await w.ssh(s, "mkdir -p /mnt/x; mount -t virtiofs nope /mnt/x");
    expect(r.code).to.equal(32);
    expect(r.stderr).to.match(WRONG_FS);
    expect(w.guests.consoleOutput(s.id)).to.include("virtio-fs: tag <nope> not found");
    const noDir = await w.ssh(s, "mount -t virtiofs share-a /mnt/none");
    expect([noDir.code, noDir.stderr]).to.deep.equal([32, "mount: /mnt/none: mount point does not exist.\n"]);
  });

  it("fails I/O with Permission denied once the host's access is revoked, and Input/output error once unmounted", async () => {
    const s = w.server(w.hosts[0], { "share-a": "sc" });
    await w.guests.start(s.spec);
    await w.ssh(s, "mkdir -p /mnt/x && mount -t virtiofs share-a /mnt/x && echo hi > /mnt/x/f");
    w.shares.revoke("sc", w.hosts[0].storageIp);
    const denied = await w.ssh(s, "cat /mnt/x/f");
    expect([denied.code, denied.stderr]).to.deep.equal([1, "cat: /mnt/x/f: Permission denied\n"]);
    const write = await w.ssh(s, "echo x > /mnt/x/g");
    expect(write.stderr).to.equal("sh: 1: cannot create /mnt/x/g: Permission denied\n");
    w.shares.grant("sc", w.hosts[0].storageIp);
    expect((await w.ssh(s, "cat /mnt/x/f")).stdout).to.equal("hi\n");
    w.hosts[0].unmountShare(w.shares.shares.get("sc")!.exportLocation, s.id);
    const io = await w.ssh(s, "ls /mnt/x");
    expect([io.code, io.stderr]).to.deep.equal([2, "ls: cannot access '/mnt/x': Input/output error\n"]);
  });

  it("cannot mount when the host never mounted the share (resolution fails)", async () => {
    const s = w.server(w.hosts[0], { "share-a": "sd" });
    w.hosts[0].unmountShare(w.shares.shares.get("sd")!.exportLocation, s.id);
    await w.guests.start(s.spec);
    const r = await w.ssh(s, "mkdir -p /mnt/x && mount -t virtiofs share-a /mnt/x");
    expect(r.code).to.equal(32);
    expect(r.stderr).to.match(WRONG_FS);
  });

  it("honours read-only: -o ro and an ro access rule both refuse writes; only -o ro shows ro", async () => {
    const s = w.server(w.hosts[0], { "share-a": "se" });
    await w.guests.start(s.spec);
    await w.ssh(s, "mkdir -p /mnt/x && mount -t virtiofs -o ro share-a /mnt/x");
    const r = await w.ssh(s, "touch /mnt/x/f");
    expect([r.code, r.stderr]).to.deep.equal([1, "touch: cannot touch '/mnt/x/f': Read-only file system\n"]);
    expect((await w.ssh(s, "grep virtiofs /proc/mounts")).stdout).to.equal("share-a /mnt/x virtiofs ro,relatime 0 0\n");
    expect((await w.ssh(s, "test -w /mnt/x || echo ro")).stdout).to.equal("ro\n");
    await w.ssh(s, "umount /mnt/x && mount -t virtiofs share-a /mnt/x");
    expect((await w.ssh(s, "touch /mnt/x/f && echo ok")).stdout).to.equal("ok\n");
    w.shares.grant("se", w.hosts[0].storageIp, "ro");
    const dd = await w.ssh(s, "dd if=/dev/zero of=/mnt/x/g bs=1K count=1");
    expect(dd.stderr).to.equal("dd: failed to open '/mnt/x/g': Read-only file system\n");
    // as with a real kernel: the export is read-only, the guest's mount still says rw
    expect((await w.ssh(s, "grep virtiofs /proc/mounts")).stdout).to.equal("share-a /mnt/x virtiofs rw,relatime 0 0\n");
    expect((await w.ssh(s, "test -w /mnt/x || echo ro")).stdout).to.equal("ro\n");
  });

  it("follows the server to another host: it sees the new host's state at every operation", async () => {
    const [a, b] = w.hosts;
    const s = w.server(a, { "share-a": "sf" });
    await w.guests.start(s.spec);
    await w.ssh(s, "mkdir -p /mnt/x && mount -t virtiofs share-a /mnt/x && echo before > /mnt/x/f");
    // the server now runs on B, whose domain has no <filesystem> (a broken finish step)
    b.defineDomain({
      instanceName: s.instanceName,
      uuid: s.id,
      state: "running",
      memoryMb: 512,
      vcpus: 1,
      filesystems: [],
    });
    s.host = b;
    const broken = await w.ssh(s, "cat /mnt/x/f");
    expect(broken.stderr).to.equal("cat: /mnt/x/f: Input/output error\n");
    // the finish step done right on B: granted, mounted, XML has the tag
    w.place(s, b, { "share-a": "sf" });
    expect((await w.ssh(s, "cat /mnt/x/f")).stdout).to.equal("before\n");
    // and A losing its grant no longer matters
    w.shares.revoke("sf", a.storageIp);
    expect((await w.ssh(s, "cat /mnt/x/f")).stdout).to.equal("before\n");
  });

  it("shares data between two guests mounting the same share", async () => {
    const s1 = w.server(w.hosts[0], { "tag-1": "shared" });
    const s2 = w.server(w.hosts[1], { "tag-2": "shared" });
    await w.guests.start(s1.spec);
    await w.guests.start(s2.spec);
    await w.ssh(s1, "mkdir -p /mnt/x && mount -t virtiofs tag-1 /mnt/x && printf 'from %s\\n' one > /mnt/x/msg");
    const r = await w.ssh(s2, "mkdir -p /mnt/y && mount -t virtiofs tag-2 /mnt/y && cat /mnt/y/msg");
    expect(r.stdout).to.equal("from one\n");
  });

  it("keeps guest paths inside the rootfs and the share (.., absolute symlinks)", async () => {
    const s = w.server(w.hosts[0], { "share-a": "sg" });
    await w.guests.start(s.spec);
    fs.symlinkSync("/etc", join(w.shareDir("sg"), "evil"));
    fs.symlinkSync("../../..", join(w.shareDir("sg"), "up"));
    await w.ssh(s, "mkdir -p /mnt/x && mount -t virtiofs share-a /mnt/x");
    const viaLink = await w.ssh(s, "cat /mnt/x/evil/hostname");
    expect([viaLink.code, viaLink.stderr]).to.deep.equal([1, "cat: /mnt/x/evil/hostname: Permission denied\n"]);
    expect((await w.ssh(s, "ls /mnt/x/up")).stderr).to.equal("ls: cannot access '/mnt/x/up': Permission denied\n");
    // `..` is resolved inside the guest: this is the guest's own /etc/hostname, not the host's
    expect((await w.ssh(s, "cat /mnt/x/../../../../etc/hostname")).stdout).to.equal("vftest-guest\n");
    expect((await w.ssh(s, "cd /; cat ../../../etc/os-release")).stdout).to.include("vftest emulated guest");
  });
});

describe("sim guests: boot-time mounts and $?", () => {
  const w = new World();
  before(() => w.setUp());
  after(() => w.tearDown());

  it("mounts virtiofs entries of /etc/fstab at every boot, on whichever host the server runs", async () => {
    const [a, b] = w.hosts;
    const s = w.server(a, { "share-a": "fstab" });
    await w.guests.start(s.spec);
    await w.ssh(s, "mkdir -p /data && echo 'share-a /data virtiofs defaults 0 0' >> /etc/fstab && mount /data");
    await w.ssh(s, "echo kept > /data/f");
    await w.guests.stop(s.id);
    w.place(s, b, { "share-a": "fstab" }); // a cold migration: the finish step on B
    await w.guests.start(s.spec);
    expect((await w.ssh(s, "cat /data/f")).stdout).to.equal("kept\n");
    expect(w.guests.consoleOutput(s.id)).to.include("systemd[1]: Mounted /data (virtiofs share-a).");
    // a host without the <filesystem>: the boot-time mount fails and says so on the console
    await w.guests.stop(s.id);
    b.defineDomain({
      instanceName: s.instanceName,
      uuid: s.id,
      state: "running",
      memoryMb: 512,
      vcpus: 1,
      filesystems: [],
    });
    await w.guests.start(s.spec);
    expect(w.guests.consoleOutput(s.id)).to.match(/systemd\[1\]: mount: \/data: wrong fs type/);
    const mountAll = await w.ssh(s, "mount -a; echo rc=$?");
    expect(mountAll.stdout).to.equal("rc=32\n");
  });

  it("expands $? to the status of the previous command", async () => {
    const s = w.server(w.hosts[0]);
    await w.guests.start(s.spec);
    expect((await w.ssh(s, "false; echo $?; true && echo $?; cat /nope 2>/dev/null || echo rc=$?")).stdout).to.equal(
      "1\n0\nrc=1\n",
    );
  });
});
