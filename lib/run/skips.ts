// Skips with reasons (suite contract): a test that cannot run says why, and every reporter prints that reason.
// The reason is kept on the mocha test being skipped, or on the suite when the skip happens in a `before` hook (then
// every test of that suite inherits it), so it travels with the object every reporter receives — no registry.
// A skip without a reason is a reporting failure.

import { label } from "allure-js-commons";
import type Mocha from "mocha";
import { allureActive } from "./allure.js";

/** Where the reason sits on a mocha test or suite. */
type Carrier = { vftestSkipReason?: string };

const reasonOn = (o: Mocha.Runnable | Mocha.Suite): string | undefined => (o as unknown as Carrier).vftestSkipReason;

const isHook = (r: Mocha.Runnable): boolean => (r as { type?: unknown }).type === "hook";

/** Shown (and counted as a reporting failure) for a skip that gave no reason. */
export const NO_REASON = "skipped without a reason";

/** The mocha object a skip from `ctx` applies to: the current test, or the suite for a `before all` hook. */
function skipTarget(ctx: Mocha.Context): Mocha.Runnable | Mocha.Suite | undefined {
  if (ctx.currentTest) return ctx.currentTest; // inside beforeEach/afterEach
  const running = ctx.test;
  if (running && isHook(running)) return running.parent;
  return running;
}

/** Records why the current test (or suite, from a `before` hook) is skipped, labels it for Allure, then skips it. */
export function skipWithReason(ctx: Mocha.Context, reason: string): never {
  const text = reason.trim();
  if (text === "") {
    throw new Error("skipWithReason(ctx, reason): reason is empty; say which feature or resource is missing");
  }
  const target = skipTarget(ctx);
  if (target) (target as unknown as Carrier).vftestSkipReason = text;
  if (allureActive()) void label("skip_reason", text);
  ctx.skip();
  // ctx.skip() always throws mocha's Pending; this line only satisfies the `never` return type.
  throw new Error("unreachable: mocha's ctx.skip() returned");
}

/** The recorded skip reason of a test, looking at the test itself then its enclosing suites. */
export function skipReasonFor(test: Mocha.Runnable): string | undefined {
  const own = reasonOn(test);
  if (own !== undefined) return own;
  for (let suite: Mocha.Suite | undefined = test.parent; suite; suite = suite.parent) {
    const inherited = reasonOn(suite);
    if (inherited !== undefined && !suite.root) return inherited;
  }
  return undefined;
}
