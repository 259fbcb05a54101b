// Act: move the server (cold migrate, to a named host, resize, resize on the same host) and end the move (confirm
// or revert). Each returns the next state of the story; confirm/revert run the caller's checks inside the same
// named step, right after Nova reports the end state, then check the move's versioned notifications (a mark in
// the worker's notification stream is taken before every move request).

import { expect } from "chai";
import { SERVICES_MICROVERSION } from "../clients/microversion.js";
import { accessRules } from "../expect/manila.js";
import { coldMigrate, confirm, type MoveResult, resize as resizeServer, revert } from "../fixtures/moves.js";
import { markNotifications } from "../fixtures/notifications.js";
import { expectInNotifications } from "./expect-in-notifications.js";
import { phase } from "./phase.js";
import type { Ended, Moved, Story } from "./story.js";

function moved(
  story: Story,
  kind: Moved["kind"],
  move: MoveResult,
  since: number | undefined,
  sameHost = false,
): Moved {
  return { ...story, kind, sameHost, move, dest: move.dest, during: new Map(), notificationsSince: since };
}

/** Cold migrate (admin), letting the scheduler pick the destination. */
export async function migrate(story: Story): Promise<Moved> {
  const since = await markNotifications(story.t);
  return moved(story, "migration", await coldMigrate(story.t, story.server, { source: story.src }), since);
}

/** Cold migrate to a named host (2.56+): another up compute host; the server must land there. */
export async function migrateToAnotherHost(story: Story): Promise<Moved> {
  const { t, server, src } = story;
  const target = t.env.caps.upComputeHosts.find((h) => h !== src.host);
  if (!target) return t.skip("no second up compute host to target");
  const since = await markNotifications(t);
  const m = await coldMigrate(t, server, { host: target, source: src });
  expect(m.dest.host, `server ${server.id}: targeted migration to ${target} landed on ${m.dest.host}`).to.equal(target);
  return moved(story, "migration", m, since);
}

/** Resize (member) to compute.flavor_ref_alt. */
export async function resize(story: Story): Promise<Moved> {
  const since = await markNotifications(story.t);
  const m = await resizeServer(story.t, story.server, story.t.config.compute.flavor_ref_alt, story.src);
  return moved(story, "resize", m, since);
}

/**
 * Resize with the source as the only enabled nova-compute, so the scheduler must keep the server where it is
 * (the other compute services are disabled for the test and re-enabled by its cleanup; tag such tests "serial").
 */
export async function resizeOnSameHost(story: Story): Promise<Moved> {
  const { t, src } = story;
  const services = t.env.admin.services.withMicroversion(SERVICES_MICROVERSION);
  const others = (await services.listServices({ binary: "nova-compute" })).filter(
    (s) => s.host !== src.host && s.status === "enabled",
  );
  for (const s of others) {
    await services.updateService(String(s.id), { status: "disabled", disabled_reason: "vftest same-host resize" });
    t.cleanup.defer(`re-enable nova-compute on ${s.host}`, () =>
      services.updateService(String(s.id), { status: "enabled" }),
    );
  }
  const since = await markNotifications(t);
  const m = await resizeServer(t, story.server, t.config.compute.flavor_ref_alt, src);
  return moved(story, "resize", m, since, true);
}

async function endMove(m: Moved, end: Ended["end"], checks: (e: Ended) => Promise<unknown>): Promise<Ended> {
  const { t, server } = m;
  const confirmed = end === "confirm";
  const ended: Ended = {
    ...m,
    end,
    endStatus: m.stopped ? "SHUTOFF" : "ACTIVE",
    finalHost: confirmed ? m.dest.host : m.src.host,
    leftHost: confirmed ? m.src.host : m.dest.host,
    leftInstance: confirmed ? m.src.instanceName : m.dest.instanceName,
    rulesBefore: new Map(),
  };
  await phase(t, m.move.requestId, `${end} and check the outcome`, async () => {
    for (const a of m.items) {
      ended.rulesBefore.set(a.share.id, m.rulesInWindow?.get(a.share.id) ?? (await accessRules(t, a.share)));
    }
    const r = confirmed ? await confirm(t, server, ended.endStatus) : await revert(t, server, ended.endStatus);
    ended.endRequestId = r.requestId;
    ended.endPlacement = r.placement;
    await checks(ended);
  });
  await expectInNotifications.move(ended);
  return ended;
}

/** Confirm the move, then run `checks` (the source's cleanup, the server where it runs) in the same step. */
export function confirmMove(m: Moved, checks: (e: Ended) => Promise<unknown>): Promise<Ended> {
  return endMove(m, "confirm", checks);
}

/** Revert the move, then run `checks` (the destination's cleanup, the server back on the source) in the same step. */
export function revertMove(m: Moved, checks: (e: Ended) => Promise<unknown>): Promise<Ended> {
  return endMove(m, "revert", checks);
}
