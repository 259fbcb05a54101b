// An embedded cloud opened as a run target through lib/target, for the tests of lib/preflight, lib/target and the
// leftover finder: the same path `vftest run` takes, with fast simulated steps.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { VftestConfig } from "../../../lib/config/types.js";
import type { CloudHandle, EmbeddedCloudOptions } from "../../../lib/target/embedded.js";
import { openTarget, type Target } from "../../../lib/target/open.js";
import { startCloud } from "../../../sim/index.js";

export const start = (o: EmbeddedCloudOptions): Promise<CloudHandle> => startCloud(o);

export async function openEmbedded(
  o: { workers?: number; withoutWhitebox?: boolean; hosts?: number; faults?: string[] } = {},
): Promise<Target> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-target-"));
  return openTarget({
    cloud: {},
    env: { HOME: cwd, VFTEST_SIM_STEP_MS: "2" },
    cwd,
    embedded: {
      release: "2026.2",
      hosts: o.hosts ?? 2,
      faults: o.faults ?? [],
      guest: "emulated",
      workers: o.workers ?? 1,
      allowResizeToSameHost: false,
      withoutWhitebox: o.withoutWhitebox ?? false,
      log: () => {},
      start,
    },
  });
}

/** A copy of the target's config to break on purpose. */
export const copyOf = (config: VftestConfig): VftestConfig => structuredClone(config);
