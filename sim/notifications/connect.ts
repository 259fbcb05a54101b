// The embedded cloud's notifier, connected at start: a bad URL or an unreachable broker is one clear error
// (the password masked), never a stack trace.

import type { FaultSwitch } from "../contracts.js";
import { NovaNotifier } from "./notifier.js";

export function maskUrl(url: string): string {
  return url.replace(/(\/\/[^:/@,]+:)[^@]*@/g, "$1***@");
}

export async function connectNotifier(opts: {
  url: string;
  includeShareMapping?: boolean;
  faults: FaultSwitch;
  log: (line: string) => void;
}): Promise<NovaNotifier> {
  if (!/^(amqp|rabbit):\/\//.test(opts.url)) {
    throw new Error(`notification transport URL must start with amqp:// or rabbit://, got ${maskUrl(opts.url)}`);
  }
  try {
    const n = await NovaNotifier.connect(opts);
    opts.log(`nova: versioned notifications to ${maskUrl(opts.url)} (exchange nova, versioned_notifications.*)`);
    return n;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`cannot connect to the notification broker ${maskUrl(opts.url)}: ${maskUrl(why)}`);
  }
}
