// What a thrown value means for a test's outcome, in one place: mocha's skip (not a failure), the cloud failing a
// check (Allure "failed"), or a bug in vftest itself (Allure "broken").

import { VftestError } from "../clients/errors.js";

/** mocha's skip() throws a Pending (PendingError in mocha 12): not a failure, no diagnostics. */
export function isPending(e: unknown): boolean {
  return e instanceof Error && /^Pending(Error)?$/.test(e.constructor.name);
}

/**
 * A VftestError (HTTP error, timeout, ERROR state, SSH command, leaked resource), a chai AssertionError, or a plain
 * Error that an expectation threw on purpose: the cloud failing a check. Anything else (TypeError, ReferenceError,
 * …) is a bug in vftest.
 */
export function isCheckFailure(e: unknown): e is Error {
  return e instanceof VftestError || (e instanceof Error && (e.name === "AssertionError" || e.constructor === Error));
}
