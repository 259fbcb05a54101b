// The leftover-rule teardown: Nova removes its access rule when the server goes; rules still on the share after
// that (a server deleted after a failed move, or Nova killed mid-way) are locked against deletion, so the admin
// denies them with unrestrict. Rules Manila is already denying (queued_to_deny, denying) are only waited for.

import { isNotFound } from "../clients/errors.js";
import type { Clients } from "../clients/index.js";
import { type WaitOptions, waitForAccessRuleGone } from "./waiters.js";

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";

const beingDenied = (state: string): boolean => /deny|deleting/.test(state);

/**
 * Removes every access rule left on the share (admin clients) and waits until each is gone; `say` gets one line
 * per rule. Returns how many could not be removed. A share or rule already gone counts as removed.
 */
export async function removeLeakedAccessRules(
  c: Pick<Clients, "shares">,
  share: { id: string; name: string },
  wait: WaitOptions,
  say: (line: string) => void,
): Promise<number> {
  let failed = 0;
  let rules: { id: string; access_type: string; access_to: string; state: string }[];
  try {
    rules = await c.shares.listAccessRules(share.id);
  } catch (e) {
    if (isNotFound(e)) return 0;
    say(`could not list the access rules of share ${share.name} (${share.id}): ${firstLine(e)}`);
    return 1;
  }
  for (const r of rules) {
    const what = `access rule ${r.access_type}:${r.access_to} (${r.id}) on share ${share.id}`;
    try {
      if (!beingDenied(r.state)) {
        try {
          await c.shares.deleteAccessRule(share.id, r.id, { unrestrict: true });
        } catch (e) {
          // Nova may have started denying it between our listing and our call: then only wait.
          const now = (await c.shares.listAccessRules(share.id)).find((x) => x.id === r.id);
          if (now && !beingDenied(now.state)) throw e;
        }
      }
      await waitForAccessRuleGone(c.shares, share.id, r.id, wait);
      say(`deleted ${what}`);
    } catch (e) {
      if (isNotFound(e)) {
        say(`already gone: ${what}`);
        continue;
      }
      failed += 1;
      say(`could not delete ${what}: ${firstLine(e)}`);
    }
  }
  return failed;
}
