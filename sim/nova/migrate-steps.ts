// Small helpers every step of a cold migration uses: the fault switch, the per-step latency and the migration
// record's status (with its updated_at).

import type { Compute } from "./compute.js";
import { type Migration, naiveNow } from "./model.js";

export function fault(c: Compute, name: string): boolean {
  return c.deps.faults.active(name);
}

/** Waits the latency of `migrate.<step>`. */
export function delay(c: Compute, step: string): Promise<void> {
  return c.deps.timing.delay(`migrate.${step}`);
}

export function setMigration(mig: Migration, status: Migration["status"]): void {
  mig.status = status;
  mig.updatedAt = naiveNow();
}
