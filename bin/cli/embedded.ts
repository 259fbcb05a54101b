// The embedded cloud as a run target: when the user names no cloud, `vftest run` starts the simulator in-process
// and points the config at it. This file knows which CLI inputs mean "a real cloud", checks the simulator-only
// flags, and turns a CloudHandle into config overrides.

import { UsageError } from "../../lib/runner/errors.js";
import { FAULT_PROFILES } from "../../sim/faults.js";
import type { CloudHandle, ConfigOverrides } from "./deps.js";

export const RELEASES = ["2026.1", "2026.2"] as const;
export type Release = (typeof RELEASES)[number];

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

/** Everything the suite needs to know about the embedded cloud, as config overrides. */
export function overridesFor(
  h: CloudHandle,
  opts: { release: Release; hosts: number; withCredentials: boolean; dynamicCredentials: boolean },
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
      // The simulator's steps take tens of milliseconds: poll often so a run takes seconds, not minutes.
      build_interval: 0.05,
      build_timeout: 20,
    },
    validation: {
      connect_method: "fixed",
      network: h.networkName,
      ssh_user: h.guestSshUser,
      ssh_port: h.guestSshPort,
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
