// Manila /v2/resource-locks (2.81+).

import type { TokenInfo } from "../../contracts.js";
import { type Obj, onlyKeys, optString, queryBool, requireObject } from "../../http/body.js";
import type { Router } from "../../http/router.js";
import { isMember } from "../util.js";
import type { ManilaContext } from "./context.js";
import { err } from "./context.js";

/** Microseconds since the epoch (Manila compares created_at to the filter in its database's microseconds). */
const micros = (d: Date) => d.getTime() * 1000;

/** An ISO 8601 date or date-time: date, time (seconds and fraction optional), offset (Z, ±hh, ±hh:mm, ±hhmm). */
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?(?:(Z)|([+-])(\d{2}):?(\d{2})?)?$/i;

/**
 * created_since / created_before as Manila reads them (timeutils.parse_isotime, then normalize_time): naive means
 * UTC; anything unparsable is a 400. In microseconds since the epoch.
 */
function timeFilter(v: string | null, key: string): number | undefined {
  if (v === null) return undefined;
  const m = ISO_TIME.exec(v);
  const n = (i: number) => Number(m?.[i] ?? 0);
  const at = m ? Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6)) : Number.NaN;
  // Date.UTC rolls over (Feb 30 -> Mar 2): a day that does not exist is one that changed.
  const inRange = n(2) >= 1 && n(2) <= 12 && n(4) <= 23 && n(5) <= 59 && n(6) <= 59;
  if (!m || !inRange || Number.isNaN(at) || new Date(at).getUTCDate() !== n(3)) {
    throw err(400, `Invalid value specified for the query key: ${key}`);
  }
  const offsetMin = m[9] ? (m[9] === "-" ? -1 : 1) * (n(10) * 60 + n(11)) : 0;
  return (at - offsetMin * 60_000) * 1000 + Number((m[7] ?? "").padEnd(6, "0"));
}

export function lockRoutes(r: Router, ctx: ManilaContext): void {
  const { store, views, shareBase, call, wrap } = ctx;
  // --- resource locks (2.81+) ---
  r.on("GET", "/v2/resource-locks", (req) => {
    const { token } = call(req, [2, 81]);
    const q = req.query;
    const all = token.isAdmin && (queryBool(q.get("all_tenants")) || queryBool(q.get("all_projects")));
    const project = token.isAdmin ? q.get("project_id") : null;
    const filters = [
      "id",
      "resource_id",
      "resource_type",
      "resource_action",
      "user_id",
      "lock_context",
      "lock_reason",
    ] as const;
    const field = {
      id: "id",
      resource_id: "resourceId",
      resource_type: "resourceType",
      resource_action: "resourceAction",
      user_id: "userId",
      lock_context: "lockContext",
      lock_reason: "lockReason",
    } as const;
    const since = timeFilter(q.get("created_since"), "created_since");
    const before = timeFilter(q.get("created_before"), "created_before");
    const locks = [...store.locks.values()]
      .filter((l) => (project ? l.projectId === project : all || l.projectId === token.projectId))
      .filter((l) => filters.every((f) => q.get(f) === null || l[field[f]] === q.get(f)))
      .filter(
        (l) =>
          (since === undefined || micros(l.createdAt) >= since) &&
          (before === undefined || micros(l.createdAt) <= before),
      )
      .sort((a, b) => +b.createdAt - +a.createdAt);
    const body: Obj = { resource_locks: locks.map((l) => views.lock(shareBase(req), l)) };
    if (queryBool(q.get("with_count"))) body.count = locks.length;
    return { status: 200, body };
  });
  const visibleLock = (id: string, token: TokenInfo) => {
    const l = store.locks.get(id);
    if (!l || (!token.isAdmin && l.projectId !== token.projectId))
      throw err(404, `Resource lock ${id} could not be found.`);
    return l;
  };
  r.on("GET", "/v2/resource-locks/:id", (req) => {
    const { token } = call(req, [2, 81]);
    return { status: 200, body: { resource_lock: views.lock(shareBase(req), visibleLock(req.params.id!, token)) } };
  });
  r.on("DELETE", "/v2/resource-locks/:id", (req) => {
    const { token, actor } = call(req, [2, 81]);
    const l = visibleLock(req.params.id!, token);
    if (!store.canManipulate(actor, l)) {
      throw err(403, "Resource lock cannot be manipulated by user. Please contact the administrator.");
    }
    store.locks.delete(l.id);
    return { status: 204 };
  });
  r.on("POST", "/v2/resource-locks", (req) => {
    const { token, actor } = call(req, [2, 81]);
    if (!isMember(token)) throw err(403, "Policy doesn't allow resource_lock:create to be performed.");
    const b = requireObject(req.body, "resource_lock", err);
    onlyKeys(b, ["resource_id", "resource_type", "resource_action", "lock_reason"], "resource_lock", err);
    const type = optString(b, "resource_type", err) ?? "share";
    const action = optString(b, "resource_action", err, { nullable: true }) ?? "delete";
    const reason = optString(b, "lock_reason", err, { nullable: true }) ?? null;
    if (reason && reason.length > 1023) throw err(400, "'lock_reason' can contain a maximum of 1023 characters.");
    if (type !== "share" && type !== "access_rule")
      throw err(400, "'resource_type' is required and must be one of ('share', 'access_rule')");
    const actions = type === "share" ? ["delete"] : ["delete", "show"];
    if (!actions.includes(action)) throw err(400, `'resource_action' can only be one of ['${actions.join("', '")}']`);
    const id = optString(b, "resource_id", err) ?? "";
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw err(400, "Resource ID is required and must be in uuid format.");
    }
    const owner = type === "share" ? store.shares.get(id) : store.shares.get(store.rules.get(id)?.shareId ?? "");
    if (!owner || (!token.isAdmin && owner.projectId !== token.projectId)) throw err(400, "No such resource found.");
    const state = type === "share" ? owner.status : store.rules.get(id)!.state;
    if (action === "delete" && ["deleting", "error_deleting", "queued_to_deny", "denying"].includes(state)) {
      throw err(409, "Invalid input received: Resource status not suitable for locking.");
    }
    const lock = wrap(() => store.addLock({ actor, type, id, action: action as "delete" | "show", reason }));
    return { status: 200, body: { resource_lock: views.lock(shareBase(req), lock) } };
  });
}
