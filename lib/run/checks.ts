// The check recorder: tests record each fact they looked at (a mount in the guest, a Manila access rule, a
// host-side <filesystem>, a versioned notification) with its layer and its real outcome, so the run summary can say per host and per layer
// what was checked, what failed, and what could not be checked on this cloud (with the reason). One recorder per
// run object (lib/run/run.ts); the results reporter reads it.

export type CheckLayer = "api" | "guest" | "manila" | "host" | "notifications";

/** `not-checked`: the layer could not be looked at on this cloud (e.g. whitebox disabled); `reason` says why. */
export type CheckOutcome = "ok" | "failed" | "not-checked";

export const CHECK_LAYERS: readonly CheckLayer[] = ["api", "guest", "manila", "host", "notifications"];

/**
 * Where in the move a check was made: the same fact ("share mounted on host A") is expected to flip between
 * phases, so reports show the phase next to every outcome. The moves fixture advances it when Nova reports
 * VERIFY_RESIZE and the end state of a confirm or revert.
 */
export type CheckPhase = "before move" | "VERIFY_RESIZE window" | "after confirm" | "after revert";

export const CHECK_PHASES: readonly CheckPhase[] = [
  "before move",
  "VERIFY_RESIZE window",
  "after confirm",
  "after revert",
];

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
  /** The phase of the move the check was made in (absent in results.json written before phases existed). */
  phase?: CheckPhase;
  /** When the check was recorded (ISO 8601), for the timeline. */
  at?: string;
  /** A leftover the test's teardown had to remove (Nova left it behind): a leak, reported in leaks.json. */
  leak?: boolean;
}

export class CheckRecorder {
  readonly #records: CheckRecord[] = [];

  record(check: CheckRecord): void {
    this.#records.push({
      ...check,
      outcome: check.outcome ?? (check.ok ? "ok" : "failed"),
      at: check.at ?? new Date().toISOString(),
    });
  }

  /** A copy of every check recorded so far, in recording order. */
  list(): CheckRecord[] {
    return this.#records.map((c) => ({ ...c }));
  }
}
