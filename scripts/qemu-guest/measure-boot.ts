// Measures real-guest boots (sim/guests-qemu): N power-ons of one guest with one virtiofs export, each timed from
// `start()` to the guest's SSH banner on its address, with the guest-side phases its console prints (kernel uptime
// at /init, modules loaded, root ready, dropbear started). Prints per-boot lines and the median/max; not a test.
// Run (root, after scripts/qemu-guest/build.sh): node --import tsx scripts/qemu-guest/measure-boot.ts [N] [--two]
//   --two: two guests power on together (what a migration of two servers sharing a share does).

import * as fs from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ComputeHost, DomainSpec, GuestSpec } from "../../sim/contracts.js";
import { createQemuGuests } from "../../sim/guests-qemu/index.js";

const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? "5");
const two = process.argv.includes("--two");
const root = fs.mkdtempSync(join(tmpdir(), "vftest-measure-boot-"));
const shareDir = join(root, "share");
fs.mkdirSync(shareDir);

/** One compute host whose domains export `shareDir` as tag "share0". */
function host(): ComputeHost {
  const domain = (instanceName: string): DomainSpec => ({
    instanceName,
    uuid: "00000000-0000-0000-0000-000000000001",
    state: "running",
    memoryMb: 256,
    vcpus: 1,
    filesystems: [{ tag: "share0", sourceDir: shareDir }],
  });
  const unused = (): never => {
    throw new Error("not used when measuring boots");
  };
  return {
    name: "compute1",
    storageIp: "127.0.3.1",
    ctlplaneIp: "127.0.1.1",
    mountPointBase: root,
    up: true,
    serviceVersion: 74,
    mountShare: unused,
    unmountShare: unused,
    mountPathFor: unused,
    mounts: () => [],
    defineDomain: unused,
    undefineDomain: unused,
    domain,
    domains: () => [],
    domainXml: () => undefined,
    resolveVirtiofs: () => ({ dir: shareDir, readOnly: false }),
  };
}

/** Connects until the SSH identification line arrives (a refused or reset connection is retried after 50 ms). */
async function banner(ip: string, port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, ip);
      let seen = "";
      s.on("data", (d) => {
        seen += d.toString("latin1");
        if (seen.includes("SSH-")) {
          s.destroy();
          resolve(true);
        }
      });
      s.on("error", () => resolve(false));
      s.on("close", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no SSH banner on ${ip}:${port}`);
}

const h = host();
const guests = await createQemuGuests({
  faults: { active: () => false, fireOnce: () => false },
  timing: { delay: async () => undefined },
  dataDir: join(root, "data"),
});
const specs: GuestSpec[] = (two ? [1, 2] : [1]).map((n) => ({
  serverId: `measure-${n}`,
  ip: `127.0.2.${240 + n}`,
  authorizedKeys: [],
  locate: () => ({ host: h, instanceName: `instance-0000000${n}` }),
}));
const totals: number[] = [];
const startReturns: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    await Promise.all(
      specs.map(async (spec) => {
        const t0 = performance.now();
        await guests.start(spec);
        const started = performance.now() - t0;
        await banner(spec.ip, guests.sshPort, Date.now() + 240_000);
        const total = performance.now() - t0;
        totals.push(total);
        startReturns.push(started);
        const boot = guests.consoleOutput(spec.serverId).split("vftest-qemu: boot ").at(-1) ?? "";
        const marks = [...boot.matchAll(/^vftest-init: (.+) t=([\d.]+)$|^GUEST_READY t=([\d.]+)$/gm)]
          .map((m) => (m[3] ? `ready@${m[3]}` : `${m[1]!.split(" ")[0]}@${m[2]}`))
          .join(" ");
        const host = /SSH answered ([\d.]+) s after QEMU started/.exec(boot)?.[1] ?? "?";
        console.log(
          `boot ${i + 1} ${spec.serverId}: start() returned ${(started / 1000).toFixed(2)} s, SSH banner ${(total / 1000).toFixed(2)} s (${host} s after QEMU started); guest uptime: ${marks || "(no markers)"}`,
        );
      }),
    );
    await Promise.all(specs.map((s) => guests.stop(s.serverId)));
  }
} finally {
  await guests.close();
  fs.rmSync(root, { recursive: true, force: true });
}
const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${(s[Math.floor((s.length - 1) / 2)]! / 1000).toFixed(2)} s, max ${(s.at(-1)! / 1000).toFixed(2)} s`;
};
console.log(`power-on to SSH banner over ${totals.length} boots${two ? " (two at a time)" : ""}: ${stat(totals)}`);
console.log(`start() returned after: ${stat(startReturns)}`);
