// Instance actions and their events (nova/compute/utils.py EventReporter / wrap_instance_event): every compute
// step runs inside `withEvent`, which records "<prefix>_<function>" with its result, as os-instance-actions shows.

import { type ActionEvent, type Instance, type InstanceAction, type NovaDb, naiveNow } from "./model.js";

export interface RequestCtx {
  requestId: string;
  userId: string;
  projectId: string;
}

export function recordAction(db: NovaDb, inst: Instance, action: string, ctx: RequestCtx): InstanceAction {
  const now = naiveNow();
  const a: InstanceAction = {
    action,
    instanceUuid: inst.uuid,
    requestId: ctx.requestId,
    userId: ctx.userId,
    projectId: ctx.projectId,
    startTime: now,
    updatedAt: now,
    message: null,
    events: [],
  };
  db.actions.push(a);
  return a;
}

/** Runs `fn` as event `name` of `action` on `host`; records Success, or Error with the traceback, and rethrows. */
export async function withEvent<T>(
  action: InstanceAction | undefined,
  name: string,
  host: string,
  fn: () => Promise<T>,
): Promise<T> {
  const ev: ActionEvent = {
    event: name,
    startTime: naiveNow(),
    finishTime: null,
    result: null,
    traceback: null,
    host,
    details: null,
  };
  action?.events.push(ev);
  if (action) action.updatedAt = ev.startTime;
  try {
    const r = await fn();
    ev.result = "Success";
    return r;
  } catch (e) {
    ev.result = "Error";
    const err = e instanceof Error ? e : new Error(String(e));
    ev.traceback = `Traceback (most recent call last):\n${err.stack ?? err.message}`;
    ev.details = err.message;
    if (action) action.message = "Error";
    throw e;
  } finally {
    ev.finishTime = naiveNow();
    if (action) action.updatedAt = ev.finishTime;
  }
}
