// Which cloud a run talks to, and opening it: a real cloud named by --config/--os-cloud/VFTEST_CONFIG/OS_CLOUD/
// OS_AUTH_URL (its config loaded as is), or else the embedded cloud, started through the function the caller
// passes (lib/ never imports sim/) and turned into config overrides. A cloud started here is stopped again when
// its config does not load.

import type { VftestConfig } from "../config/types.js";
import { UsageError } from "../runner/errors.js";
import {
  type CloudHandle,
  type ConfigOverrides,
  type EmbeddedCloudOptions,
  type GuestKind,
  notificationOverrides,
  overridesFor,
  type Release,
  type ShareProtocol,
  simTiming,
  withStepTimeout,
} from "./embedded.js";

export interface Target {
  config: VftestConfig;
  /** The embedded cloud this process started (stop it when done); undefined for a real cloud. */
  cloud?: CloudHandle;
  kind: "embedded" | "cloud";
}

/** Which input (flag or variable) names a real cloud, or undefined for the embedded cloud. */
export function realCloudSource(
  flags: { config?: string; osCloud?: string },
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (flags.config) return "--config";
  if (flags.osCloud) return "--os-cloud";
  for (const name of ["VFTEST_CONFIG", "OS_CLOUD", "OS_AUTH_URL"]) if (env[name]) return name;
  return undefined;
}

export interface OpenTargetOptions {
  /** What names a real cloud (realCloudSource); undefined starts the embedded cloud. */
  real?: string;
  cloud: { config?: string; osCloud?: string; osCloudAdmin?: string };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** --share-protocol: the protocol of the shares the suite creates (the embedded cloud is started for it). */
  shareProtocol?: ShareProtocol;
  embedded: {
    release: Release;
    hosts: number;
    faults: string[];
    guest: GuestKind;
    /** More than one worker: dynamic credentials, one account per worker. */
    workers: number;
    allowResizeToSameHost: boolean;
    withoutWhitebox: boolean;
    /** The broker the cloud publishes notifications to and the suite listens on; undefined: none. */
    notificationsUrl?: string;
    log: (line: string) => void;
    start: (opts: EmbeddedCloudOptions) => Promise<CloudHandle>;
  };
}

export async function openTarget(o: OpenTargetOptions): Promise<Target> {
  const { loadConfig } = await import("../config/index.js");
  const base = { env: o.env, cwd: o.cwd };
  if (o.real) {
    const { config: configFile, osCloud, osCloudAdmin } = o.cloud;
    const overrides: ConfigOverrides = o.shareProtocol ? { share: { protocol: o.shareProtocol } } : {};
    return { config: loadConfig({ ...base, configFile, osCloud, osCloudAdmin, overrides }), kind: "cloud" };
  }
  const e = o.embedded;
  const cloud = await e.start({
    release: e.release,
    hosts: e.hosts,
    faults: e.faults,
    guest: e.guest,
    log: e.log,
    timing: simTiming(o.env),
    allowResizeToSameHost: e.allowResizeToSameHost,
    ...(e.notificationsUrl ? { notifications: { url: e.notificationsUrl } } : {}),
    ...(o.shareProtocol ? { shareProtocol: o.shareProtocol } : {}),
  });
  try {
    const overrides: ConfigOverrides = withStepTimeout(
      o.env,
      overridesFor(cloud, {
        release: e.release,
        hosts: e.hosts,
        withCredentials: true,
        dynamicCredentials: e.workers > 1,
        guest: e.guest,
      }),
    );
    if (e.withoutWhitebox) overrides.whitebox = { ...overrides.whitebox, enabled: false };
    if (e.allowResizeToSameHost) overrides.compute = { ...overrides.compute, allow_resize_to_same_host: true };
    if (e.notificationsUrl) Object.assign(overrides, notificationOverrides(e.notificationsUrl));
    return { config: loadConfig({ ...base, overrides }), cloud, kind: "embedded" };
  } catch (err) {
    await cloud.stop();
    throw err;
  }
}

/** Parallel workers each need their own account: dynamic credentials (admin creates them) or an accounts file. */
export function checkWorkerCredentials(config: VftestConfig, workers: number): void {
  const auth = config.auth;
  if (auth.use_dynamic_credentials || auth.test_accounts_file) return;
  throw new UsageError(
    `--parallel ${workers} needs one account per worker: set auth.use_dynamic_credentials: true (with admin ` +
      `credentials) or auth.test_accounts_file to a Tempest accounts.yaml with at least ${workers} accounts`,
  );
}

export function describeTarget(
  t: Target,
  o: { release: string; hosts: number; faults: string[]; guest: GuestKind },
): string {
  if (!t.cloud) return `the cloud at ${t.config.auth.auth_url}`;
  const f = o.faults.length ? `, faults: ${o.faults.join(",")}` : "";
  const g = o.guest === "qemu" ? ", QEMU guests" : "";
  return `the embedded cloud ${t.cloud.url} (release ${o.release}, ${o.hosts} hosts${g}${f})`;
}
