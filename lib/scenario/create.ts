// Create: a server with N shares (new ones, or shares other servers already use), data written into each from
// the guest, and the source's rules noted; stop it when the scenario moves a stopped server.

import { expectMappings } from "../expect/api.js";
import { expectGuestShare } from "../expect/guest.js";
import { accessRules, expectRulesLocked, type RuleView } from "../expect/manila.js";
import { openGuest } from "../fixtures/guest.js";
import { placement } from "../fixtures/moves.js";
import type { TestScope } from "../fixtures/scope.js";
import { createServerWithShares } from "../fixtures/server-with-shares.js";
import type { ShareFixture } from "../fixtures/types.js";
import { waits } from "../fixtures/wait.js";
import type { Attached, Story } from "./story.js";
import { together } from "./together.js";

const tagsFor = (n: number) => Array.from({ length: n }, (_, i) => `vftest-tag-${i + 1}`);

export interface ServerWithDataOptions {
  /** How many new shares, or existing shares (other servers may already use them). */
  shares: number | ShareFixture[];
  /** Hosts where another server uses these shares. */
  otherUsersOn?: string[];
  /** Run the server on this compute host (host-pair tests). */
  on?: string;
}

/** A server with its shares mounted in the guest, a file written into each, and its rules active and locked. */
export async function serverWithData(t: TestScope, opts: ServerWithDataOptions): Promise<Story> {
  const { config } = t.env;
  const existing = typeof opts.shares === "number" ? [] : opts.shares;
  const n = typeof opts.shares === "number" ? opts.shares : opts.shares.length;
  const tags = tagsFor(n);
  // Rules that exist before this server is attached belong to other servers' hosts and must outlive the test.
  const pre = new Map<string, RuleView[]>();
  for (const share of existing) pre.set(share.id, await accessRules(t, share));
  const created = await createServerWithShares(t, { shares: opts.shares, tags, on: opts.on });
  const { server, shares } = created;
  const src = created.placement ?? (await placement(t, server));
  const items: Attached[] = [];
  await t.step(`write data into ${n} share(s) from the guest on ${src.host}`, async () => {
    const guest = await openGuest(t, server);
    for (const [i, share] of shares.entries()) {
      const dir = `${config.validation.mount_point}/${tags[i]}`;
      // The guest's writes and Manila's rules do not depend on each other: both at once.
      const [before, rules] = await together(
        expectGuestShare(t, guest, { tag: tags[i]!, dir, host: src.host, files: [], write: `${dir}/before.bin` }),
        accessRules(t, share).then(async (rules) => {
          await expectRulesLocked(t, share, rules);
          return rules;
        }),
      );
      const others = pre.get(share.id) ?? [];
      const own = rules.filter((r) => !others.some((o) => o.id === r.id));
      items.push({ share, tag: tags[i]!, dir, before: before!, rules, own });
    }
    await guest.close();
  });
  return { t, server, shares, tags, items, src, stopped: false, otherUsers: new Set(opts.otherUsersOn ?? []) };
}

/** Stops the server (after its data was written); its share mappings must turn `inactive`. */
export async function stopServer(story: Story): Promise<void> {
  const { t, server } = story;
  await t.step(`stop server ${server.id}`, async () => {
    const stopped = await t.env.member.servers.stopServer(server.id);
    await waits(t).serverStatus(server.id, "SHUTOFF", { ...stopped, action: "stop" });
    await expectMappings(t, server, story.shares, story.tags, "inactive");
  });
  story.stopped = true;
}
