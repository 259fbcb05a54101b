// The notification layer end to end on a real RabbitMQ (Debian's rabbitmq-server, private, on loopback): the
// simulated Nova publishes its versioned notifications the way oslo.messaging's messagingv2 driver does, vftest's
// listener reads them from its own queue, and the move checks pass on a healthy cloud and fail, naming the event
// type and request id, under the notification fault profiles.

import fs from "node:fs";
import net from "node:net";
import { expect } from "chai";
import {
  NotificationBusError,
  NotificationListener,
  type ReceivedNotification,
} from "../../lib/clients/notifications/index.js";
import {
  type ExpectedShare,
  expectMoveNotifications,
  type MoveNotificationsInput,
} from "../../lib/fixtures/notifications-expect.js";
import { startCloud } from "../../sim/cloud.js";
import type { FaultSwitch } from "../../sim/contracts.js";
import { type Broker, startBroker } from "../../sim/notifications/broker.js";
import { NovaNotifier } from "../../sim/notifications/notifier.js";
import { NotificationPublisher } from "../../sim/notifications/publisher.js";
import { requireDebianTools } from "../helpers/debian-tools.js";
import { type Harness, harness } from "./nova/fakes.js";
import { action, hostOf, serverWithShare, show, waitStatus } from "./nova/steps.js";

const RABBITMQ = { tool: "/usr/lib/rabbitmq/bin/rabbitmq-server", pkg: "rabbitmq-server" };

/** Local addresses listening on `port` (IPv4 and IPv6), from /proc/net/tcp{,6}. */
function listeners(port: number): string[] {
  const out: string[] = [];
  for (const f of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, "utf8").trim().split("\n").slice(1)) {
      const [, local, , st] = line.trim().split(/\s+/);
      const [addr, hexPort] = (local ?? "").split(":");
      if (st === "0A" && Number.parseInt(hexPort ?? "", 16) === port) out.push(addr ?? "");
    }
  }
  return out;
}
const LOOPBACK = new Set(["0100007F", "00000000000000000000000001000000"]);

describe("notifications on a real RabbitMQ (sim publisher -> lib listener -> move checks)", function () {
  this.timeout(60000);
  let broker: Broker;
  let listener: NotificationListener;
  const cleanups: (() => Promise<void>)[] = [];

  before(async function () {
    this.timeout(120000);
    requireDebianTools(this, [RABBITMQ]);
    broker = await startBroker();
    console.log(`      rabbitmq-server up in ${broker.startMs} ms, ${Math.round(broker.rssKb / 1024)} MiB RSS`);
    listener = await NotificationListener.open({ transportUrl: broker.url.replace(/^amqp:/, "rabbit:") });
  });

  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  after(async function () {
    this.timeout(30000);
    await listener?.close();
    await broker?.stop();
  });

  it("unwraps an oslo 2.0 envelope published on exchange nova, routing key versioned_notifications.info", async () => {
    const pub = await NotificationPublisher.connect(broker.url);
    cleanups.push(() => pub.close());
    const uuid = crypto.randomUUID();
    const since = listener.mark();
    await pub.publish({
      publisherId: "nova-compute:compute1",
      eventType: "instance.power_on.end",
      priority: "INFO",
      payload: {
        "nova_object.name": "InstanceActionPayload",
        "nova_object.namespace": "nova",
        "nova_object.version": "1.9",
        "nova_object.data": { uuid, host: "compute1", state: "active", task_state: null, request_id: "req-1" },
      },
      context: { requestId: "req-1", userId: "u", projectId: "p" },
    });
    const n = await listener.waitFor(uuid, "instance.power_on.end", { timeoutMs: 5000, since });
    expect(n.routingKey).to.equal("versioned_notifications.info");
    expect(n.publisherHost).to.equal("compute1");
    expect(n.requestId).to.equal("req-1");
    expect(n.shares, "payload without a shares field").to.equal(undefined);

    await pub.publish({
      publisherId: "nova-compute:compute1",
      eventType: "instance.share_attach.error",
      priority: "ERROR",
      payload: {
        "nova_object.name": "InstanceActionSharePayload",
        "nova_object.namespace": "nova",
        "nova_object.version": "1.0",
        "nova_object.data": { uuid, host: "compute1", state: "stopped", task_state: null, share_id: "s" },
      },
      context: { requestId: "req-2", userId: "u", projectId: "p" },
    });
    const e = await listener.waitFor(uuid, "instance.share_attach.error", { timeoutMs: 5000, since });
    expect(e.routingKey).to.equal("versioned_notifications.error");
  });

  it("the broker listens on loopback only: AMQP, Erlang distribution and its own epmd", () => {
    for (const [what, port] of Object.entries(broker.ports)) {
      const addrs = listeners(port);
      expect(addrs, `${what} port ${port} is listening`).to.not.be.empty;
      for (const a of addrs) expect(LOOPBACK.has(a), `${what} port ${port} bound to ${a}`).to.equal(true);
    }
  });

  it("a wrong password is one error naming the broker, without the password", async () => {
    const bad = broker.url.replace(/:[^:@/]+@/, ":not-the-password-xyz@");
    const err = await NotificationListener.open({ transportUrl: bad, connectTimeoutMs: 5000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(NotificationBusError);
    const msg = (err as Error).message;
    expect(msg).to.include(`127.0.0.1:${broker.port}`);
    expect(msg).to.not.include("not-the-password-xyz");
    expect(msg).to.include("***");
  });

  it("the embedded cloud connects its notifier when given the URL, and logs it without the password", async function () {
    this.timeout(120000);
    const lines: string[] = [];
    const c = await startCloud({ notifications: { url: broker.url }, log: (l) => lines.push(l) });
    await c.stop();
    const password = new URL(broker.url).password;
    expect(lines.join("\n")).to.include(`versioned notifications to amqp://vftest:***@127.0.0.1:${broker.port}/vftest`);
    expect(lines.join("\n")).to.not.include(password);
  });

  /** A simulated Nova publishing to the broker; its notifier follows the harness's fault switch. */
  async function cloud(faults: string[] = []): Promise<Harness> {
    let h: Harness | undefined;
    const sw: FaultSwitch = {
      active: (n) => h?.faults.active(n) ?? false,
      fireOnce: (n, k, t) => h?.faults.fireOnce(n, k, t) ?? false,
    };
    const notifier = await NovaNotifier.connect({ url: broker.url, faults: sw });
    cleanups.push(() => notifier.close());
    h = harness({ faults, notifier });
    return h;
  }

  async function sharesOf(h: Harness, id: string): Promise<ExpectedShare[]> {
    const r = await h.call("GET", `/v2.1/servers/${id}/shares`, { token: "admin" });
    return (r.json.shares as ExpectedShare[]).map((s) => ({ share_id: s.share_id, tag: s.tag, status: s.status }));
  }

  /** Migrate (or resize to flavor 2) a running server with a share, then confirm or revert; the check's input. */
  async function move(
    h: Harness,
    kind: "migrate" | "resize",
    end: "confirm" | "revert",
  ): Promise<{ input: Omit<MoveNotificationsInput, "listener">; attachEnd?: ReceivedNotification }> {
    const { id } = await serverWithShare(h, { running: true, tag: "data" });
    const attachEnd = await listener.waitFor(id, "instance.share_attach.end", { timeoutMs: 5000 });
    const shares = await sharesOf(h, id);
    const src = hostOf(await show(h, id));
    const since = listener.mark();
    const r = await action(h, id, kind === "migrate" ? { migrate: null } : { resize: { flavorRef: "2" } });
    expect(r.status, JSON.stringify(r.body)).to.equal(202);
    const requestId = r.headers?.["x-compute-request-id"] ?? "";
    const verify = await waitStatus(h, id, "VERIFY_RESIZE");
    const dst = hostOf(verify);
    const e = await action(h, id, end === "confirm" ? { confirmResize: null } : { revertResize: null });
    expect(e.status, JSON.stringify(e.body)).to.be.oneOf([202, 204]);
    await waitStatus(h, id, "ACTIVE");
    const endRequestId = e.headers?.["x-compute-request-id"];
    return {
      input: {
        serverId: id,
        move: kind,
        end,
        sourceHost: src,
        destHost: dst,
        requestId,
        endRequestId,
        since,
        shares,
        timeoutMs: 5000,
        quietMs: 300,
        requireSharesInPayload: true,
      },
      attachEnd,
    };
  }

  it("healthy migrate + confirm: every resize notification, right hosts, shares unchanged, no share events", async () => {
    const h = await cloud();
    const { input, attachEnd } = await move(h, "migrate", "confirm");
    expect(input.requestId).to.match(/^req-/);
    expect(attachEnd?.publisherId, "share_attach.end of the attach, from nova-api:<host>").to.equal(
      `nova-api:${input.sourceHost}`,
    );
    const res = await expectMoveNotifications({ listener, ...input });
    expect(res.notChecked).to.deep.equal([]);
    expect(res.checked.join("\n")).to.include("instance.resize_confirm.end").and.include("no share_attach");
  });

  it("healthy resize + revert passes, with the revert's notifications from the source host", async () => {
    const h = await cloud();
    const { input } = await move(h, "resize", "revert");
    const res = await expectMoveNotifications({ listener, ...input });
    expect(res.checked.join("\n")).to.include("instance.resize_revert.end");
  });

  it("jitter (transient): resize_prep.end / resize.end may trail the next host's start; the check still passes", async () => {
    const h = await cloud(["jitter"]);
    const { input } = await move(h, "migrate", "confirm");
    await expectMoveNotifications({ listener, ...input });
  });

  it("move-emits-share-notifications: fails naming instance.share_attach and the move's request id", async () => {
    const h = await cloud(["move-emits-share-notifications"]);
    const { input } = await move(h, "migrate", "confirm");
    const err = await expectMoveNotifications({ listener, ...input }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err, "the check must fail").to.be.instanceOf(Error);
    expect(err!.message).to.match(
      new RegExp(`instance\\.share_attach\\.start for server ${input.serverId} \\(request ${input.requestId}`),
    );
    expect(err!.message)
      .to.include("instance.share_detach.start")
      .and.include("must not send share_attach/share_detach");
  });

  it("resize-finish-notification-missing: fails naming instance.resize_finish.start and the request id", async () => {
    const h = await cloud(["resize-finish-notification-missing"]);
    const { input } = await move(h, "migrate", "confirm");
    const err = await expectMoveNotifications({ listener, ...input }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err, "the check must fail").to.be.instanceOf(Error);
    expect(err!.message).to.include(`instance.resize_finish.start (request ${input.requestId}) never arrived`);
    expect(err!.message).to.include(`instance.resize_finish.end (request ${input.requestId}) never arrived`);
  });

  it("notification-payload-without-shares: fails naming the event, the request id and the missing share", async () => {
    const h = await cloud(["notification-payload-without-shares"]);
    const { input } = await move(h, "migrate", "revert");
    const err = await expectMoveNotifications({ listener, ...input }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err, "the check must fail").to.be.instanceOf(Error);
    expect(err!.message).to.include(
      `instance.resize_prep.start (request ${input.requestId}): payload shares lack share ${input.shares[0]!.share_id}`,
    );
  });

  it("several hosts in the URL: the first unreachable one is skipped", async () => {
    const u = new URL(broker.url);
    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const port = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(port));
      });
    });
    const url = `rabbit://vftest:${u.password}@127.0.0.1:${closed},vftest:${u.password}@127.0.0.1:${broker.port}/vftest`;
    const l = await NotificationListener.open({ transportUrl: url, connectTimeoutMs: 3000 });
    cleanups.push(() => l.close());
    expect(l.endpoint).to.equal(`vftest@127.0.0.1:${broker.port}/vftest`);
  });

  it("stop() ends the broker and its epmd (no port left listening); a listener then fails its waits", async function () {
    this.timeout(30000);
    await listener.close();
    const survivor = await NotificationListener.open({ transportUrl: broker.url });
    const t = performance.now();
    await broker.stop();
    console.log(`      rabbitmq-server stopped in ${Math.round(performance.now() - t)} ms`);
    for (const [what, port] of Object.entries(broker.ports)) {
      expect(listeners(port), `${what} port ${port} after stop`).to.deep.equal([]);
    }
    expect(fs.existsSync(broker.dir), "broker dir removed").to.equal(false);
    expect(survivor.lostReason(), "the listener noticed").to.be.a("string");
    const err = await survivor.waitFor("x", "instance.resize.end", { timeoutMs: 60000 }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).to.include("listener stopped");
    await survivor.close();
  });
});
