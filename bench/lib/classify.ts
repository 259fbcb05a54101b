// What an HTTP request was for, from its method and path alone (the same rules for vftest's own request log and
// for the simulator-side log of a Tempest run): a poll re-reads one server or share, an action changes something,
// a check reads anything else of a layer (API: share mappings, migrations, instance actions; Manila: access rules,
// locks, export locations), auth talks to Keystone.

export type RequestKind = "poll" | "action" | "check:api" | "check:manila" | "auth" | "other";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const POLL = new RegExp(`^/(compute/v2\\.1/servers|share/v2/shares)/${UUID}$`);

export function classify(method: string, url: string): RequestKind {
  const p = url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "");
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
