// Cleanup expectations wait: Nova may finish confirm/revert cleanup after the API reports the end state (nothing
// orders it before), and Manila removes a rule asynchronously (queued_to_deny -> denying -> gone). So "X must be gone"
// polls until X is gone or compute.cleanup_timeout passes, and fails with the last state seen; only terminal evidence
// (`failed`: a rule in `error`) fails at once.

import { ResourceErrorState, WaitTimeoutError } from "../common/errors.js";
import { waitFor } from "../common/wait-for.js";
import type { TestScope } from "../fixtures/scope.js";

export interface Settle<T> {
  /** What is polled, for the timeout message: "access rule 1234 of share 5678". */
  describe: string;
  /** The state waited for, short: "deleted", "unmounted". */
  target: string;
  probe: () => Promise<T>;
  done: (v: T) => boolean;
  state: (v: T) => string;
  /** Terminal evidence that the state will never be reached. */
  failed?: (v: T) => string | undefined;
}

/** Polls until `s.done`, bounded by compute.cleanup_timeout; on failure throws `${message}; <what was seen>`. */
export async function settle<T>(t: TestScope, s: Settle<T>, message: string): Promise<T> {
  try {
    return await waitFor({
      ...s,
      intervalMs: Math.min(t.config.compute.build_interval, 1) * 1000,
      timeoutMs: t.config.compute.cleanup_timeout * 1000,
    });
  } catch (e) {
    if (e instanceof WaitTimeoutError || e instanceof ResourceErrorState) throw new Error(`${message}; ${e.message}`);
    throw e;
  }
}
