// Simulated Placement (/placement), the read-only subset a deployment check needs: the version document, resource
// providers (one per compute node, uuid = the hypervisor's uuid, filters name/uuid/required) and their traits, as
// placement/handlers/resource_provider.py and trait.py answer them. Admin only (placement's default policy).
// Errors use placement's body {"errors": [{status, title, detail, code, request_id}]}; microversions come in
// "OpenStack-API-Version: placement X.Y" (default 1.0, latest 1.39) and every response echoes the version.

import type { IncomingHttpHeaders } from "node:http";
import { parseMajorMinor, versionsForService } from "../http/microversion.js";
import { FaultError, Router, type ServiceMount, type SimRequest, type SimResponse } from "../http/router.js";
import { serviceMount } from "../http/service.js";

export interface ResourceProvider {
  uuid: string;
  name: string;
  traits: string[];
}

type Version = [number, number];
const MIN: Version = [1, 0];
const MAX: Version = [1, 39];
const vstr = (v: Version) => `${v[0]}.${v[1]}`;
const atLeast = (v: Version, minor: number) => v[0] > 1 || v[1] >= minor;
const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  500: "Internal Server Error",
};

export const placementErrorBody = (status: number, message: string, requestId = "") => ({
  errors: [
    {
      status,
      title: TITLES[status] ?? "Error",
      detail: message,
      code: "placement.undefined_code",
      request_id: requestId,
    },
  ],
});

/** The version a request asks for, or a 400/406 FaultError. */
export function negotiatePlacementVersion(headers: IncomingHttpHeaders): Version {
  const asked = versionsForService(headers, "placement").at(-1);
  if (asked === undefined) return MIN;
  if (asked.toLowerCase() === "latest") return MAX;
  const v = parseMajorMinor(asked);
  if (!v) throw new FaultError(400, `invalid version string: ${asked}`);
  if (v[0] !== 1 || v[1] > MAX[1]) {
    throw new FaultError(406, `Unacceptable version header: ${asked}`);
  }
  return v;
}

export function createPlacement(opts: { providers: () => ResourceProvider[] }): { mount: ServiceMount } {
  const r = new Router();
  const call = (req: SimRequest, rule: string, minMinor = 0): Version => {
    const v = negotiatePlacementVersion(req.headers);
    if (!atLeast(v, minMinor)) throw new FaultError(404, "The resource could not be found.");
    if (!req.auth) throw new FaultError(401, "The request you have made requires authentication.");
    if (!req.auth.isAdmin) {
      throw new FaultError(403, `Access was denied to this resource. Policy does not allow ${rule} to be performed.`);
    }
    return v;
  };
  const base = (req: SimRequest) => req.baseUrl.replace(/\/+$/, "");
  const view = (req: SimRequest, v: Version, p: ResourceProvider) => {
    const self = `/resource_providers/${p.uuid}`;
    const links = ["inventories", "usages", "aggregates", "traits", "allocations"]
      .filter((rel) => (rel === "traits" ? atLeast(v, 6) : rel === "allocations" ? atLeast(v, 11) : true))
      .map((rel) => ({ rel, href: `${base(req).replace(/^https?:\/\/[^/]+/, "")}${self}/${rel}` }));
    return {
      uuid: p.uuid,
      name: p.name,
      generation: 1,
      ...(atLeast(v, 14) ? { parent_provider_uuid: null, root_provider_uuid: p.uuid } : {}),
      links: [{ rel: "self", href: `${base(req).replace(/^https?:\/\/[^/]+/, "")}${self}` }, ...links],
    };
  };
  const provider = (uuid: string): ResourceProvider => {
    const p = opts.providers().find((x) => x.uuid === uuid);
    if (!p) throw new FaultError(404, `No resource provider with uuid ${uuid} found`);
    return p;
  };

  r.on("GET", "", (req) => ({
    status: 200,
    body: {
      versions: [
        {
          id: "v1.0",
          max_version: vstr(MAX),
          min_version: vstr(MIN),
          status: "CURRENT",
          links: [{ rel: "self", href: "" }],
        },
      ],
    },
    headers: versionHeaders(negotiatePlacementVersion(req.headers)),
  }));
  r.on("GET", "/resource_providers", (req) => {
    const v = call(req, "placement:resource_providers:list");
    const known = ["name", "uuid", "member_of", "resources", "in_tree", "required"];
    const unknown = [...req.query.keys()].filter((k) => !known.includes(k));
    if (unknown.length > 0) {
      throw new FaultError(400, `Invalid query string parameters: Additional properties are not allowed (${unknown})`);
    }
    let list = opts.providers();
    const name = req.query.get("name");
    const uuid = req.query.get("uuid");
    if (name !== null) list = list.filter((p) => p.name === name);
    if (uuid !== null) list = list.filter((p) => p.uuid === uuid);
    const required = req.query.get("required");
    if (required !== null) {
      if (!atLeast(v, 18)) throw new FaultError(400, "Invalid query string parameters: 'required' needs 1.18");
      const wanted = required.split(",").map((t) => t.trim());
      list = list.filter((p) =>
        wanted.every((t) => (t.startsWith("!") ? !p.traits.includes(t.slice(1)) : p.traits.includes(t))),
      );
    }
    return { status: 200, body: { resource_providers: list.map((p) => view(req, v, p)) } };
  });
  r.on("GET", "/resource_providers/:uuid", (req) => {
    const v = call(req, "placement:resource_providers:show");
    return { status: 200, body: view(req, v, provider(req.params.uuid ?? "")) };
  });
  r.on("GET", "/resource_providers/:uuid/traits", (req) => {
    call(req, "placement:resource_providers:traits:list", 6);
    const p = provider(req.params.uuid ?? "");
    return { status: 200, body: { traits: [...p.traits].sort(), resource_provider_generation: 1 } };
  });
  r.on("GET", "/traits", (req) => {
    call(req, "placement:traits:list", 6);
    const all = [...new Set(opts.providers().flatMap((p) => p.traits))].sort();
    const q = req.query.get("name");
    let out = all;
    if (q?.startsWith("in:")) out = all.filter((t) => q.slice(3).split(",").includes(t));
    else if (q?.startsWith("startswith:")) out = all.filter((t) => t.startsWith(q.slice("startswith:".length)));
    else if (q !== null && q !== undefined) throw new FaultError(400, `Badly formatted name parameter: ${q}`);
    return { status: 200, body: { traits: out } };
  });

  const inner = serviceMount("/placement", r, (s, m) => placementErrorBody(s, m), {
    headers: (req) => {
      try {
        return versionHeaders(negotiatePlacementVersion(req.headers));
      } catch {
        return versionHeaders(MIN);
      }
    },
  });
  return {
    mount: {
      prefix: "/placement",
      async handle(req: SimRequest): Promise<SimResponse> {
        const res = await inner.handle({ ...req, path: req.path === "/" ? "" : req.path });
        if (res.status >= 400) {
          const body = res.body as ReturnType<typeof placementErrorBody>;
          const first = body.errors?.[0];
          if (first) first.request_id = req.requestId;
        }
        return res;
      },
    },
  };
}

function versionHeaders(v: Version): Record<string, string> {
  return { "OpenStack-API-Version": `placement ${vstr(v)}`, Vary: "openstack-api-version" };
}
