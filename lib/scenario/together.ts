// Checks of one phase that do not depend on each other (API, Manila, hosts, the guest where order does not
// matter), run at once: `await together(expectOnApi.window(m), expectInManila.window(m), expectOnHost.window(m))`.
// Each check still records itself (lib/expect/check.ts); all are awaited, and every failure is reported, not only
// the first: one failure is rethrown as it is, several as one error listing each message.

import { isCheckFailure, isPending } from "../run/outcomes.js";
import { tidy } from "./phase.js";

const messageOf = (e: unknown) => (e instanceof Error ? tidy(e) : String(e));

/** Awaits every check; resolves with their results in order, or fails with every failure (see above). */
export async function together<T extends unknown[]>(...checks: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(checks);
  const failures = settled.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  if (failures.length === 0) return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as T;
  const real = failures.filter((e) => !isPending(e));
  if (real.length <= 1) throw real[0] ?? failures[0];
  const list = real.map((e, i) => `  ${i + 1}. ${messageOf(e)}`).join("\n");
  // A bug in vftest stays what it is (Allure: broken), carrying the other failures in its message.
  const bug = real.find((e) => !isCheckFailure(e));
  if (bug instanceof Error) {
    bug.message = `${bug.message}\n(every failure of this phase:\n${list})`;
    throw bug;
  }
  throw new Error(`${real.length} checks of this phase failed:\n${list}`);
}
