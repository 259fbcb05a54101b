import * as net from "node:net";
import { expect } from "chai";
import { generateEd25519 } from "../../../sim/userland/sshKeys.js";
import { errorOf, fakeFaults, sshExec } from "../hosts/fakes.js";
import { World } from "./world.js";

describe("sim guests: SSH endpoint", () => {
  const w = new World();
  before(() => w.setUp());
  after(() => w.tearDown());

  it("answers on the server's fixed IP at the shared port, as root with the keypair's key", async () => {
    const s = w.server(w.hosts[0]);
    await w.guests.start(s.spec);
    expect(w.guests.sshPort).to.be.greaterThan(0);
    const r = await w.ssh(s, "hostname; id");
    expect(r).to.deep.equal({ stdout: "vftest-guest\nuid=0(root) gid=0(root) groups=0(root)\n", stderr: "", code: 0 });
  });

  it("refuses another key and another user", async () => {
    const s = w.server(w.hosts[0]);
    await w.guests.start(s.spec);
    const other = generateEd25519();
    const wrongKey = sshExec({ host: s.ip, port: w.guests.sshPort, username: "root", privateKey: other.private }, "id");
    expect(await errorOf(wrongKey)).to.match(/authentication methods failed/);
    expect(await errorOf(w.ssh(s, "id", undefined, "cirros"))).to.match(/authentication methods failed/);
  });

  it("refuses SSH once stopped, keeps its disk across stop/start, forgets its mounts", async () => {
    const s = w.server(w.hosts[0], { "share-a": "keep" });
    await w.guests.start(s.spec);
    await w.ssh(s, "echo persisted > /root/note && mkdir -p /mnt/a && mount -t virtiofs share-a /mnt/a");
    await w.guests.stop(s.id);
    expect(await errorOf(w.ssh(s, "true"))).to.match(/ECONNREFUSED/);
    await w.guests.start(s.spec);
    expect((await w.ssh(s, "cat /root/note")).stdout).to.equal("persisted\n");
    expect((await w.ssh(s, "grep -c virtiofs /proc/mounts")).stdout).to.equal("0\n");
  });

  it("writes a boot log per boot to the console", async () => {
    const s = w.server(w.hosts[0], { "share-c": "console" });
    await w.guests.start(s.spec);
    await w.guests.stop(s.id);
    await w.guests.start(s.spec);
    const out = w.guests.consoleOutput(s.id);
    expect(out.match(/^\[ {4}0\.000000\] Linux version /gm)).to.have.length(2);
    expect(out).to.include("virtiofs virtio2: discovered new tag: share-c");
    expect(out).to.include("vftest-guest login:");
    expect(out).to.include("reboot: Power down");
    expect(w.guests.consoleOutput("no-such-server")).to.equal("");
  });

  it("reports a taken guest address clearly (EADDRINUSE, address, what to do)", async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(w.guests.sshPort, "127.0.2.250", resolve));
    try {
      const s = w.server(w.hosts[0]);
      s.spec = { ...s.spec, ip: "127.0.2.250" };
      const message = await errorOf(w.guests.start(s.spec));
      expect(message).to.match(
        new RegExp(`cannot listen for SSH on 127\\.0\\.2\\.250:${w.guests.sshPort} \\(EADDRINUSE\\): another process`),
      );
      expect(w.guests.isRunning(s.id)).to.equal(false);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it("destroy removes the disk", async () => {
    const s = w.server(w.hosts[0]);
    await w.guests.start(s.spec);
    await w.ssh(s, "echo x > /root/f");
    await w.guests.destroy(s.id);
    await w.guests.start(s.spec);
    const r = await w.ssh(s, "cat /root/f");
    expect([r.code, r.stderr]).to.deep.equal([1, "cat: /root/f: No such file or directory\n"]);
  });
});

describe("sim guests: a server deleted while it boots", () => {
  const w = new World();
  let releaseBoot: () => void = () => {};
  before(() =>
    w.setUp({
      guests: {
        timing: {
          delay: (step) => (step === "guest.boot" ? new Promise<void>((r) => (releaseBoot = r)) : Promise.resolve()),
        },
      },
    }),
  );
  after(() => w.tearDown());

  // Nova destroys the domain before it frees the port; a boot still in flight must not keep listening on an
  // address Neutron then hands to the next server (seen as EADDRINUSE on a later boot).
  it("leaves nothing listening on its address, so the next server on that address boots", async () => {
    const first = w.server(w.hosts[0]);
    const booting = w.guests.start(first.spec);
    await new Promise((r) => setImmediate(r));
    const destroyed = w.guests.destroy(first.id);
    releaseBoot();
    await booting;
    await destroyed;
    expect(w.guests.isRunning(first.id)).to.equal(false);
    expect(await errorOf(w.ssh(first, "true"))).to.match(/ECONNREFUSED/);
    const next = w.server(w.hosts[0]);
    next.spec = { ...next.spec, ip: first.ip };
    const nextBoot = w.guests.start(next.spec);
    await new Promise((r) => setImmediate(r));
    releaseBoot();
    await nextBoot;
    expect((await w.ssh({ ...next, ip: first.ip }, "hostname")).stdout).to.equal("vftest-guest\n");
  });
});

describe("sim guests: ssh-refused fault and floating IPs", () => {
  const w = new World();
  let floating: Record<string, string[]> = {};
  before(async () => {
    await w.setUp({
      faults: fakeFaults(["ssh-refused"]),
      guests: { extraAddresses: (ip) => floating[ip] ?? [], addressPollMs: 20 },
    });
  });
  after(() => w.tearDown());

  const attempt = async (run: () => Promise<unknown>) => ((await errorOf(run())) === "resolved" ? "ok" : "refused");

  it("drops exactly the first two connections after each boot", async () => {
    const s = w.server(w.hosts[0]);
    await w.guests.start(s.spec);
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await attempt(() => w.ssh(s, "true")));
    expect(first).to.deep.equal(["refused", "refused", "ok", "ok"]);
    await w.guests.stop(s.id);
    await w.guests.start(s.spec);
    const second = [];
    for (let i = 0; i < 3; i++) second.push(await attempt(() => w.ssh(s, "true")));
    expect(second).to.deep.equal(["refused", "refused", "ok"]);
  });

  it("also listens on an associated floating IP, and stops when it is disassociated", async () => {
    const s = w.server(w.hosts[0]);
    floating = { [s.ip]: ["127.0.5.20"] };
    await w.guests.start(s.spec);
    expect(w.guests.addresses(s.id)).to.deep.equal([s.ip, "127.0.5.20"]);
    floating = {};
    await w.guests.syncAddresses();
    expect(w.guests.addresses(s.id)).to.deep.equal([s.ip]);
    floating = { [s.ip]: ["127.0.5.21"] };
    await w.guests.syncAddresses();
    const viaFloating = { host: "127.0.5.21", port: w.guests.sshPort, username: "root", privateKey: w.key.private };
    // ssh-refused is on in this block: the first two connections of this boot are dropped
    expect(await attempt(() => sshExec(viaFloating, "true"))).to.equal("refused");
    expect(await attempt(() => sshExec(viaFloating, "true"))).to.equal("refused");
    expect((await sshExec(viaFloating, "hostname")).stdout).to.equal("vftest-guest\n");
  });
});
