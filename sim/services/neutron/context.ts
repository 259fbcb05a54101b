// Neutron's shared request helpers and views: the store, the JSON views of each resource, auth/visibility/ownership
// checks, the list filters and the NeutronError body. Every resource's routes (sim/services/neutron/*.ts) use them.

import type { TokenInfo } from "../../contracts.js";
import { type Obj, onlyKeys, optString, requireObject } from "../../http/body.js";
import { FaultError, type SimRequest } from "../../http/router.js";
import { intToIp, isMember, isoZ } from "../util.js";
import {
  type FloatingIp,
  type Network,
  NeutronFault,
  NeutronStore,
  type Port,
  type SecurityGroup,
  type SgRule,
  type Subnet,
} from "./store.js";

export const TYPES: Record<number, string> = {
  400: "HTTPBadRequest",
  401: "HTTPUnauthorized",
  403: "HTTPForbidden",
  404: "HTTPNotFound",
  405: "HTTPMethodNotAllowed",
  409: "HTTPConflict",
  413: "HTTPRequestEntityTooLarge",
  500: "HTTPInternalServerError",
};
export const neutronErrorBody = (status: number, message: string, type?: string) => ({
  NeutronError: { type: type ?? TYPES[status] ?? "NeutronError", message, detail: "" },
});
export const fault = (status: number, type: string, message: string) =>
  new FaultError(status, message, {}, neutronErrorBody(status, message, type));
export const bad = (status: number, message: string) =>
  fault(status, status === 400 ? "HTTPBadRequest" : (TYPES[status] ?? "NeutronError"), message);
/** The one (implicit) router between vftest-net and vftest-public that floating IPs are served through. */
export const ROUTER_ID = "7e6f3c2a-0d1b-4c5e-9f80-2a1b3c4d5e6f";
export const NOT_AUTH = "The request you have made requires authentication.";

export function neutronContext(opts: { guestSubnet: string }) {
  const store = new NeutronStore(opts.guestSubnet);
  const ts = (d: Date) => ({ created_at: isoZ(d), updated_at: isoZ(d), revision_number: 1, tags: [] });
  const tenant = (projectId: string) => ({ project_id: projectId, tenant_id: projectId });

  // --- views ---
  const netView = (n: Network) => ({
    id: n.id,
    name: n.name,
    ...tenant(n.projectId),
    admin_state_up: n.adminStateUp,
    status: "ACTIVE",
    shared: n.shared,
    "router:external": n.external,
    subnets: store.subnetsOf(n.id).map((s) => s.id),
    mtu: 1500,
    port_security_enabled: true,
    availability_zones: ["nova"],
    description: "",
    ...ts(n.createdAt),
  });
  const subnetView = (s: Subnet) => ({
    id: s.id,
    name: s.name,
    network_id: s.networkId,
    ...tenant(s.projectId),
    cidr: s.cidr,
    gateway_ip: s.gatewayIp,
    ip_version: 4,
    enable_dhcp: true,
    allocation_pools: [{ start: intToIp(s.firstHost), end: intToIp(s.lastHost) }],
    dns_nameservers: [],
    host_routes: [],
    description: "",
    ...ts(s.createdAt),
  });
  const portView = (p: Port) => ({
    id: p.id,
    name: p.name,
    network_id: p.networkId,
    ...tenant(p.projectId),
    mac_address: p.mac,
    fixed_ips: p.fixedIps.map((f) => ({ subnet_id: f.subnetId, ip_address: f.ip })),
    device_id: p.deviceId,
    device_owner: p.deviceOwner,
    status: p.deviceId ? "ACTIVE" : "DOWN",
    admin_state_up: true,
    security_groups: p.securityGroups,
    port_security_enabled: true,
    "binding:vnic_type": "normal",
    description: "",
    ...ts(p.createdAt),
  });
  const fipView = (f: FloatingIp) => ({
    id: f.id,
    ...tenant(f.projectId),
    floating_ip_address: f.ip,
    floating_network_id: f.networkId,
    port_id: f.portId,
    fixed_ip_address: f.fixedIp,
    router_id: f.portId ? ROUTER_ID : null,
    status: f.portId ? "ACTIVE" : "DOWN",
    description: f.description,
    ...ts(f.createdAt),
  });
  const ruleView = (r: SgRule) => ({
    id: r.id,
    security_group_id: r.groupId,
    ...tenant(r.projectId),
    direction: r.direction,
    ethertype: r.ethertype,
    protocol: r.protocol,
    port_range_min: r.portMin,
    port_range_max: r.portMax,
    remote_ip_prefix: r.remoteIpPrefix,
    remote_group_id: r.remoteGroupId,
    description: r.description,
    ...ts(r.createdAt),
  });
  const sgView = (g: SecurityGroup) => ({
    id: g.id,
    name: g.name,
    description: g.description,
    ...tenant(g.projectId),
    stateful: true,
    security_group_rules: [...store.rules.values()].filter((r) => r.groupId === g.id).map(ruleView),
    ...ts(g.createdAt),
  });

  // --- helpers ---
  const auth = (req: SimRequest): TokenInfo => {
    if (!req.auth) throw bad(401, NOT_AUTH);
    return req.auth;
  };
  const wrap = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof NeutronFault) throw fault(e.status, e.type, e.message);
      throw e;
    }
  };
  /** Neutron's list filters: any attribute, repeated keys mean "any of"; `fields` trims the output. */
  const listed = (req: SimRequest, key: string, items: Obj[]) => {
    const control = new Set(["fields", "limit", "marker", "sort_key", "sort_dir", "page_reverse"]);
    const keys = [...new Set(req.query.keys())].filter((k) => !control.has(k));
    const out = items.filter((it) =>
      keys.every((k) => {
        const want = req.query.getAll(k);
        const have = it[k];
        if (have === undefined) return false;
        return want.includes(typeof have === "string" ? have : JSON.stringify(have).replace(/^"|"$/g, ""));
      }),
    );
    const fields = req.query.getAll("fields");
    const trimmed = fields.length
      ? out.map((it) => Object.fromEntries(fields.filter((f) => f in it).map((f) => [f, it[f]])))
      : out;
    return { status: 200, body: { [key]: trimmed } };
  };
  const visible = (t: TokenInfo, projectId: string, extra = false) => t.isAdmin || projectId === t.projectId || extra;
  const find = <T extends { projectId: string }>(
    map: Map<string, T>,
    id: string,
    t: TokenInfo,
    type: string,
    label: string,
    extra?: (x: T) => boolean,
  ): T => {
    const x = map.get(id);
    if (!x || !visible(t, x.projectId, extra?.(x) ?? false))
      throw fault(404, `${type}NotFound`, `${label} ${id} could not be found.`);
    return x;
  };
  const owned = (t: TokenInfo, projectId: string, what: string) => {
    if (!t.isAdmin && (projectId !== t.projectId || !isMember(t)))
      throw fault(403, "PolicyNotAuthorized", `(rule:${what}) is disallowed by policy`);
  };
  const projectFor = (t: TokenInfo, o: Obj) => {
    const p = optString(o, "project_id", bad) ?? optString(o, "tenant_id", bad) ?? t.projectId;
    if (p !== t.projectId && !t.isAdmin)
      throw fault(403, "PolicyNotAuthorized", "(rule:create_resource:project_id) is disallowed by policy");
    return p;
  };
  const body = (req: SimRequest, key: string, allowed: string[]) => {
    const o = requireObject(req.body, key, bad);
    onlyKeys(o, allowed, key, (s, m) =>
      bad(s, `Unrecognized attribute(s) '${m.replace(/^.*\(|\s*unexpected\)\.$/g, "")}'`),
    );
    return o;
  };
  return {
    store,
    ts,
    tenant,
    netView,
    subnetView,
    portView,
    fipView,
    ruleView,
    sgView,
    auth,
    wrap,
    listed,
    visible,
    find,
    owned,
    projectFor,
    body,
  };
}
export type NeutronContext = ReturnType<typeof neutronContext>;
