// Fault profiles of the simulator's notifier. Kept apart from sim/faults.ts's FAULT_PROFILES until the scenario
// suite runs the notification checks: every profile there must have a row in the detection table, and these get
// theirs when the checks are wired into the scenario stories. sim/faults.ts accepts their names already.

import type { FaultProfile } from "../faults.js";

export const NOTIFICATION_FAULT_PROFILES: readonly FaultProfile[] = [
  {
    name: "move-emits-share-notifications",
    kind: "bug",
    description:
      "a move sends instance.share_detach/share_attach notifications (the refactored access helpers do not suppress them)",
  },
  {
    name: "resize-finish-notification-missing",
    kind: "bug",
    description: "finish_resize on the destination sends no instance.resize_finish.start/end notification",
  },
  {
    name: "notification-payload-without-shares",
    kind: "bug",
    description: "versioned notifications of a server with shares carry an empty shares list",
  },
];
