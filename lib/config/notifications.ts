// The `notifications` config group: where vftest listens to Nova's versioned notifications, and how long it
// waits for them. Kept in its own file (schema node, type and defaults) so the group can move as one piece.

import { Type } from "@sinclair/typebox";

export interface NotificationsConfig {
  /** Nova's [oslo_messaging_notifications] transport_url; unset = the notification layer is not checked. */
  transport_url?: string;
  wait_timeout: number; // seconds to wait for an expected notification
  quiet_window: number; // seconds to keep watching for notifications that must not come
}

export const NotificationsGroup = Type.Object(
  {
    transport_url: Type.Optional(
      Type.String({
        description:
          "Message bus Nova sends versioned notifications to: nova.conf [oslo_messaging_notifications] " +
          "transport_url (rabbit://user:pass@host:5672/vhost, several hosts comma-separated). Unset: the " +
          "notification checks are reported as not checked. Nova needs [notifications] notification_format " +
          "= versioned (or both) and include_share_mapping = true for the share checks.",
        example: "rabbit://stackrabbit:secret@127.0.0.1:5672/",
        secret: true,
      }),
    ),
    wait_timeout: Type.Number({
      exclusiveMinimum: 0,
      description: "Seconds to wait for an expected notification (after the API already shows the end state).",
    }),
    quiet_window: Type.Number({
      exclusiveMinimum: 0,
      description: "Seconds to keep listening for notifications that must not come (share_attach/share_detach).",
    }),
  },
  { additionalProperties: false, description: "Nova's versioned notifications, read from its message bus." },
);

export const NOTIFICATIONS_DEFAULTS: NotificationsConfig = { wait_timeout: 60, quiet_window: 5 };

/** Why the notification layer cannot run, or undefined when it can. */
export function notificationsNotChecked(c: NotificationsConfig | undefined): string | undefined {
  return c?.transport_url ? undefined : "not checked: notifications.transport_url not set";
}
