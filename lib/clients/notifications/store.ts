// What a notification listener has received, per instance uuid, and the bounded waits on it. Separate from the
// AMQP connection (listener.ts) so the matching can be tested by feeding message bodies.

import { VftestError } from "../errors.js";
import { type ReceivedNotification, unwrap } from "./envelope.js";

export class NotificationBusError extends VftestError {
  override name = "NotificationBusError";
}
/** An expected notification did not arrive in time; the message lists what did arrive for the server. */
export class NotificationTimeoutError extends VftestError {
  override name = "NotificationTimeoutError";
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

export class NotificationStore {
  /** Seq of the next notification. Only instance notifications are kept (a busy cloud also sends service.update,
   * aggregate.*, ... to the same topic). */
  private nextSeq = 0;
  private readonly byInstance = new Map<string, ReceivedNotification[]>();
  /** The first 50 messages that did not match the expected shapes, with the problems; and how many there were. */
  private readonly unreadable: string[] = [];
  private unreadableCount = 0;
  private readonly waiters = new Set<() => void>();
  private lost: string | undefined;
  protected closing = false;

  constructor(protected readonly log: (line: string) => void = () => {}) {}

  protected markLost(reason: string): void {
    if (this.closing || this.lost) return;
    this.lost = reason;
    this.log(`notifications: ${reason}`);
    for (const w of this.waiters) w();
  }

  /** Feeds one message body (public for tests that replay captured bodies). */
  receive(body: Buffer | string, routingKey: string): void {
    const u = unwrap(body, routingKey);
    if (!u.ok) {
      this.unreadableCount++;
      if (this.unreadable.length < 50) {
        this.unreadable.push(`${routingKey}: ${u.problems.join("; ")}`);
        this.log(`notifications: unreadable message on ${routingKey}: ${u.problems.join("; ")}`);
      }
      return;
    }
    const n: ReceivedNotification = { ...u.notification, seq: this.nextSeq++, receivedAt: Date.now() };
    if (n.instanceUuid) {
      const list = this.byInstance.get(n.instanceUuid) ?? [];
      list.push(n);
      this.byInstance.set(n.instanceUuid, list);
    }
    for (const w of this.waiters) w();
  }

  /** The seq the next notification will get: pass it as `since` to only look at what comes after now. */
  mark(): number {
    return this.nextSeq;
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
      this.unreadableCount > 0 ? `; ${this.unreadableCount} unreadable message(s), first: ${this.unreadable[0]}` : "";
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

  /**
   * Resolves with the seq of the first notification for the instance with seq >= `from` that `match` accepts (at
   * once when one is already here), or undefined when `signal` aborts or the listener stops first. For waits that
   * poll sooner when Nova says a step ended: a hint, never a verdict.
   */
  arrival(
    instanceUuid: string,
    match: (n: ReceivedNotification) => boolean,
    from: number,
    signal: AbortSignal,
  ): Promise<number | undefined> {
    const hit = () => this.events(instanceUuid, from).find(match)?.seq;
    return new Promise((resolve) => {
      const check = () => {
        const seq = this.lost || signal.aborted ? undefined : hit();
        if (seq === undefined && !this.lost && !signal.aborted) return;
        this.waiters.delete(check);
        signal.removeEventListener("abort", check);
        resolve(seq);
      };
      this.waiters.add(check);
      signal.addEventListener("abort", check, { once: true });
      check();
    });
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

  /** Wakes every waiter (they re-check and fail with what arrived if the listener stopped). */
  protected wakeAll(): void {
    for (const w of this.waiters) w();
  }
}
