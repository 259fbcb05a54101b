// Simulated Manila (/share, /share/v2): shares, export locations, access rules with deletion/visibility locks,
// resource locks, microversions (X-OpenStack-Manila-API-Version / OpenStack-API-Version: shared-file-system),
// and the ShareBackend Nova's compute side and the hosts' storage clients use. Errors use Nova-style fault bodies
// (Manila shares the format). Follows manila/api/v2/shares.py, share_accesses.py and resource_locks.py.

import type { AccessRuleView, FaultSwitch, IdentityBackend, ShareBackend, Timing, TokenInfo } from "../contracts.js";
import { FaultError, novaFaultBody, Router, requireAuth, type ServiceMount, type SimRequest } from "../http/router.js";
import {
  type Actor,
  KNOWN_PROTOCOLS,
  ManilaError,
  ManilaStore,
  NOVA_ACTOR,
  type Rule,
  type Share,
} from "./manila/store.js";
import { atLeast, DEFAULT_SHARE_TYPE, ManilaViews, type Version } from "./manila/views.js";
import { serviceMount } from "./mount.js";
import type { ResourceRow } from "./types.js";
import {
  isMember,
  isObj,
  type Obj,
  onlyKeys,
  optBool,
  optString,
  parseCidr,
  queryBool,
  requireObject,
} from "./util.js";

export const MANILA_MIN_VERSION: Version = [2, 0];
export const MANILA_MAX_VERSION: Version = [2, 84];
const vstr = (v: Version) => `${v[0]}.${v[1]}`;
const err = (status: number, message: string) => new FaultError(status, message);
const NOT_FOUND_ROUTE = "The resource could not be found.";

export { ManilaError };

/** The microversion a request asked for (2.0 when it asked for none), or a 400/406 FaultError. */
export function negotiateManilaVersion(headers: SimRequest["headers"]): Version {
  let raw = headers["x-openstack-manila-api-version"];
  const generic = headers["openstack-api-version"];
  if (raw === undefined && typeof generic === "string") {
    const m = /(?:^|,)\s*shared-file-system\s+(\S+)/i.exec(generic);
    if (m) raw = m[1];
  }
  if (raw === undefined) return MANILA_MIN_VERSION;
  const text = Array.isArray(raw) ? (raw[0] ?? "") : raw;
  if (text.toLowerCase() === "latest") return MANILA_MAX_VERSION;
  const m = /^([1-9]\d*)\.(0|[1-9]\d*)$/.exec(text.trim());
  if (!m) throw err(400, `API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`);
  const v: Version = [Number(m[1]), Number(m[2])];
  if (!atLeast(v, ...MANILA_MIN_VERSION) || atLeast(v, MANILA_MAX_VERSION[0], MANILA_MAX_VERSION[1] + 1)) {
    throw err(
      406,
      `Version ${text} is not supported by the API. Minimum is ${vstr(MANILA_MIN_VERSION)} and maximum is ${vstr(MANILA_MAX_VERSION)}.`,
    );
  }
  return v;
}

const actorOf = (t: TokenInfo): Actor => ({
  userId: t.userId,
  projectId: t.projectId,
  lockContext: t.isAdmin ? "admin" : t.roles.includes("service") ? "service" : "user",
  isAdmin: t.isAdmin,
});

function validateAccess(type: string, to: string, v: Version): void {
  const bad = (why: string) => err(400, `Invalid access_to '${to}' for access_type '${type}': ${why}.`);
  if (type === "ip") {
    if (to.includes(":")) {
      if (!atLeast(v, 2, 38)) throw bad("IPv6 rules need microversion 2.38 or later");
      return;
    }
    if (!parseCidr(to)) throw bad("expected an IPv4 address or CIDR such as 10.0.0.5 or 10.0.0.0/24");
    return;
  }
  if (type === "cephx") {
    if (!atLeast(v, 2, 13)) throw err(400, "Invalid access_type 'cephx': cephx rules need microversion 2.13 or later.");
    if (to.length > 255 || to.includes(".") || to.toLowerCase() === "admin")
      throw bad("Ceph IDs may not contain periods or be 'admin'");
    return;
  }
  if (type === "user" || type === "cert") {
    if (to.length < 1 || to.length > 255) throw bad("expected 1 to 255 characters");
    return;
  }
  throw err(400, `Invalid access_type '${type}': must be one of ip, user, cert, cephx.`);
}

export function createManila(opts: {
  identity: IdentityBackend;
  faults: FaultSwitch;
  timing: Timing;
  dataDir: string;
}): {
  mount: ServiceMount;
  backend: ShareBackend;
  listResources(): { shares: ResourceRow[]; access_rules: ResourceRow[]; resource_locks: ResourceRow[] };
  setShareStatus(shareId: string, status: string): void;
} {
  const store = new ManilaStore(opts);
  const views = new ManilaViews(store);
  const shareBase = (req: SimRequest) => req.baseUrl.replace(/\/v2.*$/, "").replace(/\/+$/, "");

  const call = (req: SimRequest, min?: Version, max?: Version) => {
    const v = negotiateManilaVersion(req.headers);
    if ((min && !atLeast(v, ...min)) || (max && atLeast(v, max[0], max[1] + 1))) throw err(404, NOT_FOUND_ROUTE);
    const token = requireAuth(req);
    return { v, token, actor: actorOf(token) };
  };
  const wrap = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof ManilaError) throw err(e.status, e.message);
      throw e;
    }
  };
  const visibleShare = (id: string, t: TokenInfo): Share => {
    const s = store.shares.get(id);
    if (!s || (!t.isAdmin && s.projectId !== t.projectId && !s.isPublic))
      throw err(404, `Share ${id} could not be found.`);
    return s;
  };
  const ownShare = (id: string, t: TokenInfo, action: string): Share => {
    const s = visibleShare(id, t);
    if (!t.isAdmin && (s.projectId !== t.projectId || !isMember(t))) {
      throw err(403, `Policy doesn't allow share:${action} to be performed.`);
    }
    return s;
  };

  const versionDoc = (req: SimRequest) => ({
    id: "v2.0",
    status: "CURRENT",
    version: vstr(MANILA_MAX_VERSION),
    min_version: vstr(MANILA_MIN_VERSION),
    updated: "2015-08-27T11:33:21Z",
    links: [
      { rel: "describedby", type: "text/html", href: "http://docs.openstack.org/" },
      { rel: "self", href: `${shareBase(req)}/v2/` },
    ],
    "media-types": [{ base: "application/json", type: "application/vnd.openstack.share+json;version=1" }],
  });

  const r = new Router();
  r.on("GET", "", (req) => ({ status: 300, body: { versions: [versionDoc(req)] } }));
  r.on("GET", "/v2", (req) => ({ status: 200, body: { versions: [versionDoc(req)] } }));

  // --- shares ---
  const listShares = (req: SimRequest, detail: boolean) => {
    const { v, token, actor } = call(req);
    const q = req.query;
    const allTenants = token.isAdmin && (queryBool(q.get("all_tenants")) || queryBool(q.get("all_projects")));
    const projectFilter = token.isAdmin ? q.get("project_id") : null;
    let shares = [...store.shares.values()].filter((s) =>
      projectFilter ? s.projectId === projectFilter : allTenants || s.projectId === token.projectId || s.isPublic,
    );
    for (const [k, f] of [
      ["name", (s: Share, x: string) => s.name === x],
      ["status", (s: Share, x: string) => s.status === x],
      ["share_proto", (s: Share, x: string) => s.proto === x.toUpperCase()],
    ] as const) {
      const want = q.get(k);
      if (want !== null) shares = shares.filter((s) => f(s, want));
    }
    shares.sort((a, b) => +b.createdAt - +a.createdAt);
    const base = shareBase(req);
    return {
      status: 200,
      body: {
        shares: shares.map((s) => (detail ? views.shareDetail(base, s, v, actor) : views.shareSummary(base, s))),
      },
    };
  };
  r.on("GET", "/v2/shares", (req) => listShares(req, false));
  r.on("GET", "/v2/shares/detail", (req) => listShares(req, true));
  r.on("POST", "/v2/shares", (req) => {
    const { v, token, actor } = call(req);
    if (!isMember(token)) throw err(403, "Policy doesn't allow share:create to be performed.");
    const b = requireObject(req.body, "share", err);
    const protoRaw = b.share_proto;
    if (typeof protoRaw !== "string" || !(KNOWN_PROTOCOLS as readonly string[]).includes(protoRaw.toUpperCase())) {
      throw err(
        400,
        `Invalid share protocol provided: ${String(protoRaw)}. Expected one of ${KNOWN_PROTOCOLS.join(", ")}.`,
      );
    }
    const size = b.size;
    const sizeNum = typeof size === "string" && /^\d+$/.test(size) ? Number(size) : size;
    if (typeof sizeNum !== "number" || !Number.isInteger(sizeNum) || sizeNum <= 0) {
      throw err(400, `Share size '${String(size)}' must be an integer and greater than 0.`);
    }
    const type =
      optString(b, "share_type", err, { nullable: true }) ?? optString(b, "volume_type", err, { nullable: true });
    if (type !== undefined && type !== DEFAULT_SHARE_TYPE.name && type !== DEFAULT_SHARE_TYPE.id) {
      throw err(404, `Share type ${type} could not be found.`);
    }
    const md = b.metadata;
    if (md !== undefined && md !== null && !(isObj(md) && Object.values(md).every((x) => typeof x === "string"))) {
      throw err(400, "Invalid metadata: expected an object of string values.");
    }
    const share = store.createShare({
      name: optString(b, "name", err, { nullable: true, max: 255 }) ?? null,
      description: optString(b, "description", err, { nullable: true, max: 255 }) ?? null,
      projectId: token.projectId,
      userId: token.userId,
      size: sizeNum,
      proto: protoRaw.toUpperCase(),
      shareTypeId: DEFAULT_SHARE_TYPE.id,
      metadata: (md as Record<string, string> | null | undefined) ?? {},
      isPublic: optBool(b, "is_public", err) ?? false,
    });
    // Manila answers 200 (not 202) to a share create.
    return { status: 200, body: { share: views.shareDetail(shareBase(req), share, v, actor) } };
  });
  r.on("GET", "/v2/shares/:id", (req) => {
    const { v, token, actor } = call(req);
    return {
      status: 200,
      body: { share: views.shareDetail(shareBase(req), visibleShare(req.params.id!, token), v, actor) },
    };
  });
  r.on("DELETE", "/v2/shares/:id", (req) => {
    const { token } = call(req);
    const s = ownShare(req.params.id!, token, "delete");
    wrap(() => store.deleteShare(s.id, { force: false }));
    return { status: 202 };
  });

  // --- export locations (2.9+) ---
  r.on("GET", "/v2/shares/:id/export_locations", (req) => {
    const { token, actor } = call(req, [2, 9]);
    const s = visibleShare(req.params.id!, token);
    const els = store.hasExport(s) ? [views.exportLocation(s, actor, false)] : [];
    return { status: 200, body: { export_locations: els } };
  });
  r.on("GET", "/v2/shares/:id/export_locations/:el", (req) => {
    const { token, actor } = call(req, [2, 9]);
    const s = visibleShare(req.params.id!, token);
    if (!store.hasExport(s) || s.exportLocationId !== req.params.el) {
      throw err(404, `Export location ${req.params.el} could not be found.`);
    }
    return { status: 200, body: { export_location: views.exportLocation(s, actor, true) } };
  });

  // --- share actions ---
  r.on("POST", "/v2/shares/:id/action", (req) => {
    const { v, token, actor } = call(req);
    if (!isObj(req.body) || Object.keys(req.body).length !== 1) {
      throw err(400, 'Expected a JSON object with exactly one action key, e.g. {"allow_access": {...}}.');
    }
    const [action, payload] = Object.entries(req.body)[0]!;
    const legacy = action.startsWith("os-");
    if (legacy ? atLeast(v, 2, 7) : !atLeast(v, 2, 7)) {
      throw err(400, `Action '${action}' is not available at microversion ${vstr(v)}.`);
    }
    const name = action.replace(/^os-/, "");
    if (name === "allow_access") return allowAccess(req, v, token, actor, payload);
    if (name === "deny_access") return denyAccess(req, v, token, actor, payload);
    if (name === "access_list") {
      if (atLeast(v, 2, 45)) throw err(404, NOT_FOUND_ROUTE);
      const s = visibleShare(req.params.id!, token);
      return { status: 200, body: { access_list: store.rulesOf(s.id).map((x) => views.rule(x, v, actor, false)) } };
    }
    if (name === "reset_status" || name === "force_delete") {
      const s = visibleShare(req.params.id!, token);
      if (!token.isAdmin) throw err(403, `Policy doesn't allow share:${name} to be performed.`);
      if (name === "force_delete") {
        wrap(() => store.deleteShare(s.id, { force: true }));
        return { status: 202 };
      }
      const status = isObj(payload) ? payload.status : undefined;
      const allowed = ["available", "error", "creating", "deleting", "error_deleting", "inactive"];
      if (typeof status !== "string" || !allowed.includes(status)) {
        throw err(400, `Invalid 'status' for reset_status: expected one of ${allowed.join(", ")}.`);
      }
      store.setStatus(s.id, status);
      return { status: 202 };
    }
    throw err(400, `There is no such action: ${action}`);
  });

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
    const locks = [...store.locks.values()]
      .filter((l) => (project ? l.projectId === project : all || l.projectId === token.projectId))
      .filter((l) => filters.every((f) => q.get(f) === null || l[field[f]] === q.get(f)))
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

  // --- share types ---
  r.on("GET", "/v2/types", (req) => {
    call(req);
    const t = { id: DEFAULT_SHARE_TYPE.id, name: DEFAULT_SHARE_TYPE.name, share_type_access: { is_public: true } };
    return { status: 200, body: { share_types: [{ ...t, extra_specs: { driver_handles_share_servers: "False" } }] } };
  });

  const inner = serviceMount("/share", r, novaFaultBody, {
    headers: (req) => {
      const h: Record<string, string> = { "X-OpenStack-Request-Id": req.requestId };
      try {
        if (req.path.startsWith("/v2/")) {
          const v = vstr(negotiateManilaVersion(req.headers));
          h["X-OpenStack-Manila-API-Version"] = v;
          h["OpenStack-API-Version"] = `shared-file-system ${v}`;
          h.Vary = "X-OpenStack-Manila-API-Version, OpenStack-API-Version";
        }
      } catch {
        // an unusable version header already answers 400/406; there is nothing to echo
      }
      return h;
    },
  });
  const mount: ServiceMount = {
    prefix: "/share",
    handle(req) {
      // Manila accepts both /v2/<project_id>/shares and /v2/shares (the catalog here has no project id).
      const m = /^\/v2\/([0-9a-f]{32})(\/.*)?$/.exec(req.path);
      const path = m && opts.identity.projectExists(m[1]!) ? `/v2${m[2] ?? ""}` : req.path;
      return inner.handle({ ...req, path });
    },
  };

  const ruleView = (x: Rule): AccessRuleView => ({
    id: x.id,
    shareId: x.shareId,
    accessType: x.accessType,
    accessTo: x.accessTo,
    accessLevel: x.accessLevel,
    state: x.state as AccessRuleView["state"],
    accessKey: x.accessKey,
    lockVisibility: store.locksOn(x.id, "show").length > 0,
    lockDeletion: store.locksOn(x.id, "delete").length > 0,
  });

  const backend: ShareBackend = {
    getShare(shareId) {
      const s = store.shares.get(shareId);
      if (!s) return undefined;
      return {
        id: s.id,
        projectId: s.projectId,
        status: s.status,
        proto: s.proto,
        exportLocation: store.hasExport(s) ? store.exportPath(s) : null,
      };
    },
    listAccess: (shareId) => store.rulesOf(shareId).map(ruleView),
    allowAccess(shareId, rule) {
      const s = store.shares.get(shareId);
      if (!s) throw new ManilaError(404, `Share ${shareId} could not be found.`);
      // Fault `rule-without-locks`: the grant forgets Nova's lock flags, so the rule is neither hidden nor protected.
      const noLocks = opts.faults.active("rule-without-locks");
      const created = store.allow(
        s,
        { accessType: rule.accessType, accessTo: rule.accessTo, accessLevel: rule.accessLevel },
        {
          deletion: rule.lockDeletion && !noLocks,
          visibility: rule.lockVisibility && !noLocks,
          reason: rule.lockDeletion || rule.lockVisibility ? rule.lockReason : null,
          actor: NOVA_ACTOR,
        },
      );
      return ruleView(created);
    },
    denyAccess(shareId, ruleId, o) {
      const rule = store.rules.get(ruleId);
      if (!rule || rule.shareId !== shareId) throw new ManilaError(404, `Access rule ${ruleId} not found.`);
      // Real Manila refuses (403) to delete a rule with a deletion lock unless `unrestrict` is set. Nova's client always
      // passes unrestrict=True; a caller that does not is the `locks-left-after-confirm` bug profile, which this sim
      // models as "the rule is deleted but its resource locks (and the share lock placed for it) stay behind".
      const locked = store.locksOn(ruleId, "delete").length > 0 || store.locksOn(ruleId, "show").length > 0;
      store.deny(ruleId, { keepLocks: !o.unrestrict && locked });
    },
    resolveExport: (exportLocation, client) => store.resolve(exportLocation, client),
  };

  return {
    mount,
    backend,
    listResources: () => ({
      shares: [...store.shares.values()].map((s) => ({
        id: s.id,
        name: s.name ?? "",
        project_id: s.projectId,
        status: s.status,
      })),
      access_rules: [...store.rules.values()].map((x) => ({
        id: x.id,
        name: `${x.accessType}:${x.accessTo}`,
        project_id: store.shares.get(x.shareId)?.projectId,
        share_id: x.shareId,
        state: x.state,
      })),
      resource_locks: [...store.locks.values()].map((l) => ({
        id: l.id,
        name: `${l.resourceType}:${l.resourceAction}`,
        project_id: l.projectId,
        resource_id: l.resourceId,
      })),
    }),
    setShareStatus: (shareId, status) => store.setStatus(shareId, status),
  };
}
