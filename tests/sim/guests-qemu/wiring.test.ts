// How the embedded cloud and the vftest command choose the guest backend: `startCloud({ guest })`, the usage error
// when the QEMU artifacts are missing (exit 2, naming each missing piece and the build command), and the waits the
// embedded config gets for real guests. Starting a qemu cloud boots nothing, so this runs wherever QEMU is built.

import { expect } from "chai";
import type { CloudHandle } from "../../../bin/cli/deps.js";
import { checkGuestKind, overridesFor, QEMU_BUILD_COMMAND, QEMU_WAITS } from "../../../bin/cli/embedded.js";
import { startCloud } from "../../../sim/cloud.js";
import { findQemuArtifacts } from "../../../sim/guests-qemu/index.js";
import { inCi } from "../../helpers/debian-tools.js";

const fakeHandle: CloudHandle = {
  url: "http://127.0.0.1:1",
  authUrl: "http://127.0.0.1:1/identity/v3",
  region: "RegionOne",
  release: "2026.2",
  admin: {
    username: "admin",
    password: "x",
    projectName: "admin",
    userDomainName: "Default",
    projectDomainName: "Default",
  },
  member: {
    username: "demo",
    password: "x",
    projectName: "demo",
    userDomainName: "Default",
    projectDomainName: "Default",
  },
  guestSshPort: 2222,
  guestSshUser: "root",
  hostSshPort: 2200,
  hostSshUser: "stack",
  hostSshPrivateKeyPath: "/tmp/key",
  hosts: [{ name: "compute1", ctlplaneIp: "127.0.1.1", storageIp: "127.0.3.1" }],
  imageId: "11111111-1111-1111-1111-111111111111",
  flavorRef: "1",
  flavorRefAlt: "2",
  networkName: "vftest-net",
  mountPointBase: "/opt/stack/data/nova/mnt",
  cloudsYaml: () => "",
  stop: async () => undefined,
};
const base = { release: "2026.2", hosts: 2, withCredentials: false, dynamicCredentials: false } as const;

describe("sim guests-qemu: wiring into the embedded cloud and the CLI", function () {
  this.timeout(60_000);

  it("checkGuestKind: emulated needs nothing; qemu without its build is a usage error naming what is missing", () => {
    expect(() => checkGuestKind("emulated", { VFTEST_QEMU_CACHE: "/nonexistent" })).not.to.throw();
    let caught: unknown;
    try {
      checkGuestKind("qemu", { VFTEST_QEMU_CACHE: "/nonexistent/vftest-qemu" });
    } catch (e) {
      caught = e;
    }
    expect(caught, "checkGuestKind('qemu') with an empty cache must throw").to.be.instanceOf(Error);
    const err = caught as Error;
    expect(err.name, "a usage error, so the CLI exits 2 without a stack").to.equal("UsageError");
    expect(err.message).to.include("--guest qemu: this machine cannot run real guests yet");
    expect(err.message).to.include("no guest kernel/initramfs in /nonexistent/vftest-qemu");
    expect(err.message).to.include(QEMU_BUILD_COMMAND);
  });

  it("overridesFor: real guests get waits sized for a TCG boot, emulated guests keep the fast ones", () => {
    const qemu = overridesFor(fakeHandle, { ...base, guest: "qemu" });
    expect(qemu.compute?.build_timeout).to.equal(QEMU_WAITS.buildTimeout);
    expect(qemu.compute?.build_interval).to.equal(QEMU_WAITS.buildInterval);
    expect(qemu.validation?.ssh_timeout).to.equal(QEMU_WAITS.sshTimeout);
    const emulated = overridesFor(fakeHandle, base);
    expect(emulated.compute?.build_timeout).to.equal(20);
    expect(emulated.compute?.build_interval).to.equal(0.05);
    expect(emulated.validation?.ssh_timeout, "emulated guests keep the config default").to.equal(undefined);
  });

  it("startCloud defaults to emulated guests", async () => {
    const cloud = await startCloud({ timing: { baseMs: 1 } });
    try {
      expect(cloud.guest).to.equal("emulated");
      expect(cloud.internals.guests.exec, "emulated guests can run commands without SSH").to.be.a("function");
    } finally {
      await cloud.stop();
    }
  });

  const found = findQemuArtifacts();
  if (!found.ok) {
    it(`startCloud({ guest: "qemu" }) skipped: ${found.missing.join("; ")}`, function () {
      if (inCi()) throw new Error(`CI=true but no real guests here: ${found.missing.join("; ")}`);
      console.log(`    qemu wiring test skipped: ${found.missing.join("; ")}`);
      this.skip();
    });
  } else {
    it("checkGuestKind: qemu refuses more --parallel workers than the running-guest limit serves", () => {
      const env = { ...process.env, VFTEST_QEMU_MAX_GUESTS: undefined };
      expect(() => checkGuestKind("qemu", env, 2)).not.to.throw();
      expect(() => checkGuestKind("qemu", env, 3)).to.throw(
        /--guest qemu with --parallel 3: .* at most 4 run together .* use --parallel 2 or raise VFTEST_QEMU_MAX_GUESTS to 6/,
      );
      expect(() => checkGuestKind("qemu", { ...env, VFTEST_QEMU_MAX_GUESTS: "6" }, 3)).not.to.throw();
    });

    it('startCloud({ guest: "qemu" }) serves QEMU guests on the guest SSH port', async () => {
      const cloud = await startCloud({ guest: "qemu", timing: { baseMs: 1 } });
      try {
        expect(cloud.guest).to.equal("qemu");
        expect(cloud.guestSshPort).to.equal(cloud.internals.guests.sshPort);
        expect(cloud.internals.guests.exportedTags("no-such-server")).to.deep.equal([]);
      } finally {
        await cloud.stop();
      }
    });
  }
});
