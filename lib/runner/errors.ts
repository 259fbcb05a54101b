// Errors the runner raises for a bad request from the user (exit code 2), as opposed to a failing test (1) or a
// bug in vftest (internal error).

import { VftestError } from "../clients/errors.js";

/** Bad usage: an invalid flag value, an unknown file, a shard out of range. The CLI prints the message and exits 2. */
export class UsageError extends VftestError {
  override name = "UsageError";
}
