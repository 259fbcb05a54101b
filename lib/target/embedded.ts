// The embedded cloud as a run target, seen from lib/: the handle the simulator returns (sim/ is reached only through
// the function the CLI passes in), and how that handle becomes config overrides for the suite.

import type { DeepPartial } from "../config/layers.js";
import type { VftestConfig } from "../config/types.js";
import { UsageError } from "../runner/errors.js";

export type ConfigOverrides = DeepPartial<VftestConfig>;

export const RELEASES = ["2026.1", "2026.2"] as const;
export type Release = (typeof RELEASES)[number];

export const GUEST_KINDS = ["emulated", "qemu"] as const;
export type GuestKind = (typeof GUEST_KINDS)[number];

export const SHARE_PROTOCOLS = ["NFS", "CEPHFS"] as const;
export type ShareProtocol = (typeof SHARE_PROTOCOLS)[number];

/** `--share-protocol nfs|cephfs` (any case) -> "NFS" | "CEPHFS". */
export function parseShareProtocol(text: string): ShareProtocol {
  const p = SHARE_PROTOCOLS.find((x) => x === text.trim().toUpperCase());
  if (!p) throw new UsageError(`--share-protocol ${text}: expected nfs or cephfs`);
  return p;
}

interface Creds {
  username: string;
  password: string;
  projectName: string;
  userDomainName: string;
  projectDomainName: string;
}

/** The part of sim/'s CloudHandle vftest uses. */
export interface CloudHandle {
  url: string;
  authUrl: string;
  region: string;
  release: string;
  admin: Creds;
  member: Creds;
  guestSshPort: number;
  guestSshUser: string;
  hostSshPort: number;
  hostSshUser: string;
  hostSshPrivateKeyPath: string;
  hosts: { name: string; ctlplaneIp: string; storageIp: string }[];
  imageId: string;
  flavorRef: string;
  flavorRefAlt: string;
  networkName: string;
  mountPointBase: string;
  /** The protocol the suite should create shares with (NFS unless the cloud was started for CephFS). */
  shareProtocol?: ShareProtocol;
  cloudsYaml(): string;
  stop(): Promise<void>;
}

/** sim/cloud.ts CloudOptions as vftest uses them. */
export interface StartCloudOptions {
  port?: number;
  hosts?: number;
  release?: Release;
  faults?: string[];
  dataDir?: string;
  log?: (line: string) => void;
  timing?: { baseMs?: number };
  allowResizeToSameHost?: boolean;
  /** Publish Nova's versioned notifications to this broker (amqp://). */
  notifications?: { url: string };
  shareProtocol?: ShareProtocol;
}

export type EmbeddedCloudOptions = StartCloudOptions & { guest: GuestKind };

/**
 * Real guests boot in ~4-5 s under TCG (at most 2 boot together and 4 run: sim/guests-qemu). Nova's sim reports
 * ACTIVE once QEMU runs (as libvirt does), so API states change within a fraction of a second and are polled every
 * 0.1 s; the boot itself is waited for by the guest SSH connection (ssh_timeout). A boot queued behind two others, on
 * a loaded 2-core machine, stays well inside these bounds, while a guest that never comes up still fails in minutes.
 */
export const QEMU_WAITS = { buildInterval: 0.1, buildTimeout: 180, sshTimeout: 120 } as const;

function waitsFor(guest: GuestKind): { build_interval: number; build_timeout: number } {
  if (guest === "qemu") return { build_interval: QEMU_WAITS.buildInterval, build_timeout: QEMU_WAITS.buildTimeout };
  // The emulated steps take tens of milliseconds: poll often so a run takes seconds, not minutes.
  return { build_interval: 0.05, build_timeout: 20 };
}

/** Confirm/revert cleanup under the late-cleanup timing profile ends ~5 s after the end state (3 s + two 1 s deny
 * steps); the bound leaves room for a loaded machine without making a real leak slow to report. */
const EMBEDDED_CLEANUP_TIMEOUT = 15;

/** Everything the suite needs to know about the embedded cloud, as config overrides. */
export function overridesFor(
  h: CloudHandle,
  opts: { release: Release; hosts: number; withCredentials: boolean; dynamicCredentials: boolean; guest?: GuestKind },
): ConfigOverrides {
  const creds = (c: CloudHandle["member"]) => ({
    username: c.username,
    password: c.password,
    project_name: c.projectName,
    user_domain_name: c.userDomainName,
    project_domain_name: c.projectDomainName,
  });
  return {
    auth: {
      auth_url: h.authUrl,
      region_name: h.region,
      ...(opts.withCredentials ? { member: creds(h.member), admin: creds(h.admin) } : {}),
      use_dynamic_credentials: opts.dynamicCredentials,
    },
    compute: {
      image_ref: h.imageId,
      flavor_ref: h.flavorRef,
      flavor_ref_alt: h.flavorRefAlt,
      min_compute_nodes: opts.hosts,
      ...waitsFor(opts.guest ?? "emulated"),
      cleanup_timeout: Math.max(EMBEDDED_CLEANUP_TIMEOUT, waitsFor(opts.guest ?? "emulated").build_timeout),
    },
    share: { protocol: h.shareProtocol ?? "NFS" },
    validation: {
      connect_method: "fixed",
      network: h.networkName,
      ssh_user: h.guestSshUser,
      ssh_port: h.guestSshPort,
      ...(opts.guest === "qemu" ? { ssh_timeout: QEMU_WAITS.sshTimeout } : {}),
    },
    whitebox: {
      enabled: true,
      ssh_user: h.hostSshUser,
      ssh_key: h.hostSshPrivateKeyPath,
      ssh_port: h.hostSshPort,
      ctlplane_addresses: Object.fromEntries(h.hosts.map((x) => [x.name, x.ctlplaneIp])),
      storage_addresses: Object.fromEntries(h.hosts.map((x) => [x.name, x.storageIp])),
      command_prefix: "",
      mount_point_base: h.mountPointBase,
    },
  };
}

/**
 * The suite listens where the embedded cloud publishes. The quiet window (how long to keep watching for a
 * share_attach/share_detach after the last expected notification) is 1 s instead of 5: the simulator publishes as
 * it acts, so what it would leak arrives before the end of confirm/revert; a real Nova keeps the default.
 */
export function notificationOverrides(url: string): ConfigOverrides {
  return { notifications: { transport_url: url, quiet_window: 1 } };
}

/**
 * With fast simulated steps (VFTEST_SIM_STEP_MS ≤ 5), a wait that has not ended after 8 s never will. The cleanup
 * bound is 12 s, or VFTEST_SIM_CLEANUP_TIMEOUT seconds: the selftest sets it from the simulator's own slowest
 * cleanup (the late-cleanup profile) plus a margin, so a fault that leaves something behind is reported sooner.
 */
export function withStepTimeout(env: NodeJS.ProcessEnv, o: ConfigOverrides): ConfigOverrides {
  const ms = Number(env.VFTEST_SIM_STEP_MS ?? "");
  if (env.VFTEST_SIM_STEP_MS === undefined || env.VFTEST_SIM_STEP_MS === "" || !(ms <= 5)) return o;
  const raw = env.VFTEST_SIM_CLEANUP_TIMEOUT;
  const cleanup = raw === undefined || raw === "" ? 12 : Number(raw);
  if (!Number.isFinite(cleanup) || cleanup < 1 || cleanup > 600) {
    throw new UsageError(`VFTEST_SIM_CLEANUP_TIMEOUT=${raw}: expected a number of seconds between 1 and 600`);
  }
  return { ...o, compute: { ...o.compute, build_timeout: 8, cleanup_timeout: cleanup } };
}

/** VFTEST_SIM_STEP_MS: the embedded cloud's base latency per simulated step (default 20 ms; the selftest uses less). */
export function simTiming(env: NodeJS.ProcessEnv): { baseMs?: number } | undefined {
  const raw = env.VFTEST_SIM_STEP_MS;
  if (raw === undefined || raw === "") return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0 || ms > 10_000) {
    throw new UsageError(`VFTEST_SIM_STEP_MS=${raw}: expected a number of milliseconds between 0 and 10000`);
  }
  return { baseMs: ms };
}
