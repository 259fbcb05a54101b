// The state a scenario carries from step to step: the server and its shares with the data written before the move
// (Story), where it moved (Moved), and how the move ended (Ended). Steps take one and return the next, so a test
// body reads create → act → observe → expect from top to bottom.

import type { RuleView } from "../expect/manila.js";
import type { GuestSession } from "../fixtures/guest.js";
import type { MoveResult, Placement } from "../fixtures/moves.js";
import type { TestScope } from "../fixtures/scope.js";
import type { ServerFixture, ShareFixture } from "../fixtures/types.js";

/** One share as the moving server uses it. */
export interface Attached {
  share: ShareFixture;
  tag: string;
  /** Where the guest mounts the tag. */
  dir: string;
  /** sha256 of the file written before the move. */
  before: string;
  /** Every rule of the share before the move. */
  rules: RuleView[];
  /** The rule(s) this server's attach added for the source host. */
  own: RuleView[];
}

export interface Story {
  t: TestScope;
  server: ServerFixture;
  shares: ShareFixture[];
  tags: string[];
  items: Attached[];
  /** Where the server ran before the move. */
  src: Placement;
  /** The server was stopped before the move (it moves SHUTOFF, mappings stay inactive). */
  stopped: boolean;
  /** Hosts where another server uses the same shares (their rules and mounts must stay). */
  otherUsers: ReadonlySet<string>;
}

export interface Moved extends Story {
  kind: "migration" | "resize";
  /** The move was asked to stay on the source host (same-host resize). */
  sameHost: boolean;
  move: MoveResult;
  dest: Placement;
  /** sha256 of what the guest wrote during VERIFY_RESIZE, per share id. */
  during: Map<string, string>;
  /** The worker's notification mark taken just before the move request; undefined: layer not checked. */
  notificationsSince?: number;
  /** Every rule of each share as the VERIFY_RESIZE window's Manila check read it (set once that check passed). */
  rulesInWindow?: Map<string, RuleView[]>;
  /** The guest session of the VERIFY_RESIZE window's guest check (open until the test ends or the guest reboots). */
  guestInWindow?: GuestSession;
}

export interface Ended extends Moved {
  end: "confirm" | "revert";
  /** ACTIVE, or SHUTOFF for a server that moved stopped. */
  endStatus: string;
  /** The host the server runs on after the end, and the host it left (the same host for a same-host resize). */
  finalHost: string;
  leftHost: string;
  leftInstance: string;
  /** Every rule of each share just before confirm/revert, per share id. */
  rulesBefore: Map<string, RuleView[]>;
  /** Request id of the confirmResize/revertResize call. */
  endRequestId?: string;
  /** Where the server is, from the poll that saw the end state (set once confirm/revert returned). */
  endPlacement?: Placement;
}

/** What the share mappings must say while the server is as it is: `inactive` when stopped, `active` otherwise. */
export function mappingStatus(s: Story): string {
  return s.stopped ? "inactive" : "active";
}
