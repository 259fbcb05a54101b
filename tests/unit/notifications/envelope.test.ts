// The notification client's pure parts: transport URLs (Nova's form, secrets masked), unwrapping oslo.messaging's
// 2.0 envelope and Nova's versioned payloads, and the per-instance store's bounded waits.

import { expect } from "chai";
import {
  maskTransportUrl,
  NotificationStore,
  NotificationTimeoutError,
  parseTransportUrl,
  TransportUrlError,
  unwrap,
} from "../../../lib/clients/notifications/index.js";
import { envelope } from "../../../sim/notifications/publisher.js";

const UUID = "178b0921-8f85-4257-88b6-2e743b5a975c";

/** Modelled on Nova's instance-power_on_share-end sample (SharePayload without export_location, as Nova sends). */
function powerOnEnd(
  shares: unknown = [
    {
      "nova_object.name": "SharePayload",
      "nova_object.namespace": "nova",
      "nova_object.version": "1.0",
      "nova_object.data": {
        share_mapping_uuid: "f7c1726d-7622-42b3-8b2c-4473239d60d1",
        share_id: "e8debdc0-447a-4376-a10a-4cd9122d7986",
        status: "active",
        tag: "e8debdc0-447a-4376-a10a-4cd9122d7986",
      },
    },
  ],
) {
  return {
    publisherId: "nova-compute:compute",
    eventType: "instance.power_on.end",
    priority: "INFO" as const,
    payload: {
      "nova_object.name": "InstanceActionPayload",
      "nova_object.namespace": "nova",
      "nova_object.version": "1.9",
      "nova_object.data": {
        uuid: UUID,
        host: "compute",
        state: "active",
        task_state: null,
        power_state: "running",
        request_id: "req-5b6c791d-5709-4f36-8fbe-c3e02869e35d",
        shares,
        fault: null,
      },
    },
    context: { requestId: "req-5b6c791d-5709-4f36-8fbe-c3e02869e35d", userId: "fake", projectId: "p" },
  };
}

describe("notifications: transport_url", () => {
  it("parses Nova's form: several hosts, per-host credentials, vhost, default port", () => {
    const eps = parseTransportUrl("rabbit://u1:p%40ss@10.0.0.1:5673,u2:q@rabbit2/nova");
    expect(eps).to.deep.equal([
      { hostname: "10.0.0.1", port: 5673, username: "u1", password: "p@ss", vhost: "nova" },
      { hostname: "rabbit2", port: 5672, username: "u2", password: "q", vhost: "nova" },
    ]);
    expect(parseTransportUrl("rabbit://stackrabbit:secret@127.0.0.1:5672/")[0]!.vhost).to.equal("/");
    expect(parseTransportUrl("amqp://a:b@[::1]:5672/x")[0]!.hostname).to.equal("::1");
    // a host without credentials reuses the last ones, as oslo does
    expect(parseTransportUrl("rabbit://u:p@h1,h2/")[1]).to.include({ username: "u", password: "p" });
  });

  it("masks every password, and bad URLs are one error without the password", () => {
    expect(maskTransportUrl("rabbit://u1:s3cr3t@h1:5672,u2:t0p@h2:5672/v")).to.equal(
      "rabbit://u1:***@h1:5672,u2:***@h2:5672/v",
    );
    for (const bad of ["http://u:s3cr3t@h/", "rabbit://u:s3cr3t@h:99999/", "rabbit://u:s3cr3t@h/?ssl=1"]) {
      let err: unknown;
      try {
        parseTransportUrl(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).to.be.instanceOf(TransportUrlError);
      expect((err as Error).message, bad).to.not.include("s3cr3t");
    }
  });
});

describe("notifications: unwrap", () => {
  it("reads the oslo 2.0 envelope and a Nova instance payload with shares", () => {
    const u = unwrap(JSON.stringify(envelope(powerOnEnd())), "versioned_notifications.info");
    if (!u.ok) throw new Error(u.problems.join("; "));
    const n = u.notification;
    expect(n).to.include({
      eventType: "instance.power_on.end",
      publisherHost: "compute",
      instanceUuid: UUID,
      requestId: "req-5b6c791d-5709-4f36-8fbe-c3e02869e35d",
      payloadName: "InstanceActionPayload",
    });
    expect(n.shares).to.deep.equal([
      {
        share_mapping_uuid: "f7c1726d-7622-42b3-8b2c-4473239d60d1",
        share_id: "e8debdc0-447a-4376-a10a-4cd9122d7986",
        status: "active",
        tag: "e8debdc0-447a-4376-a10a-4cd9122d7986",
      },
    ]);
  });

  it("keeps null shares (include_share_mapping off) apart from an empty list", () => {
    const off = unwrap(JSON.stringify(envelope(powerOnEnd(null))), "k");
    const empty = unwrap(JSON.stringify(envelope(powerOnEnd([]))), "k");
    expect(off.ok && off.notification.shares).to.equal(null);
    expect(empty.ok && empty.notification.shares).to.deep.equal([]);
  });

  it("accepts the bare messagingv1 message too", () => {
    const inner = JSON.parse(envelope(powerOnEnd())["oslo.message"]!);
    const u = unwrap(JSON.stringify(inner), "k");
    expect(u.ok && u.notification.eventType).to.equal("instance.power_on.end");
  });

  it("reports what is wrong with a malformed message instead of throwing", () => {
    const cases: [string, RegExp][] = [
      ["{not json", /not JSON/],
      [JSON.stringify({ "oslo.version": "1.0", "oslo.message": "{}" }), /envelope .*oslo\.version/],
      [JSON.stringify({ "oslo.version": "2.0", "oslo.message": "{x" }), /oslo\.message is not JSON/],
      [JSON.stringify({ "oslo.version": "2.0", "oslo.message": JSON.stringify({ payload: {} }) }), /event_type/],
    ];
    for (const [body, re] of cases) {
      const u = unwrap(body, "k");
      expect(u.ok, body).to.equal(false);
      if (!u.ok) expect(u.problems.join("; "), body).to.match(re);
    }
    const noUuid = powerOnEnd();
    delete (noUuid.payload["nova_object.data"] as Record<string, unknown>).uuid;
    const u = unwrap(JSON.stringify(envelope(noUuid)), "k");
    expect(!u.ok && u.problems.join("; ")).to.match(/instance\.power_on\.end payload .*uuid/);
  });
});

describe("notifications: store", () => {
  it("waitFor resolves on a later arrival and times out naming the event and what arrived", async () => {
    const s = new NotificationStore();
    const since = s.mark();
    setTimeout(() => s.receive(JSON.stringify(envelope(powerOnEnd())), "versioned_notifications.info"), 20);
    const n = await s.waitFor(UUID, "instance.power_on.end", { timeoutMs: 2000, since });
    expect(n.seq).to.equal(0);
    const err = await s.waitFor(UUID, "instance.resize_finish.end", { timeoutMs: 50, what: "request req-x" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(NotificationTimeoutError);
    expect((err as Error).message).to.include(`no instance.resize_finish.end notification for server ${UUID}`);
    expect((err as Error).message)
      .to.include("(request req-x)")
      .and.include("instance.power_on.end from nova-compute:compute");
    expect(
      await s.collectWithin(UUID, (x) => x.eventType.startsWith("instance.share_"), { windowMs: 10 }),
    ).to.deep.equal([]);
  });

  it("arrival: resolves with the seq of a matching notification from `from` on, or undefined once aborted", async () => {
    const s = new NotificationStore();
    const send = () => s.receive(JSON.stringify(envelope(powerOnEnd())), "versioned_notifications.info");
    const isPowerOn = (n: { eventType: string }) => n.eventType === "instance.power_on.end";
    send();
    const ac = new AbortController();
    expect(await s.arrival(UUID, isPowerOn, 0, ac.signal)).to.equal(0);
    setTimeout(send, 20);
    expect(await s.arrival(UUID, isPowerOn, 1, ac.signal)).to.equal(1);
    ac.abort();
    expect(await s.arrival(UUID, (n) => n.eventType === "instance.resize_finish.end", 0, ac.signal)).to.equal(
      undefined,
      "an aborted signal ends the wait without a hit",
    );
    const later = new AbortController();
    const pending = s.arrival(UUID, isPowerOn, 2, later.signal);
    setTimeout(() => later.abort(), 20);
    expect(await pending).to.equal(undefined);
  });

  it("counts unreadable messages and names them in summaries", () => {
    const s = new NotificationStore();
    s.receive("{oops", "versioned_notifications.error");
    expect(s.unreadableMessages()).to.have.length(1);
    expect(s.arrivedSummary(UUID)).to.include("nothing").and.include("1 unreadable");
  });
});
