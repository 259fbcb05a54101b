// Host-layer (whitebox) expectations over SSH to the compute hosts: the share mounted at
// <mount_point_base>/<md5(export)>, and the domain's virtiofs <filesystem> devices. Without host SSH
// (whitebox.enabled false) hostLayer() records the check as not made, with the reason, instead of dropping it.

import { createHash } from "node:crypto";
import { expect } from "chai";
import { type HostLook, openHost } from "../fixtures/host.js";
import type { TestScope } from "../fixtures/scope.js";
import type { ShareFixture } from "../fixtures/types.js";
import { check } from "./check.js";
import { settle } from "./settle.js";

/** Why the host layer is not checked on this cloud, or undefined when it is. */
export function hostLayerUnavailable(t: TestScope): string | undefined {
  return t.config.whitebox.enabled
    ? undefined
    : "whitebox disabled: vftest has no SSH access to the compute hosts (whitebox.enabled is false)";
}

/** True when the host layer can be checked; otherwise records `what` as not checked, with the reason. */
export function hostLayer(t: TestScope, what: string, where: { host?: string; server?: string } = {}): boolean {
  const reason = hostLayerUnavailable(t);
  if (reason) t.notChecked("host", what, reason, where);
  return reason === undefined;
}

export function mountPathFor(t: TestScope, exportLocation: string): string {
  return `${t.config.whitebox.mount_point_base}/${createHash("md5").update(exportLocation).digest("hex")}`;
}

/**
 * What a phase reads from one host: /proc/mounts and the <filesystem>s of the phase's domains, from one exec made
 * when the phase's first check of that host runs. The checks of the phase judge the latest read (taken within the
 * same few milliseconds they would each have read it); a check waiting for cleanup reads afresh on every retry, and
 * that read becomes the latest, so a later check starts from the state the wait ended on.
 */
export class HostReading {
  private latest?: Promise<HostLook>;
  private readonly instances: Set<string>;

  constructor(
    private readonly t: TestScope,
    readonly host: string,
    instanceNames: readonly string[] = [],
  ) {
    this.instances = new Set(instanceNames);
  }

  /** The latest read (made now when there is none, or when it lacks `instanceName`). */
  current(instanceName?: string): Promise<HostLook> {
    if (instanceName !== undefined && !this.instances.has(instanceName)) {
      this.instances.add(instanceName);
      return this.refresh();
    }
    return this.latest ?? this.refresh();
  }

  /** A new read, which becomes the latest. */
  refresh(): Promise<HostLook> {
    const p = openHost(this.t, this.host).look([...this.instances]);
    this.latest = p;
    p.catch(() => {
      if (this.latest === p) this.latest = undefined;
    });
    return p;
  }
}

/** First probe: the phase's latest read; every retry: a fresh one. */
function probeOf<T>(r: HostReading, pick: (l: HostLook) => T, instanceName?: string): () => Promise<T> {
  let first = true;
  return async () => {
    const look = first ? await r.current(instanceName) : await r.refresh();
    first = false;
    return pick(look);
  };
}

const readingOf = (t: TestScope, h: string | HostReading) => (typeof h === "string" ? new HostReading(t, h) : h);

/**
 * The host has the share mounted exactly once at `<mount_point_base>/<md5(export)>` (a second, stacked mount is a
 * double grant/mount), or — after the server left — no longer has it: that waits (cleanup_timeout), since Nova may
 * unmount after the API reports the end state.
 */
export async function expectHostMount(
  t: TestScope,
  host: string | HostReading,
  share: ShareFixture,
  present: boolean,
  why: string,
): Promise<void> {
  const reading = readingOf(t, host);
  const hostName = reading.host;
  const path = mountPathFor(t, share.exportLocation);
  const at = probeOf(reading, (l) => l.mounts.filter((m) => m.target === path));
  const where = { host: hostName, share: share.id };
  await check(t, "host", `share ${present ? "mounted once" : "not mounted"} at ${path}`, where, async () => {
    if (present) {
      const lines = await at();
      expect(lines[0], `host ${hostName} does not have share ${share.id} mounted at ${path} (${why})`).to.exist;
      expect(
        lines.length,
        `host ${hostName} has share ${share.id} mounted ${lines.length} times at ${path}, expected once (${why})`,
      ).to.equal(1);
      expect(
        lines[0]!.source,
        `host ${hostName} mounts ${lines[0]!.source} at ${path}, expected the export ${share.exportLocation}`,
      ).to.equal(share.exportLocation);
    } else {
      await settle(
        t,
        {
          describe: `the mount of share ${share.id} at ${path} on ${hostName}`,
          target: "unmounted",
          probe: at,
          state: (l) => (l.length ? `mounted (${l.length})` : "unmounted"),
          done: (l) => l.length === 0,
        },
        `host ${hostName} still has share ${share.id} mounted at ${path} after the server left it (${why})`,
      );
    }
  });
}

/** The domain on `hostName` has (or has not) a virtiofs <filesystem> for each tag, sourced from the mount path. */
export async function expectDomainFilesystems(
  t: TestScope,
  host: string | HostReading,
  instanceName: string,
  items: { tag: string; share: ShareFixture }[],
  present: boolean,
): Promise<void> {
  const reading = readingOf(t, host);
  const hostName = reading.host;
  const what = `<filesystem> ${items.map((x) => x.tag).join(", ")} ${present ? "present" : "absent"} in ${instanceName}`;
  const shareIds = items.map((x) => x.share.id).join(",");
  await check(t, "host", what, { host: hostName, share: shareIds }, async () => {
    const read = probeOf(reading, (l) => l.domains.get(instanceName), instanceName);
    const tags = items.map((i) => i.tag);
    // Leaving a host: the domain (or its <filesystem>s) may go after the API reports the end state.
    const fss = present
      ? await read()
      : await settle(
          t,
          {
            describe: `domain ${instanceName} on ${hostName}`,
            target: "no share <filesystem>",
            probe: read,
            state: (f) => (f ? `<filesystem> ${f.map((x) => x.tag).join(",") || "none"}` : "no domain"),
            done: (f) => !f?.some((x) => x.tag !== undefined && tags.includes(x.tag)),
          },
          `host ${hostName} still exposes share tag ${tags.join(", ")} in domain ${instanceName}`,
        );
    for (const { tag, share } of items) {
      const fs = fss?.find((f) => f.tag === tag);
      if (present) {
        expect(fss, `host ${hostName} has no domain ${instanceName}`).to.exist;
        expect(fs, `domain ${instanceName} on host ${hostName} has no <filesystem> with target ${tag}`).to.exist;
        expect(
          fs!.driver,
          `domain ${instanceName} on ${hostName}: <filesystem> ${tag} driver is ${fs!.driver}, expected virtiofs`,
        ).to.equal("virtiofs");
        expect(
          fs!.sourceDir,
          `domain ${instanceName} on ${hostName}: <filesystem> ${tag} source is ${fs!.sourceDir}, expected ${mountPathFor(t, share.exportLocation)} (mount path mismatch)`,
        ).to.equal(mountPathFor(t, share.exportLocation));
      } else {
        expect(fs, `host ${hostName} still exposes share tag ${tag} in domain ${instanceName}`).to.not.exist;
      }
    }
  });
}
