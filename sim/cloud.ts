// startCloud: assembles the simulated cloud — Keystone, Nova, Manila, Glance, Neutron, the compute hosts and the
// guests — behind one node:http server on 127.0.0.1, with the shared request pipeline of sim/http/pipeline.ts
// (request ids, dispatch by prefix, the api-503 fault, JSON bodies, token resolution, one log line per request).

import * as fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ADMIN_PASSWORD,
  type CloudHandle,
  type CloudOptions,
  checkShareProtocol,
  cloudsYaml,
  type GuestKind,
  MEMBER_PASSWORD,
  REGION,
} from "./cloud-handle.js";
import type { IdentityBackend } from "./contracts.js";
import { createControl } from "./control.js";
import { Faults } from "./faults.js";
import { createGuests, type SimGuests } from "./guests/index.js";
import type { QemuGuests } from "./guests-qemu/index.js";
import { createHosts } from "./hosts/index.js";
import { createPipeline } from "./http/pipeline.js";
import type { ServiceMount } from "./http/router.js";
import { connectNotifier } from "./notifications/connect.js";
import { RELEASES, type Release } from "./nova/deps.js";
import { createNova, type Nova } from "./nova/index.js";
import { createGlance } from "./services/glance.js";
import { createKeystone } from "./services/keystone.js";
import { createManila } from "./services/manila.js";
import { createNeutron } from "./services/neutron.js";
import { createPlacement } from "./services/placement.js";
import { createTiming } from "./timing.js";

export {
  ADMIN_PASSWORD,
  type CloudHandle,
  type CloudOptions,
  type Credentials,
  type GuestKind,
  MEMBER_PASSWORD,
  REGION,
} from "./cloud-handle.js";
export { routeKey } from "./http/pipeline.js";

export function startCloud(opts?: CloudOptions & { guest?: "emulated" }): Promise<CloudHandle<SimGuests>>;
export function startCloud(opts: CloudOptions & { guest: "qemu" }): Promise<CloudHandle<QemuGuests>>;
export function startCloud(opts: CloudOptions): Promise<CloudHandle<SimGuests | QemuGuests>>;
export async function startCloud(opts: CloudOptions = {}): Promise<CloudHandle<SimGuests | QemuGuests>> {
  const log = opts.log ?? (() => {});
  const release: Release = opts.release ?? "2026.2";
  if (!(release in RELEASES))
    throw new Error(`release must be one of ${Object.keys(RELEASES).join(", ")}, got ${release}`);
  const faults = new Faults(opts.faults ?? []);
  const timing = createTiming({ baseMs: opts.timing?.baseMs, perStep: opts.timing?.perStep, faults });
  const ownsDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(join(tmpdir(), "vftest-sim-"));
  fs.mkdirSync(dataDir, { recursive: true });

  let url = "";
  let mounts: ServiceMount[] = [];
  let identityBackend: IdentityBackend | undefined;
  const dispatch = createPipeline({
    mounts: () => mounts,
    identity: () => identityBackend,
    faults,
    url: () => url,
    log,
  });
  const server = createServer((req, res) => {
    void dispatch(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const cleanups: (() => Promise<void> | void)[] = [
    () => new Promise<void>((r) => server.close(() => r())),
    () => server.closeAllConnections(),
  ];
  const stop = async () => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch (e) {
        log(`sim: cleanup step failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };

  try {
    const keystone = createKeystone({ baseUrl: () => url, region: REGION });
    keystone.backend.seedUser({
      name: "admin",
      password: ADMIN_PASSWORD,
      project: "admin",
      roles: ["admin", "member", "reader"],
    });
    keystone.backend.seedUser({
      name: "demo",
      password: MEMBER_PASSWORD,
      project: "demo",
      roles: ["member", "reader"],
    });
    const identity = keystone.backend;
    identityBackend = identity;
    const shareProtocol = checkShareProtocol(opts.shareProtocol);
    const manila = createManila({
      identity,
      faults,
      timing,
      dataDir,
      ...(opts.shareProtocol ? { protocols: [shareProtocol] } : {}),
    });
    const glance = createGlance({ identity });
    const neutron = createNeutron({ identity, guestSubnet: "127.0.2.0/24" });
    const hosts = await createHosts({ count: opts.hosts ?? 2, shares: manila.backend, faults, timing, dataDir });
    cleanups.push(() => hosts.close());
    for (const h of hosts.hosts) h.serviceVersion = RELEASES[release].serviceVersion;
    const guestKind: GuestKind = opts.guest ?? "emulated";
    const guestOpts = {
      faults,
      timing,
      dataDir,
      extraAddresses: (ip: string) => {
        const fip = neutron.floatingIpFor(ip);
        return fip ? [fip] : [];
      },
    };
    // The QEMU guest modules load only for a QEMU cloud: an embedded cloud shares vftest's process and memory.
    const guests: SimGuests | QemuGuests =
      guestKind === "qemu"
        ? await (await import("./guests-qemu/index.js")).createQemuGuests(guestOpts)
        : await createGuests(guestOpts);
    cleanups.push(() => guests.close());
    const notifier = opts.notifications && (await connectNotifier({ ...opts.notifications, faults, log }));
    if (notifier) cleanups.push(() => notifier.close());
    const nova = createNova({
      notifier,
      identity,
      shares: manila.backend,
      setShareStatus: (id, status) => manila.setShareStatus(id, status),
      hosts: hosts.hosts,
      guests,
      images: glance,
      network: neutron,
      faults,
      timing,
      release,
      allowResizeToSameHost: opts.allowResizeToSameHost,
      log,
    });
    cleanups.push(() => drainWithin(nova, 5000));
    const control = createControl({
      faults,
      timing,
      hosts: () => hosts.hosts,
      hostSshPort: () => hosts.sshPort,
      resources: [
        () => nova.listResources(),
        () => manila.listResources(),
        () => keystone.backend.listResources(),
        () => ({ images: glance.listResources() }),
        () => neutron.listResources(),
      ],
    });
    const placement = createPlacement({
      providers: () =>
        hosts.hosts.map((h) => ({
          uuid: nova.core.compute.nodeUuid(h),
          name: h.name,
          traits: nova.core.compute.traits(h),
        })),
    });
    mounts = [keystone.mount, nova.mount, manila.mount, glance.mount, neutron.mount, placement.mount, control];
    if (ownsDir) cleanups.unshift(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    const authUrl = `${url}/identity/v3`;
    const creds = <U extends string, P extends string>(username: U, password: string, projectName: P) => ({
      username,
      password,
      projectName,
      userDomainName: "Default" as const,
      projectDomainName: "Default" as const,
    });
    const admin = creds("admin", ADMIN_PASSWORD, "admin");
    const member = creds("demo", MEMBER_PASSWORD, "demo");
    log(
      `sim: cloud up at ${url} (release ${release}, ${hosts.hosts.length} hosts, ${guestKind} guests, ` +
        `${opts.shareProtocol ?? "NFS and CEPHFS"} shares, data ${dataDir})`,
    );
    return {
      url,
      authUrl,
      region: REGION,
      release,
      admin,
      member,
      guestSshPort: guests.sshPort,
      guestSshUser: "root",
      hostSshPort: hosts.sshPort,
      hostSshUser: hosts.sshUser,
      hostSshPrivateKeyPath: hosts.sshPrivateKeyPath,
      hosts: hosts.hosts.map((h) => ({ name: h.name, ctlplaneIp: h.ctlplaneIp, storageIp: h.storageIp })),
      shareProtocol,
      imageId: glance.defaultImageId,
      flavorRef: "1",
      flavorRefAlt: "2",
      networkName: "vftest-net",
      mountPointBase: hosts.hosts[0]?.mountPointBase ?? "/opt/stack/data/nova/mnt",
      cloudsYaml: () => cloudsYaml(authUrl, admin, member),
      faults,
      guest: guestKind,
      internals: { nova, dataDir, hosts: hosts.hosts, guests },
      stop,
    };
  } catch (e) {
    await stop();
    if (ownsDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

/** The bound's timer is cleared once the drain ends: left running, it kept every process 5 s past stop(). */
async function drainWithin(nova: Nova, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([nova.drain(), new Promise((r) => (timer = setTimeout(r, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
