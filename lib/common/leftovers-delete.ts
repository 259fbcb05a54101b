// Deletes what findLeftovers found, dependents first: servers (and wait until gone, so Nova releases its share
// access), access rules Nova leaked on our shares (admin, unrestrict), shares (wait gone), keypairs, security
// groups, floating IPs, then the dynamic-credential users and projects. A 404 counts as deleted.

import { ForbiddenError, isNotFound } from "../clients/errors.js";
import type { Clients } from "../clients/index.js";
import type { LeftoverItem, Leftovers } from "./leftovers.js";
import { removeLeftoverRules } from "./manila-rules.js";
import { waitForShareDeleted } from "./share-waiters.js";
import { type WaitOptions, waitForServerDeleted } from "./waiters.js";

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";

async function deleteKeypair(c: Clients, name: string, userId: string | undefined): Promise<void> {
  if (userId === undefined) {
    await c.keypairs.deleteKeypair(name);
    return;
  }
  await c.rest("compute", "2.10").request("DELETE", `/os-keypairs/${encodeURIComponent(name)}`, {
    query: { user_id: userId },
    expected: [202, 204],
  });
}

/** Deletes in dependency order, one `say` line per resource; returns how many could not be deleted. */
export async function deleteLeftovers(
  c: Clients,
  l: Leftovers,
  opts: { asAdmin: boolean; wait: WaitOptions },
  say: (line: string) => void,
): Promise<number> {
  const { asAdmin, wait } = opts;
  let failed = 0;
  const attempt = async (what: string, fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      say(`deleted ${what}`);
      return true;
    } catch (e) {
      if (isNotFound(e)) {
        say(`already gone: ${what}`);
        return true;
      }
      failed += 1;
      say(`could not delete ${what}: ${firstLine(e)}`);
      return false;
    }
  };
  /** Waits until a deleted resource is gone; one that stays counts as a failure. */
  const gone = async (what: string, wait: () => Promise<unknown>): Promise<void> => {
    try {
      await wait();
    } catch (e) {
      failed += 1;
      say(`${what} did not go away: ${firstLine(e)}`);
    }
  };

  const deleting: LeftoverItem[] = [];
  for (const s of l.servers) {
    if (await attempt(`server ${s.name} (${s.id})`, () => c.servers.deleteServer(s.id))) deleting.push(s);
  }
  for (const s of deleting) await gone(`server ${s.name} (${s.id})`, () => waitForServerDeleted(c.servers, s.id, wait));

  for (const s of l.shares) {
    if (asAdmin) failed += await removeRulesAndLocks(c, s, wait, say);
    const ok = await attempt(`share ${s.name} (${s.id})`, async () => {
      try {
        await c.shares.deleteShare(s.id);
      } catch (e) {
        if (!(e instanceof ForbiddenError)) throw e;
        throw new Error(
          `${firstLine(e)}; an access rule or resource lock still protects it${asAdmin ? "" : " (run with admin credentials: --os-cloud-admin NAME)"}`,
        );
      }
    });
    if (ok) await gone(`share ${s.name} (${s.id})`, () => waitForShareDeleted(c.shares, s.id, wait));
  }
  for (const k of l.keypairs) {
    await attempt(`keypair ${k.name}${k.userId ? ` of user ${k.userId}` : ""}`, () =>
      deleteKeypair(c, k.name, k.userId),
    );
  }
  for (const g of l.securityGroups) {
    await attempt(`security group ${g.name} (${g.id})`, () => c.network.deleteSecurityGroup(g.id));
  }
  for (const f of l.floatingIps) {
    await attempt(`floating IP ${f.name} (${f.id})`, () => c.network.deleteFloatingIp(f.id));
  }
  for (const u of l.users) await attempt(`user ${u.name} (${u.id})`, () => c.identity.deleteUser(u.id));
  for (const p of l.projects) await attempt(`project ${p.name} (${p.id})`, () => c.identity.deleteProject(p.id));
  return failed;
}

/** The access rules and resource locks Nova leaked on one of our shares (the teardown the share fixture uses too). */
async function removeRulesAndLocks(
  c: Pick<Clients, "shares">,
  share: { id: string; name: string },
  wait: WaitOptions,
  say: (line: string) => void,
): Promise<number> {
  try {
    const removed = await removeLeftoverRules(c.shares, share.id, wait);
    for (const r of removed.rules)
      say(`deleted access rule ${r.accessType}:${r.accessTo} (${r.id}) on share ${share.id}`);
    if (removed.shareLocks > 0) say(`deleted ${removed.shareLocks} resource lock(s) on share ${share.id}`);
    return 0;
  } catch (e) {
    if (isNotFound(e)) return 0;
    say(`could not remove the access rules of share ${share.name} (${share.id}): ${firstLine(e)}`);
    return 1;
  }
}
