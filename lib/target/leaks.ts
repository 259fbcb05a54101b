// Leak check for runs against the embedded cloud: the simulator's admin listing of every live resource is taken
// before the suite starts and again after it ended (passed, failed or interrupted). Anything new is a leak.

import { KeystoneAuth } from "../clients/auth.js";
import { SimControlClient, type SimResources } from "../clients/sim-control-client.js";
import { keystoneAuthFor } from "../config/client-options.js";
import type { VftestConfig } from "../config/types.js";

export interface Leak {
  kind: string;
  id: string;
  name?: string;
  project_id?: string;
}

export function simControl(controlUrl: string, config: VftestConfig): SimControlClient {
  return new SimControlClient(controlUrl, new KeystoneAuth(keystoneAuthFor(config, config.auth.admin)));
}

/** Neutron creates a project's "default" security group on first use and owns it; it is not the suite's to delete. */
const neutronOwned = (kind: string, r: { name?: string }) => kind === "security_groups" && r.name === "default";

/** Resources present in `after` but not in `before`, by kind and id. */
export function diffResources(before: SimResources, after: SimResources): Leak[] {
  const seen = new Set(Object.entries(before).flatMap(([kind, rows]) => rows.map((r) => `${kind}/${r.id}`)));
  return Object.entries(after).flatMap(([kind, rows]) =>
    rows
      .filter((r) => !seen.has(`${kind}/${r.id}`) && !neutronOwned(kind, r))
      .map((r) => ({ kind, id: r.id, name: r.name, project_id: r.project_id })),
  );
}
