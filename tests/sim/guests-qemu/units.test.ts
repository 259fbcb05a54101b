// The QEMU guest backend's parts that need no QEMU: the command line, the boot slots, the SSH front.

import * as net from "node:net";
import { expect } from "chai";
import { findQemuArtifacts } from "../../../sim/guests-qemu/artifacts.js";
import { createQemuGuests } from "../../../sim/guests-qemu/index.js";
import { qemuArgs, qemuValue } from "../../../sim/guests-qemu/qemuArgs.js";
import { Slots } from "../../../sim/guests-qemu/slots.js";
import { freeLoopbackPort, SshFront, waitForSshBanner } from "../../../sim/guests-qemu/sshFront.js";
import { errorOf, fakeFaults, tempDir } from "./helpers.js";

function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe("sim guests-qemu: command line", () => {
  const base = {
    kernel: "/c/kernel",
    initrd: "/c/initramfs.img",
    memoryMb: 256,
    sshForwardPort: 40022,
    authorizedKeysFile: "/d/authorized_keys",
    hostKeyFile: "/d/key",
    consoleFile: "/d/console.log",
  };

  it("boots TCG with shareable memory, one vhost-user-fs device per tag, ssh forward, fw_cfg keys", () => {
    const args = qemuArgs({
      ...base,
      filesystems: [
        { tag: "share-a", socketPath: "/s/b1-fs0.sock" },
        { tag: "share-b", socketPath: "/s/b1-fs1.sock" },
      ],
    });
    expect(valuesOf(args, "-accel"), "TCG only: kvm-pvm cannot run the stock kernel").to.deep.equal(["tcg,tb-size=32"]);
    expect(valuesOf(args, "-append")[0]).to.match(/^console=ttyS0 panic=-1 quiet /);
    expect(valuesOf(args, "-object")).to.deep.equal(["memory-backend-memfd,id=mem,size=256M,share=on"]);
    expect(valuesOf(args, "-numa")).to.deep.equal(["node,memdev=mem"]);
    expect(valuesOf(args, "-device")).to.deep.equal([
      "vhost-user-fs-pci,chardev=fs0,tag=share-a",
      "vhost-user-fs-pci,chardev=fs1,tag=share-b",
      "virtio-net-pci,netdev=n0,romfile=",
    ]);
    expect(valuesOf(args, "-chardev")).to.include.members([
      "socket,id=fs0,path=/s/b1-fs0.sock",
      "socket,id=fs1,path=/s/b1-fs1.sock",
      "file,id=ser0,path=/d/console.log,append=on",
    ]);
    expect(valuesOf(args, "-netdev")).to.deep.equal(["user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:40022-:22"]);
    expect(valuesOf(args, "-fw_cfg")).to.deep.equal([
      "name=opt/vftest/authorized_keys,file=/d/authorized_keys",
      "name=opt/vftest/host_key,file=/d/key",
    ]);
    expect(args).to.not.include("-enable-kvm");
    expect(args, "no disk unless one is given").to.not.include("-drive");
  });

  it("gives the root disk image as a virtio block device", () => {
    const args = qemuArgs({ ...base, diskImage: "/d/disk.raw", filesystems: [] });
    expect(valuesOf(args, "-drive")).to.deep.equal(["if=none,id=disk0,format=raw,file=/d/disk.raw"]);
    expect(valuesOf(args, "-device")).to.include("virtio-blk-pci,drive=disk0");
  });

  it("doubles commas inside option values (QEMU's escape)", () => {
    expect(qemuValue("/tmp/a,b")).to.equal("/tmp/a,,b");
    const args = qemuArgs({ ...base, consoleFile: "/d,x/console.log", filesystems: [] });
    expect(valuesOf(args, "-chardev")).to.deep.equal(["file,id=ser0,path=/d,,x/console.log,append=on"]);
  });

  it("names every missing artifact with the way to get it", () => {
    const r = findQemuArtifacts({
      VFTEST_QEMU_CACHE: "/nonexistent/vftest-cache",
      VFTEST_VIRTIOFSD: "/nonexistent/vfsd",
    });
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.missing.join("\n")).to.include("/nonexistent/vftest-cache").and.include("scripts/qemu-guest/build.sh");
    expect(r.missing.join("\n")).to.include("/nonexistent/vfsd");
  });
});

describe("sim guests-qemu: boot slots", () => {
  it("lets `size` holders in and queues the rest in order", async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    const a = await slots.acquire();
    const b = await slots.acquire();
    const c = slots.acquire().then((rel) => {
      order.push("c");
      return rel;
    });
    const d = slots.acquire().then((rel) => {
      order.push("d");
      return rel;
    });
    await new Promise((r) => setImmediate(r));
    expect(order, "no third holder while two hold").to.deep.equal([]);
    a();
    a(); // a second release of the same slot is ignored
    await new Promise((r) => setImmediate(r));
    expect(order).to.deep.equal(["c"]);
    b();
    (await c)();
    (await d)();
    expect(order).to.deep.equal(["c", "d"]);
  });
});

/** A stand-in for QEMU's forward: sends an SSH banner, then echoes. */
async function fakeSshd(): Promise<{ port: number; close: () => Promise<void> }> {
  const srv = net.createServer((s) => {
    s.write("SSH-2.0-dropbear_2022.83\r\n");
    s.on("data", (d) => s.write(d));
    s.on("error", () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: () => new Promise<void>((r) => srv.close(() => r())),
  };
}

function talk(host: string, port: number, send: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host);
    let got = "";
    s.on("data", (d) => {
      got += d.toString();
      if (got.includes(send)) {
        s.end();
        resolve(got);
      }
    });
    s.on("connect", () => s.write(send));
    s.on("error", reject);
    s.on("close", () => resolve(got));
  });
}

describe("sim guests-qemu: SSH front", () => {
  it("pipes each address to the guest forward, drops refused connections, refuses once closed", async () => {
    const sshd = await fakeSshd();
    let refusals = 1;
    const front = new SshFront({ target: Promise.resolve(sshd.port), label: "guest t1", refuse: () => refusals-- > 0 });
    const port = await freeLoopbackPort();
    await front.listen("127.0.2.201", port);
    await front.listen("127.0.5.201", port);
    expect(front.addresses()).to.deep.equal(["127.0.2.201", "127.0.5.201"]);
    expect(await talk("127.0.2.201", port, "ping"), "first connection dropped (ssh-refused)").to.equal("");
    expect(await talk("127.0.2.201", port, "ping")).to.equal("SSH-2.0-dropbear_2022.83\r\nping");
    expect(await talk("127.0.5.201", port, "pong")).to.include("pong");
    await front.unlisten("127.0.5.201");
    expect(await errorOf(talk("127.0.5.201", port, "x"))).to.include("ECONNREFUSED");
    await front.close();
    expect(await errorOf(talk("127.0.2.201", port, "x"))).to.include("ECONNREFUSED");
    await sshd.close();
  });

  it("holds a connection while the guest boots and pipes it once sshd answers; drops it if the boot fails", async () => {
    const sshd = await fakeSshd();
    let ready: (port: number) => void = () => undefined;
    const front = new SshFront({ target: new Promise<number>((r) => (ready = r)), label: "guest t4" });
    const port = await freeLoopbackPort();
    await front.listen("127.0.2.204", port);
    const early = talk("127.0.2.204", port, "hello");
    await new Promise((r) => setTimeout(r, 200));
    ready(sshd.port);
    expect(await early, "the held connection gets the banner once the guest is up").to.equal(
      "SSH-2.0-dropbear_2022.83\r\nhello",
    );
    await front.close();
    const failed = Promise.reject(new Error("boot failed"));
    failed.catch(() => undefined);
    const dead = new SshFront({ target: failed, label: "guest t5" });
    await dead.listen("127.0.2.205", port);
    expect(await talk("127.0.2.205", port, "x"), "a failed boot closes the connection").to.equal("");
    await dead.close();
    await sshd.close();
  });

  it("says which address is taken", async () => {
    const squatter = net.createServer();
    const port = await freeLoopbackPort();
    await new Promise<void>((r) => squatter.listen(port, "127.0.2.202", r));
    const front = new SshFront({ target: Promise.resolve(1), label: "guest t2" });
    const message = await errorOf(front.listen("127.0.2.202", port));
    expect(message).to.include(`guest t2: cannot listen for SSH on 127.0.2.202:${port} (EADDRINUSE)`);
    await new Promise<void>((r) => squatter.close(() => r()));
  });

  it("waits for the banner, and gives up when QEMU is gone", async () => {
    const sshd = await fakeSshd();
    await waitForSshBanner({ port: sshd.port, timeoutMs: 10_000, alive: () => true, what: "guest t3" });
    await sshd.close();
    const dead = waitForSshBanner({ port: sshd.port, timeoutMs: 10_000, alive: () => false, what: "guest t3" });
    expect(await errorOf(dead)).to.include("guest t3: QEMU exited before the guest's SSH answered");
  });
});

describe("sim guests-qemu: running-guest limit", () => {
  it("refuses a power-on beyond maxRunning with what to do, before starting anything", async () => {
    const dataDir = tempDir("qemu-limit");
    const none = "/nonexistent/never-run";
    const guests = await createQemuGuests({
      faults: fakeFaults(),
      timing: { delay: async () => undefined },
      dataDir,
      maxRunning: 0,
      artifacts: { cacheDir: none, kernel: none, initrd: none, qemu: none, virtiofsd: none, dropbearkey: none },
    });
    try {
      expect(guests.sshPort).to.be.greaterThan(0);
      const spec = { serverId: "s1", ip: "127.0.2.203", authorizedKeys: [], locate: () => undefined };
      const message = await errorOf(guests.start(spec));
      expect(message).to.include("cannot power on s1: 0 guests already run (limit 0");
      expect(message).to.include("VFTEST_QEMU_MAX_GUESTS");
      expect(guests.isRunning("s1")).to.equal(false);
      expect(guests.consoleOutput("s1")).to.equal("");
    } finally {
      await guests.close();
    }
  });
});
