// Listens to Nova's versioned notifications on AMQP 0-9-1 (RabbitMQ) the way an oslo.messaging notification
// consumer would, but with its own exclusive, auto-deleted queue, so it never takes messages from the
// `versioned_notifications.info` queue other consumers (Searchlight, Watcher, ...) read: bound to the topic
// exchange `nova` with the routing keys `versioned_notifications.info` and `versioned_notifications.error`.
// It keeps every notification per instance uuid and lets a test wait for an event type (bounded, failing with
// what did arrive) or check that one never came within a window.

import amqplib from "amqplib";
import { VftestError } from "../errors.js";
import { type ReceivedNotification, unwrap } from "./envelope.js";
import { type AmqpEndpoint, describeEndpoint, maskTransportUrl, parseTransportUrl } from "./transport-url.js";

export class NotificationBusError extends VftestError {
  override name = "NotificationBusError";
}
/** An expected notification did not arrive in time; the message lists what did arrive for the server. */
export class NotificationTimeoutError extends VftestError {
  override name = "NotificationTimeoutError";
}

export interface ListenerOptions {
  /** Nova's [oslo_messaging_notifications] transport_url form. */
  transportUrl: string;
  /** Nova's control exchange ([DEFAULT] control_exchange). Default "nova". */
  exchange?: string;
  /** [notifications] versioned_notifications_topics. Default ["versioned_notifications"]. */
  topics?: string[];
  connectTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface WaitOptions {
  timeoutMs: number;
  /** Only notifications with seq >= since count (see `mark()`). */
  since?: number;
  /** Extra condition, e.g. the request id. */
  where?: (n: ReceivedNotification) => boolean;
  /** Named in the failure message, e.g. "request req-abc". */
  what?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One line per notification: "instance.resize.start from nova-compute:host-1 (req-...)". */
export function describeNotification(n: ReceivedNotification): string {
  return `${n.eventType} from ${n.publisherId}${n.requestId ? ` (${n.requestId})` : ""}`;
}

export class NotificationListener {
  private readonly all: ReceivedNotification[] = [];
  private readonly byInstance = new Map<string, ReceivedNotification[]>();
  private readonly unreadable: string[] = [];
  private readonly waiters = new Set<() => void>();
  private lost: string | undefined;
  private closing = false;

  private constructor(
    private readonly conn: amqplib.ChannelModel,
    readonly endpoint: string,
    readonly queue: string,
    private readonly log: (line: string) => void,
  ) {}

  static async open(opts: ListenerOptions): Promise<NotificationListener> {
    const endpoints = parseTransportUrl(opts.transportUrl);
    const log = opts.log ?? (() => {});
    const exchange = opts.exchange ?? "nova";
    const topics = opts.topics ?? ["versioned_notifications"];
    const failures: string[] = [];
    for (const ep of endpoints) {
      let conn: amqplib.ChannelModel | undefined;
      try {
        conn = await connect(ep, opts.connectTimeoutMs ?? 10000);
        const queue = await bindQueue(conn, exchange, topics);
        const l = new NotificationListener(conn, describeEndpoint(ep), queue, log);
        await l.consume(conn, queue);
        log(`notifications: listening on ${l.endpoint} exchange ${exchange} (${topics.join(", ")}.info/.error)`);
        return l;
      } catch (e) {
        await conn?.close().catch(() => {});
        failures.push(`${describeEndpoint(ep)}: ${maskTransportUrl(e instanceof Error ? e.message : String(e))}`);
      }
    }
    throw new NotificationBusError(
      `cannot listen to notifications at ${maskTransportUrl(opts.transportUrl)}: ${failures.join("; ")}`,
    );
  }

  private async consume(conn: amqplib.ChannelModel, queue: string): Promise<void> {
    conn.on("error", (e: Error) => this.markLost(`connection error: ${e.message}`));
    conn.on("close", () => this.markLost("connection closed by the broker"));
    const ch = await conn.createChannel();
    ch.on("error", (e: Error) => this.markLost(`channel error: ${e.message}`));
    await ch.consume(
      queue,
      (msg) => {
        if (msg === null) return this.markLost("consumer cancelled by the broker");
        this.receive(msg.content, msg.fields.routingKey);
      },
      { noAck: true },
    );
  }

  private markLost(reason: string): void {
    if (this.closing || this.lost) return;
    this.lost = reason;
    this.log(`notifications: ${reason}`);
    for (const w of this.waiters) w();
  }

  /** Feeds one message body (public for tests that replay captured bodies). */
  receive(body: Buffer | string, routingKey: string): void {
    const u = unwrap(body, routingKey);
    if (!u.ok) {
      this.unreadable.push(`${routingKey}: ${u.problems.join("; ")}`);
      this.log(`notifications: unreadable message on ${routingKey}: ${u.problems.join("; ")}`);
      return;
    }
    const n: ReceivedNotification = { ...u.notification, seq: this.all.length, receivedAt: Date.now() };
    this.all.push(n);
    if (n.instanceUuid) {
      const list = this.byInstance.get(n.instanceUuid) ?? [];
      list.push(n);
      this.byInstance.set(n.instanceUuid, list);
    }
    for (const w of this.waiters) w();
  }

  /** The seq the next notification will get: pass it as `since` to only look at what comes after now. */
  mark(): number {
    return this.all.length;
  }

  /** Everything that arrived for the instance (from `since` on), in arrival order. */
  events(instanceUuid: string, since = 0): ReceivedNotification[] {
    return (this.byInstance.get(instanceUuid) ?? []).filter((n) => n.seq >= since);
  }

  /** Messages that did not match the expected shapes (with the problems found). */
  unreadableMessages(): readonly string[] {
    return this.unreadable;
  }

  /** Why the listener stopped receiving, if it did. */
  lostReason(): string | undefined {
    return this.lost;
  }

  private find(uuid: string, eventType: string, o: { since?: number; where?: (n: ReceivedNotification) => boolean }) {
    return this.events(uuid, o.since).find((n) => n.eventType === eventType && (!o.where || o.where(n)));
  }

  /** "arrived for server X: a, b, c" — the tail of what did arrive, for failure messages. */
  arrivedSummary(uuid: string, since = 0): string {
    const got = this.events(uuid, since);
    const tail = got.slice(-12).map(describeNotification);
    const bad =
      this.unreadable.length > 0 ? `; ${this.unreadable.length} unreadable message(s): ${this.unreadable.at(-1)}` : "";
    return `arrived for server ${uuid}: ${tail.length ? `${got.length > 12 ? "..., " : ""}${tail.join(", ")}` : "nothing"}${bad}`;
  }

  /** Resolves with the first matching notification; fails after timeoutMs naming what arrived. */
  async waitFor(instanceUuid: string, eventType: string, o: WaitOptions): Promise<ReceivedNotification> {
    const t0 = Date.now();
    for (;;) {
      const hit = this.find(instanceUuid, eventType, o);
      if (hit) return hit;
      const left = o.timeoutMs - (Date.now() - t0);
      if (left <= 0 || this.lost) {
        const why = this.lost ? ` (listener stopped: ${this.lost})` : "";
        throw new NotificationTimeoutError(
          `no ${eventType} notification for server ${instanceUuid}${o.what ? ` (${o.what})` : ""} within ` +
            `${Math.round(o.timeoutMs / 1000)} s${why}; ${this.arrivedSummary(instanceUuid, o.since)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** Waits windowMs, then returns the matching notifications that arrived (from `since` on); [] means none came.
   * Fails if the listener lost its connection: "none arrived" would then not have been checked. */
  async collectWithin(
    instanceUuid: string,
    match: (n: ReceivedNotification) => boolean,
    o: { windowMs: number; since?: number },
  ): Promise<ReceivedNotification[]> {
    await sleep(o.windowMs);
    if (this.lost) {
      throw new NotificationBusError(`cannot tell which notifications arrived: the listener stopped (${this.lost})`);
    }
    return this.events(instanceUuid, o.since).filter(match);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const w of this.waiters) w();
    await this.conn.close().catch(() => {});
  }
}

async function connect(ep: AmqpEndpoint, timeoutMs: number): Promise<amqplib.ChannelModel> {
  const conn = await amqplib.connect(
    {
      protocol: "amqp",
      hostname: ep.hostname,
      port: ep.port,
      username: ep.username,
      password: ep.password,
      vhost: ep.vhost,
      heartbeat: 30,
    },
    { timeout: timeoutMs },
  );
  return conn;
}

/** Binds an exclusive server-named queue to the exchange. The exchange is checked first (Nova declares it on
 * its first notification, with its own durability settings); only when it does not exist yet is it declared,
 * with oslo.messaging's defaults (topic, not durable, not auto-delete), so binding works before Nova's first send. */
async function bindQueue(conn: amqplib.ChannelModel, exchange: string, topics: string[]): Promise<string> {
  let ch = await conn.createChannel();
  ch.on("error", () => {});
  try {
    await ch.checkExchange(exchange);
  } catch {
    // A failed check closes the channel (404 NOT_FOUND): open another to declare.
    ch = await conn.createChannel();
    ch.on("error", () => {});
    await ch.assertExchange(exchange, "topic", { durable: false, autoDelete: false });
  }
  const q = await ch.assertQueue("", { exclusive: true, autoDelete: true, durable: false });
  for (const t of topics) {
    for (const prio of ["info", "error"]) await ch.bindQueue(q.queue, exchange, `${t}.${prio}`);
  }
  await ch.close();
  return q.queue;
}
