// The run's progress on the console: on a terminal one status line that refreshes in place (kept below the
// per-test lines: it is cleared before each line is printed and drawn again after); elsewhere (CI logs, pipes) a
// plain progress line every few tests. node:readline moves the cursor; no terminal library needed.

import readline from "node:readline";
import { formatElapsed } from "./format.js";

export interface ProgressCounts {
  done: number;
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface StatusStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** `[12/27] 11 passed, 0 failed, 1 skipped — 31s, ETA 24s` (no ETA before the first result or at the end). */
export function progressLine(c: ProgressCounts, elapsedMs: number): string {
  const eta = c.done > 0 && c.done < c.total ? `, ETA ${formatElapsed((elapsedMs / c.done) * (c.total - c.done))}` : "";
  return `[${c.done}/${c.total}] ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped — ${formatElapsed(elapsedMs)}${eta}`;
}

/** A plain progress line every this many tests, or after this long, when the output is not a terminal. */
const PLAIN_EVERY_TESTS = 5;
const PLAIN_EVERY_MS = 60_000;

export class StatusLine {
  readonly counts: ProgressCounts = { done: 0, total: 0, passed: 0, failed: 0, skipped: 0 };
  readonly #live: boolean;
  #startedAt = Date.now();
  #shown = false;
  #lastPlainAt = Date.now();
  #lastPlainDone = 0;
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  /** `live`: refresh in place (a terminal, and no step log interleaving on stderr). */
  constructor(
    private readonly stream: StatusStream,
    opts: { live?: boolean } = {},
  ) {
    this.#live = opts.live ?? stream.isTTY === true;
  }

  start(total: number): void {
    this.counts.total = total;
    this.#startedAt = Date.now();
    this.#lastPlainAt = this.#startedAt;
    this.#running = true;
    if (this.#live) {
      this.#draw();
      // elapsed and ETA keep moving during a long test
      this.#timer = setInterval(() => this.#draw(), 1000);
      this.#timer.unref();
    }
  }

  /** Prints text (one or more whole lines) above the status line. */
  print(text: string): void {
    this.#erase();
    this.stream.write(text.endsWith("\n") ? text : `${text}\n`);
    if (this.#live && this.#running) this.#draw();
  }

  /** Counts one finished test and shows the new progress. */
  result(state: "passed" | "failed" | "skipped"): void {
    this.counts.done += 1;
    this.counts[state] += 1;
    if (this.#live) {
      this.#draw();
      return;
    }
    const now = Date.now();
    const due =
      this.counts.done - this.#lastPlainDone >= PLAIN_EVERY_TESTS ||
      now - this.#lastPlainAt >= PLAIN_EVERY_MS ||
      this.counts.done === this.counts.total;
    if (due) {
      this.#lastPlainAt = now;
      this.#lastPlainDone = this.counts.done;
      this.stream.write(`${this.text()}\n`);
    }
  }

  text(): string {
    return progressLine(this.counts, Date.now() - this.#startedAt);
  }

  /** Removes the status line for good (the summary follows). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#running = false;
    this.#erase();
  }

  #draw(): void {
    const width = this.stream.columns ?? 120;
    const text = this.text();
    this.#erase();
    this.stream.write(text.length >= width ? `${text.slice(0, width - 2)}…` : text);
    this.#shown = true;
  }

  #erase(): void {
    if (!this.#shown) return;
    readline.clearLine(this.stream as NodeJS.WritableStream, 0);
    readline.cursorTo(this.stream as NodeJS.WritableStream, 0);
    this.#shown = false;
  }
}
