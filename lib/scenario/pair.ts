// The host-pair move: cold migrate to the pair's destination (2.56+ targeted migration, admin) from the pair's
// source; the server must start on the source and land on the destination.

import { expect } from "chai";
import { coldMigrate } from "../fixtures/moves.js";
import type { Moved, Story } from "./story.js";

/** Cold migrate the story's server to `host`. */
export async function migrateToHost(story: Story, from: string, host: string): Promise<Moved> {
  const { t, server, src } = story;
  expect(src.host, `server ${server.id}: placed on ${from} for the pair, runs on ${src.host}`).to.equal(from);
  const m = await coldMigrate(t, server, { host });
  expect(m.dest.host, `server ${server.id}: targeted migration to ${host} landed on ${m.dest.host}`).to.equal(host);
  return { ...story, kind: "migration", sameHost: false, move: m, dest: m.dest, during: new Map() };
}
