// Host-layer (whitebox) expectations over SSH to the compute hosts: the share mounted at
// <mount_point_base>/<md5(export)>, and the domain's virtiofs <filesystem> devices. Without host SSH
// (whitebox.enabled false) hostLayer() records the check as not made, with the reason, instead of dropping it.

import { createHash } from "node:crypto";
import { expect } from "chai";
import { openHost } from "../fixtures/host.js";
import type { TestScope } from "../fixtures/scope.js";
import type { ShareFixture } from "../fixtures/types.js";

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

/** The host has (or no longer has) the share mounted at `<mount_point_base>/<md5(export)>`. */
export async function expectHostMount(
  t: TestScope,
  hostName: string,
  share: ShareFixture,
  present: boolean,
  why: string,
): Promise<void> {
  const path = mountPathFor(t, share.exportLocation);
  const mounts = await openHost(t, hostName).mounts();
  const line = mounts.find((m) => m.target === path);
  if (present) {
    expect(line, `host ${hostName} does not have share ${share.id} mounted at ${path} (${why})`).to.exist;
    expect(
      line!.source,
      `host ${hostName} mounts ${line!.source} at ${path}, expected the export ${share.exportLocation}`,
    ).to.equal(share.exportLocation);
  } else {
    expect(line, `host ${hostName} still has share ${share.id} mounted at ${path} after the server left it (${why})`).to
      .not.exist;
  }
  t.checked("host", `share ${present ? "mounted" : "not mounted"} at ${path}`, { host: hostName, share: share.id });
}

/** The domain on `hostName` has (or has not) a virtiofs <filesystem> for each tag, sourced from the mount path. */
export async function expectDomainFilesystems(
  t: TestScope,
  hostName: string,
  instanceName: string,
  items: { tag: string; share: ShareFixture }[],
  present: boolean,
): Promise<void> {
  const fss = await openHost(t, hostName).filesystems(instanceName);
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
    t.checked("host", `<filesystem> ${tag} ${present ? "present" : "absent"} in ${instanceName}`, {
      host: hostName,
      share: share.id,
    });
  }
}
