// The embedded cloud as a run target: when the user names no cloud, `vftest run` starts the simulator in-process
// and points the config at it. This file knows which CLI inputs mean "a real cloud", checks the simulator-only
// flags, starts the cloud with the chosen guest backend, and turns a CloudHandle into config overrides.

import { UsageError } from "../../lib/runner/errors.js";
import { FAULT_PROFILES } from "../../sim/faults.js";
import { findQemuArtifacts } from "../../sim/guests-qemu/artifacts.js";
import { type CloudHandle, type ConfigOverrides, type StartCloudOptions, simApi } from "./deps.js";

export const RELEASES = ["2026.1", "2026.2"] as const;
export type Release = (typeof RELEASES)[number];

export const GUEST_KINDS = ["emulated", "qemu"] as const;
export type GuestKind = (typeof GUEST_KINDS)[number];

export const QEMU_BUILD_COMMAND = "sudo bash scripts/qemu-guest/build.sh";

/** Servers one test holds at once at most (the shared-share scenario: two); each is a running QEMU guest. */
const GUESTS_PER_WORKER = 2;

/**
 * Usage error (exit 2) unless this machine can run the chosen guests: names every missing piece, and refuses more
 * --parallel workers than the QEMU backend's running-guest limit (VFTEST_QEMU_MAX_GUESTS, default 4) can serve.
 */
export function checkGuestKind(kind: GuestKind, env: NodeJS.ProcessEnv = process.env, workers = 1): void {
  if (kind !== "qemu") return;
  const found = findQemuArtifacts(env);
  if (!found.ok) {
    throw new UsageError(
      `--guest qemu: this machine cannot run real guests yet:\n${found.missing.map((m) => `  - ${m}\n`).join("")}` +
        `build them once with \`${QEMU_BUILD_COMMAND}\` (see sim/guests-qemu/README.md), or drop --guest qemu ` +
        "to use the emulated guests",
    );
  }
  const limit = Number(env.VFTEST_QEMU_MAX_GUESTS);
  const maxGuests = Number.isInteger(limit) && limit > 0 ? limit : 4;
  if (workers * GUESTS_PER_WORKER > maxGuests) {
    const fits = Math.max(1, Math.floor(maxGuests / GUESTS_PER_WORKER));
    throw new UsageError(
      `--guest qemu with --parallel ${workers}: a worker runs up to ${GUESTS_PER_WORKER} guests at once and at most ` +
        `${maxGuests} run together (VFTEST_QEMU_MAX_GUESTS); use --parallel ${fits} or raise ` +
        `VFTEST_QEMU_MAX_GUESTS to ${workers * GUESTS_PER_WORKER} (about 260 MB of RAM per guest)`,
    );
  }
}

/** sim/cloud.ts CloudOptions as the CLI uses them (deps.ts's StartCloudOptions predates `guest` and `timing`). */
export type EmbeddedCloudOptions = StartCloudOptions & { guest: GuestKind; timing?: { baseMs?: number } };

/** Starts the embedded cloud with the chosen guests; call checkGuestKind first, before anything else starts. */
export async function startEmbeddedCloud(opts: EmbeddedCloudOptions): Promise<CloudHandle> {
  const start: (o: EmbeddedCloudOptions) => Promise<CloudHandle> = (await simApi()).startCloud;
  return start(opts);
}

export interface TargetFlags {
  config?: string;
  osCloud?: string;
}

/** Which input (flag or variable) names a real cloud, or undefined for the embedded cloud. */
export function realCloudSource(flags: TargetFlags, env: NodeJS.ProcessEnv): string | undefined {
  if (flags.config) return "--config";
  if (flags.osCloud) return "--os-cloud";
  for (const name of ["VFTEST_CONFIG", "OS_CLOUD", "OS_AUTH_URL"]) if (env[name]) return name;
  return undefined;
}

export function parseRelease(text: string): Release {
  const r = RELEASES.find((x) => x === text);
  if (!r) throw new UsageError(`--release ${text}: expected one of ${RELEASES.join(", ")}`);
  return r;
}

/** "a,b" -> ["a","b"], every name checked against the simulator's fault registry. */
export function parseFaults(text: string): string[] {
  const names = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const known = new Set(FAULT_PROFILES.map((f) => f.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new UsageError(
      `--faults: unknown fault ${unknown.map((n) => `"${n}"`).join(", ")}; known: ${[...known].join(", ")} ` +
        "(see `vftest sim start --help`)",
    );
  }
  return names;
}

export function parsePositiveInt(flag: string, text: string, max = 64): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > max) {
    throw new UsageError(`${flag} ${text}: expected a whole number between 1 and ${max}`);
  }
  return n;
}

export function faultsHelp(): string {
  const width = Math.max(...FAULT_PROFILES.map((f) => f.name.length));
  return FAULT_PROFILES.map((f) => `  ${f.name.padEnd(width)}  [${f.kind}] ${f.description}`).join("\n");
}

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
    },
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
      command_prefix: "",
      mount_point_base: h.mountPointBase,
    },
  };
}
