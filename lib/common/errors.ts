// Errors raised by the common layer (waiters, cleanup, credentials). All derive from VftestError, so the runner
// prints them as a message (the cloud or the suite said no, with a reason), not as a vftest bug.

import { VftestError } from "../clients/errors.js";
import { formatDuration } from "./log.js";

export interface WaitContext {
  /** What was waited for: "server 1c6f... status", "share mapping of share 9a1e... on server 1c6f...". */
  what: string;
  /** The target state, as a short string: "VERIFY_RESIZE/None", "active", "deleted". */
  target: string;
  /** The last state seen ("(none)" when no probe returned). */
  lastState: string;
  elapsedMs: number;
  /** The request id of the API call that started the transition. */
  requestId?: string;
  /** The last object the probe returned, for diagnostics (already free of secrets). */
  lastValue?: unknown;
}

function ridSuffix(requestId?: string): string {
  return requestId ? ` (request-id ${requestId})` : "";
}

/** The resource did not reach its target state within the timeout. */
export class WaitTimeoutError extends VftestError {
  override name = "WaitTimeoutError";
  readonly context: WaitContext;
  constructor(c: WaitContext, timeoutMs: number) {
    super(
      `timed out after ${formatDuration(c.elapsedMs)} waiting for ${c.what} to become "${c.target}" ` +
        `(timeout ${formatDuration(timeoutMs)}); last state seen: "${c.lastState}"${ridSuffix(c.requestId)}`,
    );
    this.context = c;
  }
}

/** The resource reached an error state while we waited (fail fast): the reason carries the cloud's fault. */
export class ResourceErrorState extends VftestError {
  override name = "ResourceErrorState";
  readonly context: WaitContext;
  readonly reason: string;
  constructor(c: WaitContext, reason: string) {
    super(
      `${c.what} went to "${c.lastState}" while waiting for "${c.target}" after ${formatDuration(c.elapsedMs)}: ` +
        `${reason}${ridSuffix(c.requestId)}`,
    );
    this.context = c;
    this.reason = reason;
  }
}

/** waitFor was aborted through its AbortSignal (e.g. the run is being interrupted). */
export class WaitAbortedError extends VftestError {
  override name = "WaitAbortedError";
}

export interface CleanupFailure {
  label: string;
  error: unknown;
}

/** One or more cleanup steps failed; every step was still attempted. */
export class CleanupError extends VftestError {
  override name = "CleanupError";
  readonly failures: CleanupFailure[];
  constructor(stackName: string, failures: CleanupFailure[]) {
    const lines = failures.map(
      (f) => `  - ${f.label}: ${f.error instanceof Error ? `${f.error.name}: ${f.error.message}` : String(f.error)}`,
    );
    super(
      `cleanup of ${stackName}: ${failures.length} step(s) failed (resources may have leaked):\n${lines.join("\n")}`,
    );
    this.failures = failures;
  }
}

/** Test credentials could not be provided (bad accounts file, too few accounts, identity errors). */
export class CredentialsError extends VftestError {
  override name = "CredentialsError";
}
