// What scenario files import: the steps of a move story and the per-layer expectations over it.

export { confirmMove, migrate, migrateToAnotherHost, resize, resizeOnSameHost, revertMove } from "./act.js";
export { type Bystander, bystanderOn, bystanderUsing, expectBystanderUnaffected } from "./bystander.js";
export { serverWithData, stopServer } from "./create.js";
export { expectInGuest, startWhereItEnded } from "./expect-in-guest.js";
export { expectInManila } from "./expect-in-manila.js";
export { expectInNotifications } from "./expect-in-notifications.js";
export { expectOnApi } from "./expect-on-api.js";
export { expectOnHost } from "./expect-on-host.js";
export {
  deleteAfterFailedMove,
  expectNoDestinationMount,
  expectNoDestinationRule,
  migrateIntoError,
  rulesOf,
} from "./failed-move.js";
export { migrateToHost } from "./pair.js";
export { duringWindow } from "./phase.js";
export type { Ended, Moved, Story } from "./story.js";
export { together } from "./together.js";
