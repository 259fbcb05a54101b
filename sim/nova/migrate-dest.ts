// _finish_resize's share handling on the destination (virtiofs-cold-migration spec): grant Manila access and mount
// each share before the domain is defined; on a partial failure, the shares already processed are cleaned up
// before re-raising. The wrong-export-on-dest, dest-mounts-previous-export and dest-rule-read-only fault profiles
// live here too.

import type { ComputeHost, FilesystemDevice } from "../contracts.js";
import type { Compute } from "./compute.js";
import { destAccess, fault, recordShareAction } from "./migrate-steps.js";
import type { Instance, ShareMapping } from "./model.js";

/** Grant + mount each share on the destination; a stopped server is only granted (it mounts at power on).
 * On failure, the shares already processed are unmounted and revoked before re-raising (the spec).
 * `stack`: mount again even where the host already has the export (the same-host-double-mount bug). */
export async function prepareSharesOnDest(
  c: Compute,
  inst: Instance,
  dest: ComputeHost,
  mappings: ShareMapping[],
  powerOn: boolean,
  filesystems: FilesystemDevice[],
  opts: { stack?: boolean } = {},
): Promise<void> {
  // finish-fail-keeps-grant / finish-fail-keeps-mount: the same partial failure as error-mid-migration, with a cleanup
  // that forgets the grant / the mount.
  const failMid =
    fault(c, "error-mid-migration") || fault(c, "finish-fail-keeps-grant") || fault(c, "finish-fail-keeps-mount");
  const done: { m: ShareMapping; granted: boolean; mounted: boolean }[] = [];
  try {
    for (const m of mappings) {
      const step = { m, granted: false, mounted: false };
      done.push(step);
      if (!fault(c, "dest-not-granted")) {
        const access = destAccess(c, m, dest);
        const hadAccess = c.shares.hasAccess(m, dest, access);
        // dest-rule-read-only: the destination's rule asks for access_level "ro" (allow() checks the answer
        // carries the level it asked for, so nothing fails here): the host's NFS mount works, its writes do not.
        await c.shares.grant(m, dest, access, fault(c, "dest-rule-read-only") ? "ro" : "rw");
        step.granted = !hadAccess;
        await recordShareAction(c, inst, "attach_share", dest.name);
      }
      if (failMid && done.length === mappings.length) {
        throw new Error(`Simulated failure in _finish_resize while processing share ${m.shareId}.`);
      }
      let sourceDir = dest.mountPathFor(m.exportLocation);
      if (powerOn && !fault(c, "dest-not-mounted")) {
        const readOnly = fault(c, "share-readonly-on-dest");
        const previous = fault(c, "dest-mounts-previous-export") ? mappings[done.length - 2] : undefined;
        try {
          const mounted =
            fault(c, "wrong-export-on-dest") && mappings.length === 1
              ? mountWrongExport(c, inst, m, dest)
              : previous
                ? mountPreviousExport(inst, m, previous, dest)
                : c.shares.mount(m, inst, dest, readOnly || opts.stack ? { readOnly, stack: opts.stack } : undefined);
          if (mounted) sourceDir = mounted;
        } catch (e) {
          m.status = "error";
          throw e;
        }
        step.mounted = true;
      }
      filesystems.push({
        sourceDir,
        tag: m.tag,
        ...(fault(c, "share-readonly-on-dest") ? { readOnly: true } : {}),
      });
    }
    if (fault(c, "wrong-export-on-dest") && filesystems.length > 1) {
      // Every share mounted, but each tag's <filesystem> points at the next share's mount: the guest sees other data.
      const dirs = filesystems.map((f) => f.sourceDir);
      filesystems.forEach((f, i) => {
        f.sourceDir = dirs[(i + 1) % dirs.length]!;
      });
    }
    if (failMid && mappings.length === 0) {
      throw new Error("Simulated failure in _finish_resize.");
    }
  } catch (e) {
    for (const s of done.reverse()) {
      try {
        if (s.mounted && !fault(c, "finish-fail-keeps-mount")) c.shares.umount(s.m, inst, dest);
        if (s.granted && !fault(c, "finish-fail-keeps-grant") && !c.shares.ruleStillNeeded(s.m, inst, dest.name)) {
          c.shares.revoke(s.m, dest, { unrestrict: true }, destAccess(c, s.m, dest));
        }
      } catch (cleanup) {
        c.log(`finish_resize cleanup of share ${s.m.shareId}: ${String(cleanup)}`);
      }
    }
    throw e;
  }
}

/** wrong-export-on-dest: mount another share's export the destination can reach and point the domain at it, so
 * the guest sees other data under the right tag. Without such a share, the right export is mounted but the
 * domain points at an unmounted path (the guest sees an I/O error instead). */
function mountWrongExport(c: Compute, inst: Instance, m: ShareMapping, dest: ComputeHost): string {
  const candidates = c.db.shareMappings.filter((o) => o.exportLocation !== m.exportLocation);
  for (const other of candidates) {
    const reach = c.deps.shares.resolveExport(other.exportLocation, { ip: dest.storageIp, cephxUser: "nova" });
    if ("error" in reach) continue;
    try {
      return dest.mountShare(other.exportLocation, other.shareProto === "CEPHFS" ? "CEPHFS" : "NFS", inst.uuid);
    } catch (e) {
      c.log(`wrong-export-on-dest: could not mount ${other.exportLocation}: ${String(e)}`);
    }
  }
  c.shares.mount(m, inst, dest);
  return `${dest.mountPointBase}/wrong-export-${m.shareId}`;
}

/** dest-mounts-previous-export: the share's own mount path, with the export of the share processed before it (the
 * loop's export variable is set after the mount call): the <filesystem> source is right, the guest sees the other
 * share's data under this tag, and /proc/mounts names the other export at this path. */
function mountPreviousExport(inst: Instance, m: ShareMapping, previous: ShareMapping, dest: ComputeHost): string {
  const proto = previous.shareProto === "CEPHFS" ? "CEPHFS" : "NFS";
  return dest.mountShare(previous.exportLocation, proto, inst.uuid, { at: dest.mountPathFor(m.exportLocation) });
}
