// Unwraps one AMQP message body from Nova's notification topic into a ReceivedNotification: the oslo.messaging
// 2.0 envelope (oslo.messaging `serialize_msg`: {"oslo.version": "2.0", "oslo.message": "<JSON>"}) or, for a
// messagingv1 ("messaging" driver) deployment, the bare message. Schema problems are returned, never thrown:
// a listener keeps going and reports what it could not read.

import { validateAgainst } from "../schemas/validator.js";
import { InstancePayloadBody, NotificationMessage, OsloEnvelope } from "./schema.js";

export interface NotificationShare {
  share_mapping_uuid: string;
  share_id: string;
  status: string;
  tag: string;
}

export interface ReceivedNotification {
  /** Order of arrival on this listener (0, 1, ...). */
  seq: number;
  /** Wall-clock arrival time (ms since the epoch). */
  receivedAt: number;
  routingKey: string;
  eventType: string;
  /** "nova-compute:compute-1": the emitting service and host. */
  publisherId: string;
  /** The host part of publisher_id. */
  publisherHost: string;
  priority: string;
  /** The emitter's timestamp (oslo: str(utcnow()), no zone). */
  timestamp: string;
  /** payload request_id, else the context's request id. */
  requestId?: string;
  instanceUuid?: string;
  /** nova_object.data of the payload (instance payloads only). */
  data?: Record<string, unknown>;
  /** Payload shares: a list, or null when Nova's [notifications]include_share_mapping is off. */
  shares?: NotificationShare[] | null;
  payloadName?: string;
}

export type Unwrapped =
  | { ok: true; notification: Omit<ReceivedNotification, "seq" | "receivedAt"> }
  | {
      ok: false;
      problems: string[];
    };

export function unwrap(body: Buffer | string, routingKey: string): Unwrapped {
  let outer: unknown;
  try {
    outer = JSON.parse(typeof body === "string" ? body : body.toString("utf8"));
  } catch (e) {
    return { ok: false, problems: [`not JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  let msg: unknown = outer;
  if (outer !== null && typeof outer === "object" && "oslo.version" in outer) {
    const problems = validateAgainst(OsloEnvelope, outer);
    if (problems.length > 0) return { ok: false, problems: problems.map((p) => `envelope ${p}`) };
    try {
      msg = JSON.parse((outer as unknown as { "oslo.message": string })["oslo.message"]);
    } catch (e) {
      return { ok: false, problems: [`oslo.message is not JSON: ${e instanceof Error ? e.message : String(e)}`] };
    }
  }
  const problems = validateAgainst(NotificationMessage, msg);
  if (problems.length > 0) return { ok: false, problems: problems.map((p) => `message ${p}`) };
  const m = msg as {
    publisher_id: string;
    event_type: string;
    priority: string;
    timestamp: string;
    payload: unknown;
    _context_request_id?: string | null;
  };
  const n: Omit<ReceivedNotification, "seq" | "receivedAt"> = {
    routingKey,
    eventType: m.event_type,
    publisherId: m.publisher_id,
    publisherHost: m.publisher_id.includes(":") ? m.publisher_id.slice(m.publisher_id.indexOf(":") + 1) : "",
    priority: m.priority,
    timestamp: m.timestamp,
    requestId: m._context_request_id ?? undefined,
  };
  // Only instance payloads are read further; others (service.update, aggregate.*, ...) keep their envelope facts.
  if (m.event_type.startsWith("instance.")) {
    const pp = validateAgainst(InstancePayloadBody, m.payload);
    if (pp.length > 0) return { ok: false, problems: pp.map((p) => `${m.event_type} payload ${p}`) };
    const p = m.payload as { "nova_object.name": string; "nova_object.data": Record<string, unknown> };
    const data = p["nova_object.data"];
    n.payloadName = p["nova_object.name"];
    n.data = data;
    n.instanceUuid = data.uuid as string;
    if (typeof data.request_id === "string") n.requestId = data.request_id;
    const shares = data.shares as { "nova_object.data": NotificationShare }[] | null | undefined;
    n.shares = shares === undefined ? undefined : shares === null ? null : shares.map((s) => s["nova_object.data"]);
  }
  return { ok: true, notification: n };
}
