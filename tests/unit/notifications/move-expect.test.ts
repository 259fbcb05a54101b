// The move checks on synthetic notification sequences: what passes (including the orderings Nova does not
// guarantee), and that each kind of deviation fails naming the event type and the request id.

import { expect } from "chai";
import { NotificationStore } from "../../../lib/clients/notifications/index.js";
import {
  expectMoveNotifications,
  type MoveNotificationsInput,
  type NotificationSource,
  openNotificationLayer,
} from "../../../lib/fixtures/notifications-expect.js";
import { envelope } from "../../../sim/notifications/publisher.js";

const SERVER = "9f0e1c7a-2d55-4c1e-9f57-0a4b6a1d2e31";
const MOVE = "req-11111111-1111-1111-1111-111111111111";
const CONFIRM = "req-22222222-2222-2222-2222-222222222222";
const ATTACH = "req-33333333-3333-3333-3333-333333333333";
const SHARE = { share_id: "e8debdc0-447a-4376-a10a-4cd9122d7986", tag: "data", status: "active" };

type Shares = { share_id: string; tag: string; status: string }[] | null;

function feed(s: NotificationStore, event: string, from: string, rid: string, host: string, shares: Shares = [SHARE]) {
  const body = envelope({
    publisherId: from,
    eventType: event,
    priority: "INFO",
    payload: {
      "nova_object.name": "InstanceActionPayload",
      "nova_object.namespace": "nova",
      "nova_object.version": "1.9",
      "nova_object.data": {
        uuid: SERVER,
        host,
        state: "active",
        task_state: null,
        request_id: rid,
        shares:
          shares === null
            ? null
            : shares.map((x) => ({
                "nova_object.name": "SharePayload",
                "nova_object.namespace": "nova",
                "nova_object.version": "1.0",
                "nova_object.data": { share_mapping_uuid: "f7c1726d-7622-42b3-8b2c-4473239d60d1", ...x },
              })),
      },
    },
    context: { requestId: rid, userId: "u", projectId: "p" },
  });
  s.receive(JSON.stringify(body), "versioned_notifications.info");
}

type Row = [event: string, from: string, rid: string, payloadHost: string];
const SRC = "compute1";
const DST = "compute2";
/** A healthy migrate + confirm, with resize.end after resize_finish.start (a race Nova allows: it is sent after
 * the cast to the destination). */
const HEALTHY: Row[] = [
  ["instance.resize_prep.start", `nova-compute:${DST}`, MOVE, SRC],
  ["instance.resize_prep.end", `nova-compute:${DST}`, MOVE, SRC],
  ["instance.resize.start", `nova-compute:${SRC}`, MOVE, SRC],
  ["instance.resize_finish.start", `nova-compute:${DST}`, MOVE, DST],
  ["instance.resize.end", `nova-compute:${SRC}`, MOVE, DST],
  ["instance.resize_finish.end", `nova-compute:${DST}`, MOVE, DST],
  ["instance.resize_confirm.start", `nova-compute:${SRC}`, CONFIRM, DST],
  ["instance.resize_confirm.end", `nova-compute:${SRC}`, CONFIRM, DST],
];

function input(s: NotificationStore, since = 0): MoveNotificationsInput {
  return {
    listener: s,
    serverId: SERVER,
    move: "migrate",
    end: "confirm",
    sourceHost: SRC,
    destHost: DST,
    requestId: MOVE,
    endRequestId: CONFIRM,
    since,
    shares: [SHARE],
    timeoutMs: 50,
    quietMs: 10,
    graceMs: 20,
  };
}

function storeWith(rows: Row[], shares?: Shares): NotificationStore {
  const s = new NotificationStore();
  for (const r of rows) feed(s, r[0], r[1], r[2], r[3], shares);
  return s;
}

async function failure(x: MoveNotificationsInput): Promise<string> {
  const err = await expectMoveNotifications(x).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(err, "the check must fail").to.be.instanceOf(Error);
  return err!.message;
}

describe("notifications: move checks", () => {
  it("a healthy sequence passes and says what it checked", async () => {
    const r = await expectMoveNotifications(input(storeWith(HEALTHY)));
    expect(r.notChecked).to.deep.equal([]);
    expect(r.checked.join("\n")).to.include("instance.resize_confirm.end").and.include("status and tag unchanged");
  });

  it("a missing step fails naming the event type and the move's request id", async () => {
    const msg = await failure(input(storeWith(HEALTHY.filter((r) => !r[0].startsWith("instance.resize_finish")))));
    expect(msg).to.include(`instance.resize_finish.start (request ${MOVE}) never arrived`);
  });

  it("a step from the wrong host fails naming both hosts", async () => {
    const rows = HEALTHY.map(
      (r): Row => (r[0] === "instance.resize_confirm.start" ? [r[0], `nova-compute:${DST}`, r[2], r[3]] : r),
    );
    const msg = await failure(input(storeWith(rows)));
    expect(msg).to.include(`instance.resize_confirm.start (request ${CONFIRM}) was sent by nova-compute:${DST}`);
    expect(msg).to.include(`expected the source host ${SRC}`);
  });

  it("a wrong payload host on resize_finish.end fails", async () => {
    const rows = HEALTHY.map((r): Row => (r[0] === "instance.resize_finish.end" ? [r[0], r[1], r[2], SRC] : r));
    expect(await failure(input(storeWith(rows)))).to.include(
      `instance.resize_finish.end (request ${MOVE}): payload host is ${SRC}`,
    );
  });

  it("an order Nova guarantees, broken, fails", async () => {
    const rows = [...HEALTHY];
    const i = rows.findIndex((r) => r[0] === "instance.resize_finish.start");
    const j = rows.findIndex((r) => r[0] === "instance.resize_finish.end");
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    expect(await failure(input(storeWith(rows)))).to.include(
      `instance.resize_finish.end (request ${MOVE}) arrived before instance.resize_finish.start`,
    );
  });

  it("a step with another request id fails naming both ids", async () => {
    const rows = HEALTHY.map((r): Row => (r[0] === "instance.resize.start" ? [r[0], r[1], ATTACH, r[3]] : r));
    expect(await failure(input(storeWith(rows)))).to.include(
      `instance.resize.start (request ${MOVE}) arrived with request id ${ATTACH}, not the move's ${MOVE}`,
    );
  });

  it("a changed share status fails; shares null is 'not checked' unless required", async () => {
    const changed = await failure(input(storeWith(HEALTHY, [{ ...SHARE, status: "inactive" }])));
    expect(changed).to.include(`share ${SHARE.share_id} has status inactive, tag data; before the move: status active`);
    const off = await expectMoveNotifications(input(storeWith(HEALTHY, null)));
    expect(off.notChecked.join()).to.include("include_share_mapping is false");
    const required = await failure({ ...input(storeWith(HEALTHY, null)), requireSharesInPayload: true });
    expect(required).to.include("carry no shares");
  });

  it("share_detach during the move fails; the trailing .end of an attach begun before the move does not", async () => {
    const s = new NotificationStore();
    feed(s, "instance.share_attach.start", `nova-api:${SRC}`, ATTACH, SRC);
    const since = s.mark();
    feed(s, "instance.share_attach.end", `nova-api:${SRC}`, ATTACH, SRC);
    for (const r of HEALTHY) feed(s, r[0], r[1], r[2], r[3]);
    expect((await expectMoveNotifications(input(s, since))).checked.join()).to.include("no share_attach/share_detach");

    feed(s, "instance.share_detach.start", `nova-api:${SRC}`, CONFIRM, DST);
    expect(await failure(input(s, since))).to.include(
      `instance.share_detach.start for server ${SERVER} (request ${CONFIRM}, from nova-api:${SRC}) arrived during the migrate of request ${MOVE}`,
    );
  });

  it("the quiet window runs from the last step's arrival: time spent since counts, a late share_detach inside it fails", async () => {
    // The last step arrived at least 300 ms before the check: of a 1 s window, at most 700 ms are left to watch.
    const s = storeWith(HEALTHY);
    await new Promise((r) => setTimeout(r, 300));
    let watched = Number.NaN;
    const spy: NotificationSource = {
      waitFor: (...a) => s.waitFor(...a),
      events: (...a) => s.events(...a),
      arrivedSummary: (...a) => s.arrivedSummary(...a),
      lostReason: () => s.lostReason(),
      collectWithin: (id, match, o) => {
        watched = o.windowMs;
        return s.collectWithin(id, match, o);
      },
    };
    await expectMoveNotifications({ ...input(s), listener: spy, quietMs: 1000 });
    expect(watched).to.be.at.most(700);
    // A 1 s window from the last step: a share_detach 100 ms after the check began is still inside it.
    const s2 = storeWith(HEALTHY);
    setTimeout(() => feed(s2, "instance.share_detach.end", `nova-compute:${SRC}`, CONFIRM, DST), 100);
    expect(await failure({ ...input(s2), quietMs: 1000 })).to.include("instance.share_detach.end");
  });

  it("without notifications.transport_url the layer is 'not checked' with that reason", async () => {
    expect(await openNotificationLayer({ wait_timeout: 60, quiet_window: 5 })).to.deep.equal({
      notChecked: "not checked: notifications.transport_url not set",
    });
    expect(await openNotificationLayer(undefined)).to.have.property("notChecked");
  });
});
