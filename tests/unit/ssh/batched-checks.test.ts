// The guest and host layer checks made from one batched exec: each check is still recorded on its own, with the
// same failure phrase as when every check had its own command, and a host read is shared only within a phase.

import { expect } from "chai";
import type { RemoteClient } from "../../../lib/clients/ssh.js";
import type { StepResult } from "../../../lib/clients/ssh-batch.js";
import { expectGuestShare } from "../../../lib/expect/guest.js";
import { expectDomainFilesystems, expectHostMount, HostReading, mountPathFor } from "../../../lib/expect/host.js";
import { GuestSession, type ShareReading } from "../../../lib/fixtures/guest.js";
import type { HostLook } from "../../../lib/fixtures/host.js";
import type { TestScope } from "../../../lib/fixtures/scope.js";
import type { ServerFixture, ShareFixture } from "../../../lib/fixtures/types.js";

interface Rec {
  layer: string;
  what: string;
  outcome: string;
  reason?: string;
}

function scope(looks: HostLook[] = []): { t: TestScope; recs: Rec[]; reads: () => number } {
  const recs: Rec[] = [];
  let reads = 0;
  const host = {
    look: async () => {
      reads++;
      return looks[Math.min(reads - 1, looks.length - 1)]!;
    },
    close: async () => undefined,
    usedBy: () => host,
  };
  const t = {
    uuid: "u1",
    config: {
      whitebox: { enabled: true, mount_point_base: "/mnt/base" },
      compute: { build_interval: 0.01, cleanup_timeout: 0.2 },
    },
    run: { checks: { record: (r: Rec) => recs.push(r) } },
    checked: (layer: string, what: string) => recs.push({ layer, what, outcome: "ok" }),
    log: () => undefined,
    env: { sessions: { get: () => host } },
  };
  return { t: t as unknown as TestScope, recs, reads: () => reads };
}

const ok = (stdout = ""): StepResult => ({ exitCode: 0, stdout, stderr: "" });
const SUM = "a".repeat(64);
const server = { id: "s1", name: "g1" } as ServerFixture;

class FakeGuest extends GuestSession {
  constructor(private readonly r: ShareReading) {
    super({} as unknown as RemoteClient, server, true);
  }
  override async mountAndRead(): Promise<ShareReading> {
    return this.r;
  }
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a failure");
}

describe("guest checks from one exec", () => {
  const mounted = (opts: string) => ok(`/dev/vda1 / ext4 rw 0 0\ntag1 /mnt/t virtiofs ${opts} 0 0\n`);
  const share = (r: ShareReading, files = [{ path: "/mnt/t/before.bin", sha256: SUM }]) => {
    const s = scope();
    return { s, run: expectGuestShare(s.t, new FakeGuest(r), { tag: "tag1", dir: "/mnt/t", host: "c1", files }) };
  };

  it("records the mount check and one data check per file", async () => {
    const { s, run } = share({
      mount: ok(),
      mounts: mounted("rw,relatime"),
      sums: [ok(`${SUM}  /mnt/t/before.bin\n`)],
    });
    await run;
    expect(s.recs.map((r) => `${r.layer} ${r.outcome} ${r.what}`)).to.deep.equal([
      "guest ok virtiofs tag1 mounted rw at /mnt/t",
      "guest ok data intact at /mnt/t/before.bin",
    ]);
  });

  it("fails each check with its own phrase, and stops at the first failure", async () => {
    const cases: [ShareReading, RegExp][] = [
      [
        { mount: { exitCode: 32, stdout: "", stderr: "mount: unknown tag\n" }, mounts: ok(""), sums: [ok()] },
        /share tag tag1 not mounted in guest: .*mount -t virtiofs tag1 \/mnt\/t failed: mount: unknown tag/,
      ],
      [
        { mount: ok(), mounts: ok("/dev/vda1 / ext4 rw 0 0\n"), sums: [ok()] },
        /not mounted in guest: .*absent from \/proc\/mounts/,
      ],
      [{ mount: ok(), mounts: mounted("ro,relatime"), sums: [ok()] }, /share tag tag1 mounted read-only in guest/],
      [
        { mount: ok(), mounts: mounted("rw"), sums: [{ exitCode: 1, stdout: "", stderr: "No such file" }] },
        /data written before the move is unreadable in guest g1 on host c1: \/mnt\/t\/before.bin: .*No such file/,
      ],
      [{ mount: ok(), mounts: mounted("rw"), sums: [ok(`${"b".repeat(64)}  x\n`)] }, /data differs in guest g1/],
    ];
    for (const [reading, phrase] of cases) {
      const { s, run } = share(reading);
      expect(await failure(run)).to.match(phrase);
      const failed = s.recs.filter((r) => r.outcome === "failed");
      expect(failed, JSON.stringify(s.recs)).to.have.length(1);
      expect(s.recs.at(-1)!.outcome).to.equal("failed");
    }
  });
});

describe("a new write in the same exec as the checks", () => {
  const mountedRw = ok("tag1 /mnt/t virtiofs rw 0 0\n");
  const run = (written: StepResult) => {
    const s = scope();
    const r: ShareReading = { mount: ok(), mounts: mountedRw, sums: [ok(`${SUM}  /mnt/t/before.bin\n`)], written };
    const p = expectGuestShare(s.t, new FakeGuest(r), {
      tag: "tag1",
      dir: "/mnt/t",
      host: "c1",
      files: [{ path: "/mnt/t/before.bin", sha256: SUM }],
      write: "/mnt/t/after.bin",
    });
    return { s, p };
  };

  it("records the write as its own check after the data checks, and returns the new file's sha256", async () => {
    const { s, p } = run(ok(`${"c".repeat(64)}  /mnt/t/after.bin\n`));
    expect(await p).to.equal("c".repeat(64));
    expect(s.recs.map((r) => `${r.outcome} ${r.what}`)).to.deep.equal([
      "ok virtiofs tag1 mounted rw at /mnt/t",
      "ok data intact at /mnt/t/before.bin",
      "ok new write at /mnt/t/after.bin",
    ]);
  });

  it("fails the write check with its own phrase when the write step failed", async () => {
    const { s, p } = run({ exitCode: 1, stdout: "", stderr: "dd: No space left on device\n" });
    expect(await failure(p)).to.match(
      /share not writable in guest g1 on host c1: writing \/mnt\/t\/after.bin failed: exit 1: dd: No space left/,
    );
    expect(s.recs.map((r) => r.outcome)).to.deep.equal(["ok", "ok", "failed"]);
  });
});

describe("host checks from one read per host per phase", () => {
  const shareFx = { id: "sh1", exportLocation: "10.0.0.1:/export" } as ShareFixture;
  it("makes the mount and <filesystem> checks of a phase from one read", async () => {
    const s0 = scope();
    const path = mountPathFor(s0.t, shareFx.exportLocation);
    const look: HostLook = {
      mounts: [{ source: shareFx.exportLocation, target: path, fstype: "nfs4", options: ["rw"] }],
      domains: new Map([["instance-1", [{ tag: "tag1", driver: "virtiofs", sourceDir: path }]]]),
    };
    const s = scope([look]);
    const r = new HostReading(s.t, "c1", ["instance-1"]);
    await expectHostMount(s.t, r, shareFx, true, "before the move");
    await expectDomainFilesystems(s.t, r, "instance-1", [{ tag: "tag1", share: shareFx }], true);
    expect(s.reads()).to.equal(1);
    expect(s.recs.map((x) => `${x.layer} ${x.outcome}`)).to.deep.equal(["host ok", "host ok"]);
  });

  it("re-reads while waiting for cleanup, and fails with the phrase when it never comes", async () => {
    const s0 = scope();
    const path = mountPathFor(s0.t, shareFx.exportLocation);
    const still: HostLook = {
      mounts: [{ source: shareFx.exportLocation, target: path, fstype: "nfs4", options: ["rw"] }],
      domains: new Map([["instance-1", [{ tag: "tag1", driver: "virtiofs", sourceDir: path }]]]),
    };
    const gone: HostLook = { mounts: [], domains: new Map([["instance-1", undefined]]) };
    const s = scope([still, still, gone]);
    const r = new HostReading(s.t, "c1", ["instance-1"]);
    await expectHostMount(s.t, r, shareFx, false, "after confirm");
    expect(s.reads()).to.equal(3);
    await expectDomainFilesystems(s.t, r, "instance-1", [{ tag: "tag1", share: shareFx }], false);
    expect(s.reads(), "the domain check starts from the read the wait ended on").to.equal(3);

    const stuck = scope([still]);
    const msg = await failure(
      expectDomainFilesystems(
        stuck.t,
        new HostReading(stuck.t, "c1", ["instance-1"]),
        "instance-1",
        [{ tag: "tag1", share: shareFx }],
        false,
      ),
    );
    expect(msg).to.match(/host c1 still exposes share tag tag1 in domain instance-1/);
    expect(stuck.reads()).to.be.greaterThan(2);
  });

  it("fails the present check when the share is mounted twice or absent", async () => {
    const s0 = scope();
    const path = mountPathFor(s0.t, shareFx.exportLocation);
    const line = { source: shareFx.exportLocation, target: path, fstype: "nfs4", options: ["rw"] };
    const twice = scope([{ mounts: [line, line], domains: new Map() }]);
    expect(await failure(expectHostMount(twice.t, "c1", shareFx, true, "x"))).to.match(/mounted 2 times/);
    const none = scope([{ mounts: [], domains: new Map() }]);
    expect(await failure(expectHostMount(none.t, "c1", shareFx, true, "x"))).to.match(
      /does not have share sh1 mounted/,
    );
  });
});
