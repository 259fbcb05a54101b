// Manila access rules: allow_access/deny_access share actions and /v2/share-access-rules (2.45+), with the
// visibility/deletion locks of 2.82.

import type { TokenInfo } from "../../contracts.js";
import { isObj, onlyKeys, optBool, optString } from "../../http/body.js";
import type { Router, SimRequest } from "../../http/router.js";
import type { ManilaContext } from "./context.js";
import { err, validateAccess } from "./context.js";
import type { Actor } from "./store.js";
import { atLeast, type Version } from "./views.js";

/** The allow_access and deny_access share actions (POST /v2/shares/{id}/action). */
export function accessActions(ctx: ManilaContext) {
  const { store, views, wrap, ownShare } = ctx;
  const allowAccess = (req: SimRequest, v: Version, token: TokenInfo, actor: Actor, payload: unknown) => {
    const s = ownShare(req.params.id!, token, "allow_access");
    if (!isObj(payload)) throw err(400, "Invalid request body: 'allow_access' must be an object.");
    const locks = atLeast(v, 2, 82);
    onlyKeys(
      payload,
      [
        "access_type",
        "access_to",
        "access_level",
        "metadata",
        ...(locks ? ["lock_visibility", "lock_deletion", "lock_reason"] : []),
      ],
      "allow_access",
      err,
    );
    const type = payload.access_type;
    const to = payload.access_to;
    if (typeof type !== "string" || typeof to !== "string" || to === "") {
      throw err(400, "Invalid request body: 'access_type' and 'access_to' are required strings.");
    }
    const level = payload.access_level ?? "rw";
    if (level !== "rw" && level !== "ro") throw err(400, `Invalid share access level: ${String(level)}.`);
    validateAccess(type, to, v);
    const lockDeletion = locks ? (optBool(payload, "lock_deletion", err) ?? false) : false;
    const lockVisibility = locks ? (optBool(payload, "lock_visibility", err) ?? false) : false;
    const reason = locks ? (optString(payload, "lock_reason", err, { nullable: true, max: 1023 }) ?? null) : null;
    if (!(lockDeletion || lockVisibility) && reason !== null) {
      throw err(
        400,
        "Lock reason can only be specified when locking the visibility or the deletion of an access rule.",
      );
    }
    let metadata: Record<string, string> | undefined;
    if (atLeast(v, 2, 45) && payload.metadata !== undefined) {
      if (!isObj(payload.metadata) || !Object.values(payload.metadata).every((x) => typeof x === "string")) {
        throw err(400, "Invalid metadata: expected an object of string values.");
      }
      metadata = payload.metadata as Record<string, string>;
    }
    const rule = wrap(() =>
      store.allow(
        s,
        { accessType: type, accessTo: to, accessLevel: level, metadata },
        { deletion: lockDeletion, visibility: lockVisibility, reason, actor },
      ),
    );
    return { status: 200, body: { access: views.rule(rule, v, actor, true) } };
  };

  const denyAccess = (req: SimRequest, v: Version, token: TokenInfo, actor: Actor, payload: unknown) => {
    const s = ownShare(req.params.id!, token, "deny_access");
    if (!isObj(payload) || typeof payload.access_id !== "string") {
      throw err(400, "Invalid request body: 'deny_access' must be an object with a string 'access_id'.");
    }
    const unrestrict = atLeast(v, 2, 82) ? (optBool(payload, "unrestrict", err) ?? false) : false;
    const accessId = payload.access_id;
    const deletionLocks = store.locksOn(accessId, "delete");
    if (deletionLocks.length > 0) {
      if (!unrestrict) {
        throw err(
          403,
          `Cannot deny access for share '${s.id}' since it has been locked. Please remove the locks and retry the operation`,
        );
      }
      if (deletionLocks.some((l) => !store.canManipulate(actor, l))) {
        throw err(403, "Unable to drop access rule restrictions that are not placed by you.");
      }
    }
    const rule = store.rules.get(accessId);
    if (!rule || rule.shareId !== s.id) throw err(404, `Access rule ${accessId} not found.`);
    store.deny(rule.id, { keepLocks: false });
    return { status: 202 };
  };
  return { allowAccess, denyAccess };
}

export function accessRoutes(r: Router, ctx: ManilaContext): void {
  const { store, views, call } = ctx;
  // --- access rules (2.45+) ---
  r.on("GET", "/v2/share-access-rules", (req) => {
    const { v, token, actor } = call(req, [2, 45]);
    const shareId = req.query.get("share_id");
    if (!shareId) throw err(400, "The field 'share_id' has to be specified.");
    const s = store.shares.get(shareId);
    if (!s || (!token.isAdmin && s.projectId !== token.projectId && !s.isPublic))
      throw err(400, `Share ${shareId} not found.`);
    const type = req.query.get("access_type");
    const to = req.query.get("access_to");
    const level = req.query.get("access_level");
    if (atLeast(v, 2, 82) && to !== null && type === null) {
      throw err(400, "'access_type' parameter must be provided when specifying 'access_to'.");
    }
    const rules = store
      .rulesOf(s.id)
      .filter((x) => (type === null || x.accessType === type) && (level === null || x.accessLevel === level))
      .filter((x) => to === null || (x.accessTo === to && !store.restricted(actor, x.id)));
    return { status: 200, body: { access_list: rules.map((x) => views.rule(x, v, actor, false)) } };
  });
  r.on("GET", "/v2/share-access-rules/:id", (req) => {
    const { v, token, actor } = call(req, [2, 45]);
    const rule = store.rules.get(req.params.id!);
    const s = rule ? store.shares.get(rule.shareId) : undefined;
    if (!rule || !s || (!token.isAdmin && s.projectId !== token.projectId && !s.isPublic)) {
      throw err(404, `Share access rule ${req.params.id} not found.`);
    }
    return { status: 200, body: { access: views.rule(rule, v, actor, true) } };
  });
}
