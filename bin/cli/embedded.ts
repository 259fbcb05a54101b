// The embedded cloud's side of the CLI: the flags that only apply to it (release, faults, guests), checked against
// what sim/ offers, and starting it. Turning the running cloud into a run target is lib/target's job.

import { UsageError } from "../../lib/runner/errors.js";
import {
  type CloudHandle,
  type EmbeddedCloudOptions,
  type GuestKind,
  RELEASES,
  type Release,
} from "../../lib/target/embedded.js";
import { FAULT_PROFILES } from "../../sim/faults.js";
import { findQemuArtifacts } from "../../sim/guests-qemu/artifacts.js";
import { simApi } from "./deps.js";

export {
  type CloudHandle,
  type EmbeddedCloudOptions,
  GUEST_KINDS,
  type GuestKind,
  overridesFor,
  parseShareProtocol,
  QEMU_WAITS,
  RELEASES,
  type Release,
} from "../../lib/target/embedded.js";

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

/** Starts the embedded cloud with the chosen guests; call checkGuestKind first, before anything else starts. */
export async function startEmbeddedCloud(opts: EmbeddedCloudOptions): Promise<CloudHandle> {
  const start: (o: EmbeddedCloudOptions) => Promise<CloudHandle> = (await simApi()).startCloud;
  return start(opts);
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
