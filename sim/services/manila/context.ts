// Manila's shared request pipeline: microversion negotiation (X-OpenStack-Manila-API-Version or OpenStack-API-Version:
// shared-file-system), per-route version bounds, the caller's token and lock actor, share visibility and ownership,
// access_to validation and the version document. Every resource's routes (sim/services/manila/*.ts) use them.

import type { FaultSwitch, ShareProto, Timing, TokenInfo } from "../../contracts.js";
import { parseMajorMinor, versionsForService } from "../../http/microversion.js";
import { FaultError, requireAuth, type SimRequest } from "../../http/router.js";
import { isMember, parseCidr } from "../util.js";
import { type Actor, ManilaError, ManilaStore, type Share } from "./store.js";
import { atLeast, ManilaViews, type Version } from "./views.js";

export const MANILA_MIN_VERSION: Version = [2, 0];
export const MANILA_MAX_VERSION: Version = [2, 84];
export const vstr = (v: Version) => `${v[0]}.${v[1]}`;
export const err = (status: number, message: string) => new FaultError(status, message);
export const NOT_FOUND_ROUTE = "The resource could not be found.";

/** The microversion a request asked for (2.0 when it asked for none), or a 400/406 FaultError. */
export function negotiateManilaVersion(headers: SimRequest["headers"]): Version {
  let raw = headers["x-openstack-manila-api-version"];
  if (raw === undefined && typeof headers["openstack-api-version"] === "string") {
    raw = versionsForService(headers, "shared-file-system")[0];
  }
  if (raw === undefined) return MANILA_MIN_VERSION;
  const text = Array.isArray(raw) ? (raw[0] ?? "") : raw;
  if (text.toLowerCase() === "latest") return MANILA_MAX_VERSION;
  const m = parseMajorMinor(text.trim());
  if (!m) throw err(400, `API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`);
  const v: Version = m;
  if (!atLeast(v, ...MANILA_MIN_VERSION) || atLeast(v, MANILA_MAX_VERSION[0], MANILA_MAX_VERSION[1] + 1)) {
    throw err(
      406,
      `Version ${text} is not supported by the API. Minimum is ${vstr(MANILA_MIN_VERSION)} and maximum is ${vstr(MANILA_MAX_VERSION)}.`,
    );
  }
  return v;
}

export const actorOf = (t: TokenInfo): Actor => ({
  userId: t.userId,
  projectId: t.projectId,
  lockContext: t.isAdmin ? "admin" : t.roles.includes("service") ? "service" : "user",
  isAdmin: t.isAdmin,
});

export function validateAccess(type: string, to: string, v: Version): void {
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

export function manilaContext(opts: {
  faults: FaultSwitch;
  timing: Timing;
  dataDir: string;
  protocols?: readonly ShareProto[];
}) {
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
  return { store, views, shareBase, call, wrap, visibleShare, ownShare, versionDoc };
}
export type ManilaContext = ReturnType<typeof manilaContext>;
