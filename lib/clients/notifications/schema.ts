// The shapes of what arrives on Nova's notification topic, checked loosely: the oslo.messaging 2.0 envelope, the
// notification message inside it (oslo's notifier: message_id, publisher_id, event_type, priority, payload,
// timestamp), and a Nova versioned object payload ("nova_object.*") whose data names the instance. Extra fields
// are allowed everywhere: Nova adds fields with every payload version.

import { type Static, Type } from "@sinclair/typebox";

export const OsloEnvelope = Type.Object({
  "oslo.version": Type.Literal("2.0"),
  "oslo.message": Type.String(),
});

const NovaObject = <T extends Parameters<typeof Type.Object>[0]>(data: T) =>
  Type.Object({
    "nova_object.name": Type.String(),
    "nova_object.namespace": Type.String(),
    "nova_object.version": Type.String({ pattern: "^[0-9]+\\.[0-9]+$" }),
    "nova_object.data": Type.Object(data),
  });

export const SharePayloadBody = NovaObject({
  share_mapping_uuid: Type.String(),
  share_id: Type.String(),
  status: Type.String(),
  tag: Type.String(),
});
export type SharePayload = Static<typeof SharePayloadBody>;

/** InstancePayload and its subclasses (InstanceActionPayload, ...ResizePrepPayload, ...SharePayload). */
export const InstancePayloadBody = NovaObject({
  uuid: Type.String(),
  host: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.String(), Type.Null()]),
  task_state: Type.Union([Type.String(), Type.Null()]),
  request_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  shares: Type.Optional(Type.Union([Type.Array(SharePayloadBody), Type.Null()])),
  share_id: Type.Optional(Type.String()),
});

export const NotificationMessage = Type.Object({
  message_id: Type.String(),
  publisher_id: Type.String(),
  event_type: Type.String({ minLength: 1 }),
  priority: Type.String(),
  payload: Type.Unknown(),
  timestamp: Type.String(),
  _context_request_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
