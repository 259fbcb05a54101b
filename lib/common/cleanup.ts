// CleanupStack: what a test (or a fixture) created, undone in reverse order. Register the cleanup on the line after
// the create. runAll() always attempts every step; a 404 means "already gone"; all other failures are collected
// into one CleanupError thrown at the end, so one stuck server does not leak the shares behind it.

import { isNotFound } from "../clients/errors.js";
import { CleanupError, type CleanupFailure } from "./errors.js";
import type { LogFn } from "./log.js";

export type CleanupFn = () => unknown | Promise<unknown>;

/** What a teardown step deletes, so a run stopped before its cleanup can list what it left (leftovers.json). */
export interface CleanupResource {
  /** `server`, `share`, `floating_ip`, `keypair`, `security_group`, `user`, `project`. */
  type: LeftoverType;
  name: string;
  id: string;
  /** Keypairs: the user owning it (an admin deletes another user's keypair with ?user_id=). */
  userId?: string;
}

export type LeftoverType = "server" | "share" | "floating_ip" | "keypair" | "security_group" | "user" | "project";

export interface CleanupHandle {
  readonly label: string;
  /** Drop this step (the resource was deleted by the test itself). No effect once it ran. */
  cancel(): void;
}

export interface CleanupStackOptions {
  /** For messages: "test <title>", "worker 3 credentials". */
  name?: string;
  log?: LogFn;
}

interface Entry {
  label: string;
  fn: CleanupFn;
  resource?: CleanupResource;
}

export class CleanupStack {
  readonly name: string;
  private readonly entries: Entry[] = [];
  private readonly log: LogFn;
  private running?: Promise<void>;
  /** The step running now (its resource is not gone until the step returns). */
  private current?: Entry;

  constructor(opts: CleanupStackOptions = {}) {
    this.name = opts.name ?? "cleanup stack";
    this.log = opts.log ?? (() => undefined);
  }

  /** Push a step; steps run last-in first-out. `resource` names what the step deletes (for leftovers.json). */
  defer(label: string, fn: CleanupFn, resource?: CleanupResource): CleanupHandle {
    const entry: Entry = { label, fn, ...(resource ? { resource } : {}) };
    this.entries.push(entry);
    return {
      label,
      cancel: () => {
        const i = this.entries.indexOf(entry);
        if (i >= 0) this.entries.splice(i, 1);
      },
    };
  }

  /** Steps still to run, in the order runAll will run them. */
  pending(): string[] {
    return this.entries.map((e) => e.label).reverse();
  }

  /** What the pending steps would delete, in the order runAll would delete it (the step running now included). */
  resources(): CleanupResource[] {
    const running = this.current?.resource ? [this.current.resource] : [];
    return [...running, ...this.entries.flatMap((e) => (e.resource ? [e.resource] : [])).reverse()];
  }

  /**
   * Run every pending step LIFO (including steps deferred while running). Concurrent calls share one run; a later
   * call runs only what was deferred since. Throws one CleanupError listing every failure, after running all.
   */
  runAll(): Promise<void> {
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async drain(): Promise<void> {
    const failures: CleanupFailure[] = [];
    for (let entry = this.entries.pop(); entry; entry = this.entries.pop()) {
      this.log(`cleanup (${this.name}): ${entry.label}`);
      this.current = entry;
      try {
        await entry.fn();
      } catch (e) {
        if (isNotFound(e)) {
          this.log(`cleanup (${this.name}): ${entry.label}: already gone (404)`);
          continue;
        }
        this.log(`cleanup (${this.name}): ${entry.label} FAILED: ${e instanceof Error ? e.message : String(e)}`);
        failures.push({ label: entry.label, error: e });
      } finally {
        this.current = undefined;
      }
    }
    if (failures.length > 0) throw new CleanupError(this.name, failures);
  }
}

/**
 * Run `body` with a fresh stack and always run the stack afterwards. If the body failed, its error wins and a
 * cleanup failure is only logged (the test failure is the story; the leak is in the log). Otherwise a cleanup
 * failure is thrown.
 */
export async function withCleanup<T>(
  body: (stack: CleanupStack) => Promise<T>,
  opts: CleanupStackOptions = {},
): Promise<T> {
  const stack = new CleanupStack(opts);
  let result: T;
  try {
    result = await body(stack);
  } catch (e) {
    await stack.runAll().catch((ce: unknown) => opts.log?.(ce instanceof Error ? ce.message : String(ce)));
    throw e;
  }
  await stack.runAll();
  return result;
}
