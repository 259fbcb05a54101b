// What the move's API and Manila checks read: the end action's events by the call's request id (one show, no
// listing; a 404 or a different action fails the check), and a share's locks
// in one listing bounded by the share's creation time.

import { expect } from "chai";
import { NotFoundError } from "../../../lib/clients/errors.js";
import type { ResourceLockQuery } from "../../../lib/clients/share-client.js";
import { expectActionEvents } from "../../../lib/expect/actions.js";
import { listLocks, locksSince } from "../../../lib/expect/manila-reads.js";
import type { TestScope } from "../../../lib/fixtures/scope.js";
import type { ServerFixture, ShareFixture } from "../../../lib/fixtures/types.js";

interface Rec {
  layer: string;
  what: string;
  outcome: string;
  reason?: string;
}

type Shown = { action: string; request_id: string; events: { event: string; result: string | null }[] } | "404";

function scope(shown: Shown[], listed: { action: string; request_id: string }[] = []) {
  const recs: Rec[] = [];
  const calls: string[] = [];
  const lockQueries: (ResourceLockQuery | undefined)[] = [];
  let shows = 0;
  const instanceActions = {
    listInstanceActions: async (id: string) => {
      calls.push(`list ${id}`);
      return listed;
    },
    showInstanceAction: async (id: string, rid: string) => {
      calls.push(`show ${id} ${rid}`);
      const s = shown[Math.min(shows++, shown.length - 1)]!;
      if (s === "404") {
        throw new NotFoundError({ method: "GET", url: "u", status: 404, cloudMessage: `Action ${rid} not found` });
      }
      return { instance_uuid: id, user_id: null, project_id: null, start_time: "t", message: null, ...s };
    },
  };
  const shares = {
    listResourceLocks: async (q?: ResourceLockQuery) => {
      lockQueries.push(q);
      return [];
    },
  };
  const t = {
    uuid: "u1",
    config: { compute: { build_interval: 0.01, cleanup_timeout: 0.1 } },
    run: { checks: { record: (r: Rec) => recs.push(r) } },
    checked: (layer: string, what: string) => recs.push({ layer, what, outcome: "ok" }),
    log: () => undefined,
    env: { admin: { instanceActions, shares } },
  };
  return { t: t as unknown as TestScope, recs, calls, lockQueries };
}

const server = { id: "s1", name: "vm" } as ServerFixture;
const EVENTS = ["compute_confirm_resize"];
const confirm = (result: string | null) => ({
  action: "confirmResize",
  request_id: "req-1",
  events: [{ event: "compute_confirm_resize", result }],
});

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a failure");
}

describe("instance action events by request id", () => {
  it("shows the action of the call's request id, without listing, and waits for its events", async () => {
    const s = scope([confirm(null), confirm("Success")]);
    await expectActionEvents(s.t, server, "confirmResize", EVENTS, { requestId: "req-1" });
    expect(s.calls).to.deep.equal(["show s1 req-1", "show s1 req-1"]);
    expect(s.recs.map((r) => r.outcome)).to.deep.equal(["ok"]);
  });

  it("fails when Nova has no action under the call's request id, saying whether it recorded one elsewhere", async () => {
    const s = scope(["404"], [{ action: "confirmResize", request_id: "req-1" }]);
    const moved = await failure(expectActionEvents(s.t, server, "confirmResize", EVENTS, { requestId: "req-9" }));
    expect(s.calls).to.deep.equal(["show s1 req-9", "list s1"]);
    expect(moved).to.include("no instance action under the confirmResize call's request id req-9");
    expect(moved).to.include("Nova recorded confirmResize under req-1");
    expect(s.recs[0]).to.include({ layer: "api", outcome: "failed" });
    const lost = scope(["404"], [{ action: "migrate", request_id: "req-0" }]);
    const msg = await failure(expectActionEvents(lost.t, server, "confirmResize", EVENTS, { requestId: "req-9" }));
    expect(msg).to.include("actions recorded: migrate (req-0)");
  });

  it("fails when the request id recorded another action", async () => {
    const s = scope([{ ...confirm("Success"), action: "migrate" }]);
    const msg = await failure(expectActionEvents(s.t, server, "confirmResize", EVENTS, { requestId: "req-1" }));
    expect(msg).to.include("request req-1 recorded action migrate, not confirmResize");
  });

  it("fails at once on an event in Error, and after cleanup_timeout on one that never succeeds", async () => {
    const err = await failure(
      expectActionEvents(scope([confirm("Error")]).t, server, "confirmResize", EVENTS, { requestId: "req-1" }),
    );
    expect(err).to.include("event compute_confirm_resize ended in Error");
    const slow = await failure(
      expectActionEvents(scope([confirm(null)]).t, server, "confirmResize", EVENTS, { requestId: "req-1" }),
    );
    expect(slow).to.include("expected compute_confirm_resize to succeed");
  });

  it("without a request id finds the latest action of that name in the listing", async () => {
    const listed = [
      { action: "confirmResize", request_id: "req-1" },
      { action: "migrate", request_id: "req-0" },
    ];
    const s = scope([confirm("Success")], listed);
    await expectActionEvents(s.t, server, "confirmResize", EVENTS);
    expect(s.calls).to.deep.equal(["list s1", "show s1 req-1"]);
    const none = await failure(expectActionEvents(scope([], []).t, server, "confirmResize", EVENTS));
    expect(none).to.include("no instance action confirmResize");
  });
});

describe("a share's locks in one listing", () => {
  const share = (createdAt?: string): ShareFixture => ({
    id: "sh1",
    name: "s",
    protocol: "NFS",
    exportLocation: "e",
    ...(createdAt ? { createdAt } : {}),
  });

  it("starts a minute before the share's created_at (naive UTC as Manila prints it, or with an offset)", () => {
    expect(locksSince(share("2026-12-01T17:40:10.123456"))).to.equal("2026-12-01T17:39:10.123Z");
    expect(locksSince(share("2026-12-01T18:40:10+01:00"))).to.equal("2026-12-01T17:39:10.000Z");
    expect(locksSince(share("2026-12-01T17:40:10Z"))).to.equal("2026-12-01T17:39:10.000Z");
    expect(locksSince(share())).to.equal(undefined);
    expect(locksSince(share("soon"))).to.equal(undefined);
  });

  it("lists every project's locks created since then, or every lock when the share's creation time is unknown", async () => {
    const s = scope([]);
    await listLocks(s.t, share("2026-12-01T17:40:10.000000"));
    await listLocks(s.t, share());
    expect(s.lockQueries).to.deep.equal([
      { all_projects: true, created_since: "2026-12-01T17:39:10.000Z" },
      { all_projects: true },
    ]);
  });
});
