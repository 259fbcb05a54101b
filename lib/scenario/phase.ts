// A named step after the move: when it fails, the message also says which step it was and the request id of the
// move, so a vendor can find the operation in Nova's logs without reading vftest's code.

import type { TestScope } from "../fixtures/scope.js";
import { isPending } from "../run/outcomes.js";
import type { Moved } from "./story.js";

/** chai appends ": expected X to equal Y" to our messages, which already say what was expected and seen. */
export function tidy(e: Error): string {
  if (e.name !== "AssertionError") return e.message;
  const i = e.message.lastIndexOf(": expected ");
  return i > 0 ? e.message.slice(0, i) : e.message;
}

/** Errors whose message already names their step. */
const named = new WeakSet<Error>();

export async function phase<T>(
  t: TestScope,
  requestId: string | undefined,
  name: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await t.step(name, fn);
  } catch (e) {
    // A step inside another (the guest's check inside the window's) names the innermost one and the move once.
    if (e instanceof Error && !isPending(e) && !named.has(e)) {
      e.message = `${tidy(e)} [step: ${name}${requestId ? `; move request-id ${requestId}` : ""}]`;
      named.add(e);
    }
    throw e;
  }
}

/** The checks made while the server waits in VERIFY_RESIZE on the destination. */
export async function duringWindow(m: Moved, checks: () => Promise<unknown>): Promise<void> {
  await phase(m.t, m.move.requestId, `check the VERIFY_RESIZE window on ${m.dest.host}`, checks);
}
