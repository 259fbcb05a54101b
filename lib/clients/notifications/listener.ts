// Listens to Nova's versioned notifications on AMQP 0-9-1 (RabbitMQ) the way an oslo.messaging notification
// consumer would, but with its own exclusive, auto-deleted queue, so it never takes messages from the
// `versioned_notifications.info` queue other consumers (Searchlight, Watcher, ...) read: bound to the topic
// exchange `nova` with the routing keys `versioned_notifications.info` and `versioned_notifications.error`.
// It keeps every notification per instance uuid and lets a test wait for an event type (bounded, failing with
// what did arrive) or check that one never came within a window.
// amqplib (~1.5 MiB of heap once loaded) is imported when a listener opens, not with this module: a run whose
// notification layer is off (no transport_url) never loads it.

import type amqplib from "amqplib";
import { NotificationBusError, NotificationStore } from "./store.js";
import { type AmqpEndpoint, describeEndpoint, maskTransportUrl, parseTransportUrl } from "./transport-url.js";

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

export class NotificationListener extends NotificationStore {
  private constructor(
    private readonly conn: amqplib.ChannelModel,
    readonly endpoint: string,
    readonly queue: string,
    log: (line: string) => void,
  ) {
    super(log);
  }

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

  async close(): Promise<void> {
    this.closing = true;
    this.wakeAll();
    await this.conn.close().catch(() => {});
  }
}

async function connect(ep: AmqpEndpoint, timeoutMs: number): Promise<amqplib.ChannelModel> {
  const { default: amqp } = await import("amqplib");
  const conn = await amqp.connect(
    {
      protocol: "amqp",
      hostname: ep.hostname,
      port: ep.port,
      username: ep.username,
      password: ep.password,
      vhost: ep.vhost,
      heartbeat: 30,
    },
    // TCP_NODELAY, as py-amqp (oslo.messaging's transport) sets it: without it each ack waits ~40 ms for a
    // delayed ACK on loopback.
    { timeout: timeoutMs, noDelay: true },
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
