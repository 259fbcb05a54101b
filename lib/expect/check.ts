// A check with its real outcome: `check(t, layer, what, where, fn)` runs an expectation and records it as ok, or as
// failed (with the first line of the failure) before rethrowing, so the run summary's per-host and per-layer rows
// show FAILED where it failed, not only the checks that passed.

import type { CheckPlace, TestScope } from "../fixtures/scope.js";
import type { CheckLayer } from "../run/checks.js";
import { isPending } from "../run/outcomes.js";

export async function check<T>(
  t: TestScope,
  layer: CheckLayer,
  what: string,
  where: CheckPlace,
  fn: () => Promise<T>,
  opts: { recordOk?: boolean } = {},
): Promise<T> {
  try {
    const r = await fn();
    if (opts.recordOk !== false) t.checked(layer, what, where);
    return r;
  } catch (e) {
    if (e instanceof Error && !isPending(e)) {
      const reason = e.message.split("\n")[0] ?? e.message;
      t.run.checks.record({ testUuid: t.uuid, layer, what, ok: false, outcome: "failed", reason, ...where });
    }
    throw e;
  }
}
