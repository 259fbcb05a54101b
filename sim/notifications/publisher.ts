// oslo.messaging's "messagingv2" notification driver on the rabbit transport, as Nova uses it, on amqplib:
// topic exchange `nova` (the control exchange; not durable, not auto-delete: amqp_durable_queues and
// amqp_auto_delete default to false), routing key `<topic>.<priority>` (versioned_notifications.info / .error),
// and, like oslo's _publish_and_creates_default_queue, a queue named after the routing key bound to it so that
// nothing is lost before a consumer appears. The body is the 2.0 envelope
// {"oslo.version": "2.0", "oslo.message": "<JSON of the message>"}.
// amqplib is imported at connect: a cloud started without a broker never loads it (the embedded cloud shares its
// process with vftest, whose memory is counted).

import crypto from "node:crypto";
import type amqplib from "amqplib";

export const CONTROL_EXCHANGE = "nova";
export const VERSIONED_TOPIC = "versioned_notifications";

export interface OsloNotification {
  publisherId: string;
  eventType: string;
  priority: "INFO" | "ERROR";
  payload: unknown;
  /** The request context's id and who acted, as oslo's pack_context puts them (`_context_*`). */
  context: { requestId: string; userId: string; projectId: string };
}

/** "2026-12-01 08:40:00.123456": str(timeutils.utcnow()). */
function osloTimestamp(d = new Date()): string {
  return `${d.toISOString().replace("T", " ").replace("Z", "")}000`;
}

export function envelope(n: OsloNotification): Record<string, string> {
  const msg = {
    message_id: crypto.randomUUID(),
    publisher_id: n.publisherId,
    event_type: n.eventType,
    priority: n.priority,
    payload: n.payload,
    timestamp: osloTimestamp(),
    _unique_id: crypto.randomUUID().replaceAll("-", ""),
    _context_request_id: n.context.requestId,
    _context_global_request_id: null,
    _context_user: n.context.userId,
    _context_user_id: n.context.userId,
    _context_project_id: n.context.projectId,
    _context_tenant: n.context.projectId,
    _context_is_admin: false,
  };
  return { "oslo.version": "2.0", "oslo.message": JSON.stringify(msg) };
}

export class NotificationPublisher {
  private readonly declared = new Set<string>();

  private constructor(
    private readonly conn: amqplib.ChannelModel,
    private readonly channel: amqplib.ConfirmChannel,
  ) {}

  static async connect(url: string): Promise<NotificationPublisher> {
    const { default: amqp } = await import("amqplib");
    // TCP_NODELAY, as py-amqp (Nova's oslo.messaging transport) sets on its sockets by default.
    const conn = await amqp.connect(url, { timeout: 5000, noDelay: true });
    conn.on("error", () => {}); // a broken connection surfaces as failed publishes, logged by the notifier
    const channel = await conn.createConfirmChannel();
    channel.on("error", () => {});
    await channel.assertExchange(CONTROL_EXCHANGE, "topic", { durable: false, autoDelete: false });
    return new NotificationPublisher(conn, channel);
  }

  /** Publishes one notification and waits for the broker's confirm. */
  async publish(n: OsloNotification): Promise<void> {
    const key = `${VERSIONED_TOPIC}.${n.priority.toLowerCase()}`;
    if (!this.declared.has(key)) {
      await this.channel.assertQueue(key, { durable: false, autoDelete: false });
      await this.channel.bindQueue(key, CONTROL_EXCHANGE, key);
      this.declared.add(key);
    }
    const body = Buffer.from(JSON.stringify(envelope(n)));
    this.channel.publish(CONTROL_EXCHANGE, key, body, {
      contentType: "application/json",
      contentEncoding: "utf-8",
      deliveryMode: 2,
    });
    await this.channel.waitForConfirms();
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => {});
    await this.conn.close().catch(() => {});
  }
}
