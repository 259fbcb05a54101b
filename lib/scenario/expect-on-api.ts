// What the compute API must say at each point of a move: status, host and power state, the migration record,
// the share mappings, and (resize) the flavor. Where the server is comes from the waiter's poll that saw the state
// checked (the move's VERIFY_RESIZE, the end's ACTIVE/SHUTOFF; admin view): nothing was done to the server since.

import { expect } from "chai";
import { expectActionEvents, expectNoShareActionsDuringMove, MOVE_EVENTS } from "../expect/actions.js";
import { expectMappings, expectPlacement } from "../expect/api.js";
import type { Placement } from "../fixtures/moves.js";
import { type Ended, type Moved, mappingStatus } from "./story.js";
import { together } from "./together.js";

const SHUTDOWN = 4;

/** During VERIFY_RESIZE: on the destination (or still on the source for a same-host resize), the migration record. */
async function window(m: Moved): Promise<void> {
  const { t, server, src, dest } = m;
  await expectPlacement(
    t,
    server,
    {
      status: "VERIFY_RESIZE",
      ...(m.sameHost ? { host: src.host } : { notHost: src.host }),
      ...(m.stopped ? { powerState: SHUTDOWN } : {}),
    },
    dest,
  );
  const r = m.move.migration;
  const id = r.uuid ?? r.id;
  expect(r.source_compute, `migration ${id}: source_compute ${r.source_compute}, expected ${src.host}`).to.equal(
    src.host,
  );
  expect(r.dest_compute, `migration ${id}: dest_compute ${r.dest_compute}, expected ${dest.host}`).to.equal(dest.host);
  expect(r.migration_type, `migration ${id}: type ${r.migration_type}, expected ${m.kind}`).to.equal(m.kind);
  t.checked("api", `migration ${r.status} ${src.host} -> ${dest.host}`, { server: server.id });
  await expectMappings(t, server, m.shares, m.tags, mappingStatus(m));
}

/** After confirm/revert: back to ACTIVE/SHUTOFF on the host it ended on, mappings unchanged, the end action's
 * events succeeded (read by the confirm/revert call's request id), no share attach/detach recorded by the move, the
 * right flavor. The reads do not depend on each other: all at once. */
async function ended(e: Ended): Promise<void> {
  const { t, server } = e;
  const p = await expectPlacement(t, server, { status: e.endStatus, host: e.finalHost }, e.endPlacement);
  const action = e.end === "confirm" ? "confirmResize" : "revertResize";
  // Without the call's request id the events check finds the action in the listing the other check reads.
  const listed = e.endRequestId ? undefined : await t.env.admin.instanceActions.listInstanceActions(server.id);
  await together(
    expectMappings(t, server, e.shares, e.tags, mappingStatus(e)),
    expectActionEvents(t, server, action, MOVE_EVENTS[action]!, { requestId: e.endRequestId, listed }),
    expectNoShareActionsDuringMove(t, server, e.move.requestId, listed),
    e.kind === "resize" ? expectFlavor(e, p) : Promise.resolve(),
  );
}

/** A resize's flavor: the new one (compute.flavor_ref_alt) after confirm; after revert, the one the server had
 * before the resize (from the admin read of the source placement; the configured flavor_ref when that lacked it). */
async function expectFlavor(e: Ended, p: Placement): Promise<void> {
  const { t, server } = e;
  const cfg = t.config.compute;
  const before = e.end === "revert" ? e.src.flavorName : undefined;
  const want =
    before ?? (await t.env.admin.flavors.showFlavor(e.end === "confirm" ? cfg.flavor_ref_alt : cfg.flavor_ref)).name;
  const why = before ? " (its flavor before the resize)" : "";
  expect(
    p.flavorName,
    `server ${server.id}: flavor after ${e.end} is ${p.flavorName}, expected ${want}${why}`,
  ).to.equal(want);
  t.checked("api", `flavor ${p.flavorName} after ${e.end}`, { server: server.id });
}

export const expectOnApi = { window, ended };
