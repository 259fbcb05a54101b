// What an HTTP request was for, from its method and path alone (the same rules for vftest's own request log and
// for the simulator-side log of a Tempest run): a poll re-reads one server or share, an action changes something,
// a check reads anything else of a layer (API: share mappings, migrations, instance actions; Manila: access rules,
// locks, export locations), auth talks to Keystone.
// `moveWindow` cuts the same flow out of both logs: from the move request (migrate/resize) up to the server's
// DELETE (exclusive), i.e. the move, its end (confirm/revert) and every check made after it.

export type RequestKind = "poll" | "action" | "check:api" | "check:manila" | "auth" | "other";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const POLL = new RegExp(`^/(compute/v2\\.1/servers|share/v2/shares)/${UUID}$`);
const SERVER_ACTION = new RegExp(`^/compute/v2\\.1/servers/(${UUID})/action$`);
const SERVER = new RegExp(`^/compute/v2\\.1/servers/(${UUID})$`);

const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "");

export function classify(method: string, url: string): RequestKind {
  const p = pathOf(url);
  if (p.startsWith("/identity/")) return "auth";
  if (method !== "GET") return "action";
  if (POLL.test(p)) return "poll";
  if (p.startsWith("/compute/") && p !== "/compute/v2.1/" && p !== "/compute/") return "check:api";
  if (p.startsWith("/share/") && p !== "/share/v2/" && p !== "/share/") return "check:manila";
  return "other";
}

export type Counts = Record<RequestKind, number> & { total: number };

export function count(reqs: { method: string; url: string }[]): Counts {
  const c: Counts = { poll: 0, action: 0, "check:api": 0, "check:manila": 0, auth: 0, other: 0, total: 0 };
  for (const r of reqs) {
    c[classify(r.method, r.url)]++;
    c.total++;
  }
  return c;
}

export const formatCounts = (c: Counts) =>
  `${c.total} requests: ${c.poll} polls, ${c.action} actions, checks ${c["check:api"]} API + ${c["check:manila"]} Manila, ${c.auth} auth, ${c.other} other`;

export interface LoggedRequest {
  method: string;
  url: string;
  /** The request body where the log has it (vftest's log); a simulator-side log has none. */
  body?: unknown;
}

const isMoveBody = (b: unknown) => typeof b === "object" && b !== null && ("migrate" in b || "resize" in b);

/**
 * The requests of one test (in order) from its move request to the moved server's DELETE (exclusive; the end of
 * the list when the server is not deleted). The move request is the first server action whose body is a migrate
 * or resize; in a log without bodies, the first server action (Tempest's test_cold_migration: migrate comes first).
 * `from: "create"` starts at the server's create instead (Tempest's whole test method). Empty when there is no move.
 */
export function moveWindow<R extends LoggedRequest>(reqs: R[], from: "move" | "create" = "move"): R[] {
  const bodies = reqs.some((r) => r.body !== undefined);
  const start = reqs.findIndex(
    (r) => r.method === "POST" && SERVER_ACTION.test(pathOf(r.url)) && (!bodies || isMoveBody(r.body)),
  );
  if (start < 0) return [];
  const serverId = SERVER_ACTION.exec(pathOf(reqs[start]!.url))?.[1];
  let first = start;
  if (from === "create") {
    const created = reqs
      .slice(0, start)
      .findIndex((r) => r.method === "POST" && pathOf(r.url) === "/compute/v2.1/servers");
    if (created < 0) return [];
    first = created;
  }
  const end = reqs.findIndex(
    (r, i) => i > start && r.method === "DELETE" && SERVER.exec(pathOf(r.url))?.[1] === serverId,
  );
  return reqs.slice(first, end < 0 ? reqs.length : end);
}
