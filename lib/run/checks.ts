// The check recorder: tests record each fact they looked at (a mount in the guest, a Manila access rule, a
// host-side <filesystem>) with its layer and its real outcome, so the run summary can say per host and per layer
// what was checked, what failed, and what could not be checked on this cloud (with the reason). One recorder per
// run object (lib/run/run.ts); the results reporter reads it.

export type CheckLayer = "api" | "guest" | "manila" | "host";

/** `not-checked`: the layer could not be looked at on this cloud (e.g. whitebox disabled); `reason` says why. */
export type CheckOutcome = "ok" | "failed" | "not-checked";

export const CHECK_LAYERS: readonly CheckLayer[] = ["api", "guest", "manila", "host"];

export interface CheckRecord {
  testUuid: string;
  layer: CheckLayer;
  host?: string;
  server?: string;
  share?: string;
  what: string;
  /** True only for outcome "ok" (kept for readers of older results.json). */
  ok: boolean;
  outcome?: CheckOutcome;
  /** Why a check was not made (outcome "not-checked") or how it failed. */
  reason?: string;
  /** A leftover the test's teardown had to remove (Nova left it behind): a leak, reported in leaks.json. */
  leak?: boolean;
}

export class CheckRecorder {
  readonly #records: CheckRecord[] = [];

  record(check: CheckRecord): void {
    this.#records.push({ ...check, outcome: check.outcome ?? (check.ok ? "ok" : "failed") });
  }

  /** A copy of every check recorded so far, in recording order. */
  list(): CheckRecord[] {
    return this.#records.map((c) => ({ ...c }));
  }
}
