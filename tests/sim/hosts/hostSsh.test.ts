import * as fs from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { createHosts, type Hosts } from "../../../sim/hosts/index.js";
import { generateEd25519 } from "../../../sim/userland/sshKeys.js";
import { FakeShares, fakeFaults, noDelay, type SshTarget, sshExec, tempDir } from "./fakes.js";

const UUID = "0b1c9a52-3a55-4f3e-9e39-5d1c6d6f7a01";

describe("sim compute hosts over SSH", () => {
  let data: string;
  let shares: FakeShares;
  let hosts: Hosts;
  let exp: string;
  let mountPath: string;
  const on = (i: number): SshTarget => ({
    host: `127.0.1.${i}`,
    port: hosts.sshPort,
    username: hosts.sshUser,
    privateKey: fs.readFileSync(hosts.sshPrivateKeyPath, "utf8"),
  });

  before(async () => {
    data = tempDir("hosts-ssh");
    shares = new FakeShares(join(data, "manila"));
    const share = shares.add("s1");
    fs.writeFileSync(join(share.dir, "hello.txt"), "hi\n");
    hosts = await createHosts({ count: 2, shares, faults: fakeFaults(), timing: noDelay, dataDir: data });
    shares.grant("s1", "127.0.3.1");
    exp = share.exportLocation;
    const h1 = hosts.hosts[0];
    mountPath = h1.mountShare(exp, "NFS", UUID);
    h1.defineDomain({
      instanceName: "instance-0000000a",
      uuid: UUID,
      state: "running",
      memoryMb: 512,
      vcpus: 1,
      filesystems: [{ sourceDir: mountPath, tag: "share-a" }],
    });
    h1.defineDomain({
      instanceName: "instance-0000000b",
      uuid: "u-b",
      state: "shut off",
      memoryMb: 512,
      vcpus: 1,
      filesystems: [],
    });
  });
  after(async () => {
    await hosts.close();
    fs.rmSync(data, { recursive: true, force: true });
  });

  it("writes the client private key 0600 and answers each host on its own ctlplane IP at one port", async () => {
    expect(fs.statSync(hosts.sshPrivateKeyPath).mode & 0o777).to.equal(0o600);
    expect(hosts.hosts.map((h) => h.ctlplaneIp)).to.deep.equal(["127.0.1.1", "127.0.1.2"]);
    expect((await sshExec(on(1), "hostname")).stdout).to.equal("compute1\n");
    expect((await sshExec(on(2), "hostname")).stdout).to.equal("compute2\n");
  });

  it("refuses other keys", async () => {
    const other = generateEd25519();
    let error: unknown;
    try {
      await sshExec({ ...on(1), privateKey: other.private }, "hostname");
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/authentication methods failed/);
  });

  it("virsh dumpxml shows the domain XML; an unknown domain is an error with exit 1", async () => {
    const r = await sshExec(on(1), "sudo virsh -c qemu:///system dumpxml instance-0000000a");
    expect(r.code).to.equal(0);
    expect(r.stdout).to.include(`<source dir='${mountPath}'/>`).and.include("<target dir='share-a'/>");
    const missing = await sshExec(on(2), "virsh dumpxml instance-0000000a");
    expect([missing.code, missing.stderr]).to.deep.equal([1, "error: failed to get domain 'instance-0000000a'\n"]);
  });

  it("virsh list shows running domains, --all the shut off ones too", async () => {
    const running = (await sshExec(on(1), "virsh list")).stdout;
    expect(running)
      .to.match(/ 1 +instance-0000000a +running/)
      .and.not.include("instance-0000000b");
    const all = (await sshExec(on(1), "virsh list --all")).stdout;
    expect(all).to.match(/ - +instance-0000000b +shut off/);
    expect((await sshExec(on(1), "virsh list --all --name")).stdout).to.equal(
      "instance-0000000a\ninstance-0000000b\n\n",
    );
  });

  it("cat /proc/mounts lists the share mount as nfs4 with the export as source", async () => {
    const r = await sshExec(on(1), "cat /proc/mounts");
    const line = r.stdout.split("\n").find((l) => l.includes(mountPath));
    expect(line).to.match(
      new RegExp(`^${exp.replace(/[.]/g, "\\.")} ${mountPath} nfs4 rw,relatime,vers=4\\.2,.* 0 0$`),
    );
    expect((await sshExec(on(2), "cat /proc/mounts")).stdout).to.not.include("nfs4");
  });

  it("findmnt selects by target or source and exits 1 when nothing matches", async () => {
    const byTarget = await sshExec(on(1), `findmnt -n -o SOURCE,TARGET,FSTYPE,OPTIONS --target ${mountPath}`);
    expect(byTarget.code).to.equal(0);
    expect(byTarget.stdout).to.match(new RegExp(`^${exp.replace(/[.]/g, "\\.")} ${mountPath} nfs4 rw,relatime`));
    const bySource = await sshExec(on(1), `findmnt -n -o TARGET --source ${exp}`);
    expect(bySource.stdout).to.equal(`${mountPath}\n`);
    const none = await sshExec(on(2), `findmnt -n -o SOURCE --source ${exp}`);
    expect([none.code, none.stdout]).to.deep.equal([1, ""]);
    const whole = await sshExec(on(1), "findmnt -t nfs4");
    expect(whole.stdout.split("\n")[0]).to.match(/^TARGET +SOURCE +FSTYPE +OPTIONS$/);
  });

  it("test -e and ls look through the mount into the share", async () => {
    expect((await sshExec(on(1), `test -e ${mountPath} && echo yes`)).stdout).to.equal("yes\n");
    expect((await sshExec(on(2), `test -e ${mountPath} || echo no`)).stdout).to.equal("no\n");
    expect((await sshExec(on(1), `ls ${mountPath}`)).stdout).to.equal("hello.txt\n");
    expect((await sshExec(on(1), `cat ${mountPath}/hello.txt`)).stdout).to.equal("hi\n");
  });

  it("answers virsh domstate, mount listing and nova.conf", async () => {
    expect((await sshExec(on(1), "virsh domstate instance-0000000b")).stdout).to.equal("shut off\n\n");
    expect((await sshExec(on(1), "mount -t nfs4")).stdout).to.equal(
      `${exp} on ${mountPath} type nfs4 (rw,relatime,vers=4.2,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,` +
        "timeo=600,retrans=2,sec=sys,clientaddr=127.0.3.1,local_lock=none)\n",
    );
    const conf = await sshExec(on(2), "grep -E '^(my_shared_fs_storage_ip|nfs_mount_point_base)' /etc/nova/nova.conf");
    expect(conf.stdout).to.equal(
      "my_shared_fs_storage_ip = 127.0.3.2\nnfs_mount_point_base = /opt/stack/data/nova/mnt\n",
    );
  });

  it("answers an unknown command with 'command not found' and exit 127", async () => {
    const r = await sshExec(on(1), "frobnicate --now");
    expect([r.code, r.stderr]).to.deep.equal([127, "sh: frobnicate: command not found\n"]);
  });

  it("shows the mount manager's warnings in the nova-compute log", async () => {
    hosts.hosts[1].unmountShare(exp, "ghost");
    const r = await sshExec(on(2), "grep 'don.t think' /var/log/nova/nova-compute.log");
    expect(r.stdout).to.include("Request to remove attachment");
  });
});
