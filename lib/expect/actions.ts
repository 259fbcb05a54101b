// Instance actions (os-instance-actions) a move leaves: the end action's compute events finish with "Success" — they
// may still be running when the API already reports the end state (Nova records the event when the compute method
// returns, after its cleanup), so this waits (cleanup_timeout) and fails at once on "Error" — and the move records
// no attach_share/detach_share action (the spec's helpers are not the share RPCs). The events check reads the action
// by the request id of the call that started it (Nova records the action under the API request's id, which the
// call's x-openstack-request-id returns): one show, and no action under it fails the check; without that id it finds
// the latest action of that name in a listing of the server's actions. Both take an optional listing read after the
// end state, so they can share it.

import { expect } from "chai";
import type { InstanceAction } from "../clients/compute/instance-actions-client.js";
import { isNotFound } from "../clients/errors.js";
import type { TestScope } from "../fixtures/scope.js";
import type { ServerFixture } from "../fixtures/types.js";
import { check } from "./check.js";
import { settle } from "./settle.js";

/** The compute events a cold migration/resize, confirm and revert record, by action name. */
export const MOVE_EVENTS: Readonly<Record<string, readonly string[]>> = {
  migrate: ["compute_prep_resize", "compute_resize_instance", "compute_finish_resize"],
  resize: ["compute_prep_resize", "compute_resize_instance", "compute_finish_resize"],
  confirmResize: ["compute_confirm_resize"],
  revertResize: ["compute_revert_resize", "compute_finish_revert_resize"],
};

/** Which action: the one Nova recorded for `requestId`, else the latest of its name in `listed` (read if absent). */
export interface ActionRef {
  requestId?: string;
  listed?: InstanceAction[];
}

async function latestOf(t: TestScope, server: ServerFixture, action: string, listed?: InstanceAction[]) {
  const actions = listed ?? (await t.env.admin.instanceActions.listInstanceActions(server.id));
  const a = actions.find((x) => x.action === action);
  expect(a, `server ${server.id}: no instance action ${action} (actions: ${actions.map((x) => x.action)})`).to.exist;
  return a!.request_id;
}

/**
 * The action to follow and its first read. By the call's request id: one show. Nova records the action under the
 * request id its API returns (x-openstack-request-id), so a 404 there fails the check: the action was not recorded,
 * or the id the call returned is not Nova's (a proxy rewriting the header: then no request id in a report leads to
 * Nova's logs). The message says which, from the server's actions.
 */
async function firstRead(t: TestScope, server: ServerFixture, action: string, ref: ActionRef) {
  const actions = t.env.admin.instanceActions;
  if (!ref.requestId) return { requestId: await latestOf(t, server, action, ref.listed), shown: undefined };
  try {
    return { requestId: ref.requestId, shown: await actions.showInstanceAction(server.id, ref.requestId) };
  } catch (e) {
    if (!isNotFound(e)) throw e;
    const listed = ref.listed ?? (await actions.listInstanceActions(server.id));
    const same = listed.find((x) => x.action === action);
    throw new Error(
      `server ${server.id}: no instance action under the ${action} call's request id ${ref.requestId}; ` +
        (same
          ? `Nova recorded ${action} under ${same.request_id}: the request id the API returned is not the one Nova used (a proxy rewriting x-openstack-request-id?)`
          : `actions recorded: ${listed.map((x) => `${x.action} (${x.request_id})`).join(", ") || "none"}`),
    );
  }
}

/** The `action` of the server (see ActionRef) has every event in `events` finished with "Success". */
export async function expectActionEvents(
  t: TestScope,
  server: ServerFixture,
  action: string,
  events: readonly string[],
  ref: ActionRef = {},
): Promise<void> {
  const what = `instance action ${action}: ${events.join(", ")} Success`;
  await check(t, "api", what, { server: server.id }, async () => {
    const first = await firstRead(t, server, action, ref);
    const { requestId } = first;
    let shown = first.shown;
    await settle(
      t,
      {
        describe: `events of instance action ${action} (${requestId}) of server ${server.id}`,
        target: events.map((e) => `${e}:Success`).join(","),
        probe: async () => {
          const a = shown ?? (await t.env.admin.instanceActions.showInstanceAction(server.id, requestId));
          shown = undefined;
          expect(
            a.action,
            `server ${server.id}: request ${requestId} recorded action ${a.action}, not ${action}`,
          ).to.equal(action);
          return a.events ?? [];
        },
        state: (ev) => ev.map((e) => `${e.event}:${e.result ?? "running"}`).join(",") || "no events",
        done: (ev) => events.every((name) => ev.some((e) => e.event === name && e.result === "Success")),
        failed: (ev) => {
          const bad = ev.filter((e) => events.includes(e.event) && e.result === "Error");
          return bad.length ? `event ${bad.map((e) => e.event).join(", ")} ended in Error` : undefined;
        },
      },
      `events of instance action ${action} (${requestId}) of server ${server.id}: expected ${events.join(", ")} to succeed`,
    );
  });
}

/** Since (and including) the move's action, the server records no attach_share or detach_share action. */
export async function expectNoShareActionsDuringMove(
  t: TestScope,
  server: ServerFixture,
  moveRequestId: string | undefined,
  listed?: InstanceAction[],
): Promise<void> {
  await check(t, "api", "no attach_share/detach_share action during the move", { server: server.id }, async () => {
    const actions = listed ?? (await t.env.admin.instanceActions.listInstanceActions(server.id));
    const byTime = [...actions].sort((a, b) =>
      a.start_time < b.start_time ? -1 : a.start_time > b.start_time ? 1 : 0,
    );
    // The move's own action (by its request id); without one, the last migrate/resize (a server may have been moved
    // before, e.g. placed on a host for a host-pair test, and had its shares attached after that earlier move).
    const byRequest = moveRequestId ? byTime.findIndex((a) => a.request_id === moveRequestId) : -1;
    const moves = byTime
      .map((a, i) => (a.action === "migrate" || a.action === "resize" ? i : -1))
      .filter((i) => i >= 0);
    const start = byRequest >= 0 ? byRequest : (moves.at(-1) ?? -1);
    const during = start < 0 ? [] : byTime.slice(start).filter((a) => /^(attach|detach)_share$/.test(a.action));
    expect(
      during.map((a) => `${a.action} (${a.request_id})`),
      `server ${server.id}: the move recorded share attach/detach actions; the spec's grant/revoke helpers must not go through the share RPCs`,
    ).to.deep.equal([]);
  });
}
