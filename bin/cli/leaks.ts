// Leak check for runs against the embedded cloud: the simulator's admin listing of every live resource is taken
// before the suite starts and again after it ended (passed, failed or interrupted). Anything new is a leak: the
// run fails and leaks.json names each resource.

import fs from "node:fs";
import path from "node:path";
import { KeystoneAuth } from "../../lib/clients/auth.js";
import { SimControlClient, type SimResources } from "../../lib/clients/sim-control-client.js";
import { keystoneAuthFor } from "../../lib/config/client-options.js";
import type { VftestConfig } from "../../lib/config/types.js";

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

export function reportLeaks(leaks: Leak[], runDir: string, err: (s: string) => void): void {
  fs.writeFileSync(path.join(runDir, "leaks.json"), `${JSON.stringify(leaks, null, 2)}\n`);
  if (leaks.length === 0) {
    err("vftest: leak check: the embedded cloud holds nothing the run created\n");
    return;
  }
  err(`vftest: LEAK: ${leaks.length} resource(s) the run created are still there:\n`);
  for (const l of leaks)
    err(`  ${l.kind} ${l.id}${l.name ? ` (${l.name})` : ""}${l.project_id ? ` project ${l.project_id}` : ""}\n`);
}
