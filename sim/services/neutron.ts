// Simulated Neutron (/networking, /networking/v2.0): networks, subnets, ports, floating IPs, security groups and
// rules, with Neutron's attribute filters on list calls and its error body {"NeutronError": {type, message, detail}};
// plus the port API Nova uses (allocatePort/releasePorts) and floatingIpFor for the guest layer.

import type { IdentityBackend, TokenInfo } from "../contracts.js";
import { FaultError, Router, type ServiceMount, type SimRequest } from "../http/router.js";
import { serviceMount } from "./mount.js";
import {
  type FloatingIp,
  type Network,
  NeutronFault,
  NeutronStore,
  type Port,
  type SecurityGroup,
  type SgRule,
  type Subnet,
} from "./neutron-store.js";
import type { ResourceRow } from "./types.js";
import { intToIp, isMember, isObj, isoZ, type Obj, onlyKeys, optBool, optString, requireObject } from "./util.js";

const TYPES: Record<number, string> = {
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
const fault = (status: number, type: string, message: string) =>
  new FaultError(status, message, {}, neutronErrorBody(status, message, type));
const bad = (status: number, message: string) =>
  fault(status, status === 400 ? "HTTPBadRequest" : (TYPES[status] ?? "NeutronError"), message);
/** The one (implicit) router between vftest-net and vftest-public that floating IPs are served through. */
const ROUTER_ID = "7e6f3c2a-0d1b-4c5e-9f80-2a1b3c4d5e6f";
const NOT_AUTH = "The request you have made requires authentication.";

export function createNeutron(opts: { identity: IdentityBackend; guestSubnet: string }): {
  mount: ServiceMount;
  allocatePort(
    serverId: string,
    projectId: string,
    networkId?: string,
  ): { portId: string; ip: string; networkId: string; networkName: string; mac: string };
  releasePorts(serverId: string): void;
  floatingIpFor(fixedIp: string): string | undefined;
  listResources(): {
    networks: ResourceRow[];
    ports: ResourceRow[];
    floating_ips: ResourceRow[];
    security_groups: ResourceRow[];
  };
} {
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

  const r = new Router();
  r.on("GET", "", (req) => ({
    status: 200,
    body: {
      versions: [
        {
          id: "v2.0",
          status: "CURRENT",
          links: [{ rel: "self", href: `${req.baseUrl.replace(/\/v2\.0.*$/, "")}/v2.0/` }],
        },
      ],
    },
  }));
  r.on("GET", "/v2.0", (req) => ({
    status: 200,
    body: {
      resources: ["network", "subnet", "port", "floatingip", "security_group", "security_group_rule"].map((n) => ({
        name: n,
        collection: `${n.replace(/_/g, "-")}s`,
        links: [{ rel: "self", href: `${req.baseUrl}/v2.0/${n.replace(/_/g, "-")}s` }],
      })),
    },
  }));
  r.on("GET", "/v2.0/extensions", () => ({
    status: 200,
    body: {
      extensions: ["security-group", "router", "external-net", "port-security", "binding"].map((alias) => ({
        alias,
        name: alias,
        description: "",
        links: [],
        updated: "2013-01-01T00:00:00-00:00",
      })),
    },
  }));

  // --- networks ---
  r.on("GET", "/v2.0/networks", (req) => {
    const t = auth(req);
    return listed(
      req,
      "networks",
      [...store.networks.values()].filter((n) => visible(t, n.projectId, n.shared || n.external)).map(netView),
    );
  });
  const getNet = (req: SimRequest) =>
    find(store.networks, req.params.id!, auth(req), "Network", "Network", (n) => n.shared || n.external);
  r.on("GET", "/v2.0/networks/:id", (req) => ({ status: 200, body: { network: netView(getNet(req)) } }));
  r.on("POST", "/v2.0/networks", (req) => {
    const t = auth(req);
    if (!isMember(t)) throw fault(403, "PolicyNotAuthorized", "(rule:create_network) is disallowed by policy");
    const o = body(req, "network", [
      "name",
      "admin_state_up",
      "shared",
      "router:external",
      "project_id",
      "tenant_id",
      "description",
      "mtu",
      "port_security_enabled",
    ]);
    const shared = optBool(o, "shared", bad) ?? false;
    const external = optBool(o, "router:external", bad) ?? false;
    if ((shared || external) && !t.isAdmin)
      throw fault(
        403,
        "PolicyNotAuthorized",
        `(rule:create_network:${shared ? "shared" : "router:external"}) is disallowed by policy`,
      );
    const net = store.addNetwork({
      name: optString(o, "name", bad, { max: 255 }) ?? "",
      projectId: projectFor(t, o),
      shared,
      external,
    });
    return { status: 201, body: { network: netView(net) } };
  });
  r.on("DELETE", "/v2.0/networks/:id", (req) => {
    const t = auth(req);
    const n = getNet(req);
    owned(t, n.projectId, "delete_network");
    const inUse = [...store.ports.values()].some((p) => p.networkId === n.id && p.deviceOwner.startsWith("compute:"));
    if (inUse)
      throw fault(
        409,
        "NetworkInUse",
        `Unable to complete operation on network ${n.id}. There are one or more ports still in use on the network.`,
      );
    for (const s of store.subnetsOf(n.id)) store.subnets.delete(s.id);
    for (const p of [...store.ports.values()]) if (p.networkId === n.id) store.deletePort(p.id);
    store.networks.delete(n.id);
    return { status: 204 };
  });

  // --- subnets ---
  const netVisible = (t: TokenInfo, networkId: string) => {
    const n = store.networks.get(networkId);
    return !!n && visible(t, n.projectId, n.shared || n.external);
  };
  r.on("GET", "/v2.0/subnets", (req) => {
    const t = auth(req);
    return listed(
      req,
      "subnets",
      [...store.subnets.values()].filter((s) => visible(t, s.projectId, netVisible(t, s.networkId))).map(subnetView),
    );
  });
  const getSubnet = (req: SimRequest) => {
    const t = auth(req);
    return find(store.subnets, req.params.id!, t, "Subnet", "Subnet", (s) => netVisible(t, s.networkId));
  };
  r.on("GET", "/v2.0/subnets/:id", (req) => ({ status: 200, body: { subnet: subnetView(getSubnet(req)) } }));
  r.on("POST", "/v2.0/subnets", (req) => {
    const t = auth(req);
    const o = body(req, "subnet", [
      "name",
      "network_id",
      "cidr",
      "ip_version",
      "gateway_ip",
      "enable_dhcp",
      "project_id",
      "tenant_id",
      "description",
      "dns_nameservers",
      "allocation_pools",
      "host_routes",
    ]);
    const networkId = optString(o, "network_id", bad);
    if (!networkId) throw bad(400, "Invalid input for operation: network_id is required.");
    const net = store.networks.get(networkId);
    if (!net || !visible(t, net.projectId, net.shared))
      throw fault(404, "NetworkNotFound", `Network ${networkId} could not be found.`);
    owned(t, net.projectId, "create_subnet");
    if (o.ip_version !== undefined && o.ip_version !== 4)
      throw bad(400, "Invalid input for ip_version. Reason: only 4 is supported by this cloud.");
    const cidr = optString(o, "cidr", bad);
    if (!cidr) throw bad(400, "Invalid input for operation: cidr is required.");
    const gw = o.gateway_ip === null ? null : optString(o, "gateway_ip", bad);
    const sub = wrap(() =>
      store.addSubnet({
        name: optString(o, "name", bad) ?? "",
        networkId,
        projectId: projectFor(t, o),
        cidr,
        gatewayIp: gw,
      }),
    );
    return { status: 201, body: { subnet: subnetView(sub) } };
  });
  r.on("DELETE", "/v2.0/subnets/:id", (req) => {
    const t = auth(req);
    const s = getSubnet(req);
    owned(t, s.projectId, "delete_subnet");
    if ([...store.ports.values()].some((p) => p.fixedIps.some((f) => f.subnetId === s.id))) {
      throw fault(
        409,
        "SubnetInUse",
        `Unable to complete operation on subnet ${s.id}: One or more ports have an IP allocation from this subnet.`,
      );
    }
    store.subnets.delete(s.id);
    return { status: 204 };
  });

  // --- ports ---
  r.on("GET", "/v2.0/ports", (req) => {
    const t = auth(req);
    return listed(req, "ports", [...store.ports.values()].filter((p) => visible(t, p.projectId)).map(portView));
  });
  const getPort = (req: SimRequest) => find(store.ports, req.params.id!, auth(req), "Port", "Port");
  r.on("GET", "/v2.0/ports/:id", (req) => ({ status: 200, body: { port: portView(getPort(req)) } }));
  r.on("POST", "/v2.0/ports", (req) => {
    const t = auth(req);
    if (!isMember(t)) throw fault(403, "PolicyNotAuthorized", "(rule:create_port) is disallowed by policy");
    const o = body(req, "port", [
      "name",
      "network_id",
      "fixed_ips",
      "device_id",
      "device_owner",
      "security_groups",
      "project_id",
      "tenant_id",
      "admin_state_up",
      "description",
      "mac_address",
      "port_security_enabled",
      "binding:vnic_type",
    ]);
    const networkId = optString(o, "network_id", bad);
    if (!networkId) throw bad(400, "Invalid input for operation: network_id is required.");
    const net = store.networks.get(networkId);
    if (!net || !visible(t, net.projectId, net.shared))
      throw fault(404, "NetworkNotFound", `Network ${networkId} could not be found.`);
    const projectId = projectFor(t, o);
    let fixedIp: string | undefined;
    if (o.fixed_ips !== undefined) {
      const f = o.fixed_ips;
      if (
        !Array.isArray(f) ||
        f.length > 1 ||
        (f[0] !== undefined && !(isObj(f[0]) && (f[0].ip_address === undefined || typeof f[0].ip_address === "string")))
      ) {
        throw bad(
          400,
          'Invalid input for fixed_ips. Reason: expected a list with at most one {"ip_address": "a.b.c.d"}.',
        );
      }
      fixedIp = isObj(f[0]) ? (f[0].ip_address as string | undefined) : undefined;
    }
    const groups = o.security_groups;
    if (
      groups !== undefined &&
      !(Array.isArray(groups) && groups.every((g) => typeof g === "string" && store.groups.has(g)))
    ) {
      throw fault(404, "SecurityGroupNotFound", "Security group(s) in 'security_groups' could not be found.");
    }
    const port = wrap(() =>
      store.addPort({
        name: optString(o, "name", bad) ?? "",
        networkId,
        projectId,
        deviceId: optString(o, "device_id", bad) ?? "",
        deviceOwner: optString(o, "device_owner", bad) ?? "",
        fixedIp,
        securityGroups: (groups as string[] | undefined) ?? [store.defaultGroup(projectId).id],
      }),
    );
    return { status: 201, body: { port: portView(port) } };
  });
  r.on("DELETE", "/v2.0/ports/:id", (req) => {
    const t = auth(req);
    const p = getPort(req);
    owned(t, p.projectId, "delete_port");
    store.deletePort(p.id);
    return { status: 204 };
  });

  // --- floating IPs ---
  r.on("GET", "/v2.0/floatingips", (req) => {
    const t = auth(req);
    return listed(
      req,
      "floatingips",
      [...store.floatingIps.values()].filter((f) => visible(t, f.projectId)).map(fipView),
    );
  });
  const getFip = (req: SimRequest) => find(store.floatingIps, req.params.id!, auth(req), "FloatingIP", "Floating IP");
  r.on("GET", "/v2.0/floatingips/:id", (req) => ({ status: 200, body: { floatingip: fipView(getFip(req)) } }));
  const portOf = (t: TokenInfo, o: Obj): string | null | undefined => {
    if (o.port_id === null) return null;
    const id = optString(o, "port_id", bad);
    if (id === undefined) return undefined;
    const p = store.ports.get(id);
    if (!p || !visible(t, p.projectId)) throw fault(404, "PortNotFound", `Port ${id} could not be found.`);
    return id;
  };
  r.on("POST", "/v2.0/floatingips", (req) => {
    const t = auth(req);
    if (!isMember(t)) throw fault(403, "PolicyNotAuthorized", "(rule:create_floatingip) is disallowed by policy");
    const o = body(req, "floatingip", [
      "floating_network_id",
      "port_id",
      "fixed_ip_address",
      "project_id",
      "tenant_id",
      "description",
      "floating_ip_address",
      "subnet_id",
    ]);
    const netId = optString(o, "floating_network_id", bad);
    if (!netId) throw bad(400, "Invalid input for operation: floating_network_id is required.");
    const net = store.networks.get(netId);
    if (!net) throw fault(404, "NetworkNotFound", `Network ${netId} could not be found.`);
    if (!net.external) throw bad(400, `Bad floatingip request: Network ${netId} is not a valid external network.`);
    const portId = portOf(t, o);
    const fip = wrap(() => store.addFloatingIp(projectFor(t, o), netId, optString(o, "description", bad) ?? ""));
    if (portId) {
      try {
        wrap(() => store.associate(fip, portId));
      } catch (e) {
        store.floatingIps.delete(fip.id);
        throw e;
      }
    }
    return { status: 201, body: { floatingip: fipView(fip) } };
  });
  r.on("PUT", "/v2.0/floatingips/:id", (req) => {
    const t = auth(req);
    const fip = getFip(req);
    owned(t, fip.projectId, "update_floatingip");
    const o = body(req, "floatingip", ["port_id", "fixed_ip_address", "description"]);
    if (!("port_id" in o) && o.description === undefined)
      throw bad(400, "Invalid input: expected 'port_id' (a port id or null) or 'description'.");
    const portId = portOf(t, o);
    if (portId !== undefined) wrap(() => store.associate(fip, portId));
    const d = optString(o, "description", bad);
    if (d !== undefined) fip.description = d;
    return { status: 200, body: { floatingip: fipView(fip) } };
  });
  r.on("DELETE", "/v2.0/floatingips/:id", (req) => {
    const t = auth(req);
    const fip = getFip(req);
    owned(t, fip.projectId, "delete_floatingip");
    store.floatingIps.delete(fip.id);
    return { status: 204 };
  });

  // --- security groups ---
  r.on("GET", "/v2.0/security-groups", (req) => {
    const t = auth(req);
    if (t.projectId) store.defaultGroup(t.projectId);
    return listed(
      req,
      "security_groups",
      [...store.groups.values()].filter((g) => visible(t, g.projectId)).map(sgView),
    );
  });
  const getSg = (req: SimRequest) => find(store.groups, req.params.id!, auth(req), "SecurityGroup", "Security group");
  r.on("GET", "/v2.0/security-groups/:id", (req) => ({ status: 200, body: { security_group: sgView(getSg(req)) } }));
  r.on("POST", "/v2.0/security-groups", (req) => {
    const t = auth(req);
    if (!isMember(t)) throw fault(403, "PolicyNotAuthorized", "(rule:create_security_group) is disallowed by policy");
    const o = body(req, "security_group", ["name", "description", "project_id", "tenant_id", "stateful"]);
    const name = optString(o, "name", bad, { max: 255 }) ?? "";
    if (name === "default")
      throw fault(409, "SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
    const projectId = projectFor(t, o);
    store.defaultGroup(projectId);
    const g = store.addGroup(projectId, name, optString(o, "description", bad) ?? "");
    return { status: 201, body: { security_group: sgView(g) } };
  });
  r.on("DELETE", "/v2.0/security-groups/:id", (req) => {
    const t = auth(req);
    const g = getSg(req);
    owned(t, g.projectId, "delete_security_group");
    if (g.name === "default" && !t.isAdmin)
      throw fault(409, "SecurityGroupCannotRemoveDefault", "Insufficient rights for removing default security group.");
    if ([...store.ports.values()].some((p) => p.securityGroups.includes(g.id))) {
      throw fault(409, "SecurityGroupInUse", `Security Group ${g.id} in use.`);
    }
    for (const r2 of [...store.rules.values()]) if (r2.groupId === g.id) store.rules.delete(r2.id);
    store.groups.delete(g.id);
    return { status: 204 };
  });

  // --- security group rules ---
  r.on("GET", "/v2.0/security-group-rules", (req) => {
    const t = auth(req);
    return listed(
      req,
      "security_group_rules",
      [...store.rules.values()].filter((x) => visible(t, x.projectId)).map(ruleView),
    );
  });
  const getRule = (req: SimRequest) =>
    find(store.rules, req.params.id!, auth(req), "SecurityGroupRule", "Security group rule");
  r.on("GET", "/v2.0/security-group-rules/:id", (req) => ({
    status: 200,
    body: { security_group_rule: ruleView(getRule(req)) },
  }));
  r.on("POST", "/v2.0/security-group-rules", (req) => {
    const t = auth(req);
    const o = body(req, "security_group_rule", [
      "security_group_id",
      "direction",
      "ethertype",
      "protocol",
      "port_range_min",
      "port_range_max",
      "remote_ip_prefix",
      "remote_group_id",
      "description",
      "project_id",
      "tenant_id",
    ]);
    const groupId = optString(o, "security_group_id", bad);
    if (!groupId) throw bad(400, "Invalid input for operation: security_group_id is required.");
    const g = store.groups.get(groupId);
    if (!g || !visible(t, g.projectId))
      throw fault(404, "SecurityGroupNotFound", `Security group ${groupId} does not exist`);
    owned(t, g.projectId, "create_security_group_rule");
    const direction = o.direction;
    if (direction !== "ingress" && direction !== "egress")
      throw bad(
        400,
        `Invalid input for direction. Reason: ${JSON.stringify(direction)} is not in ['ingress', 'egress'].`,
      );
    const ethertype = o.ethertype ?? "IPv4";
    if (ethertype !== "IPv4" && ethertype !== "IPv6")
      throw fault(
        400,
        "SecurityGroupRuleInvalidEtherType",
        `Security group rule for ethertype '${String(ethertype)}' not supported. Allowed values are ['IPv4', 'IPv6'].`,
      );
    const protocol = o.protocol === null ? null : (optString(o, "protocol", bad)?.toLowerCase() ?? null);
    if (
      protocol !== null &&
      !["tcp", "udp", "icmp", "ipv6-icmp", "any"].includes(protocol) &&
      !/^\d{1,3}$/.test(protocol)
    ) {
      throw fault(400, "SecurityGroupRuleInvalidProtocol", `Security group rule protocol ${protocol} not supported.`);
    }
    const port = (k: string) => {
      const v = o[k];
      if (v === undefined || v === null) return null;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 65535)
        throw bad(400, `Invalid input for ${k}. Reason: expected an integer 0-65535.`);
      return v;
    };
    const portMin = port("port_range_min");
    const portMax = port("port_range_max");
    if (portMin !== null && portMax !== null && portMin > portMax)
      throw fault(
        400,
        "SecurityGroupInvalidPortRange",
        "For TCP/UDP protocols, port_range_min must be <= port_range_max",
      );
    const remoteGroupId = optString(o, "remote_group_id", bad, { nullable: true }) ?? null;
    if (remoteGroupId && !store.groups.has(remoteGroupId))
      throw fault(404, "SecurityGroupNotFound", `Security group ${remoteGroupId} does not exist`);
    const rule = wrap(() =>
      store.addRule({
        groupId,
        projectId: g.projectId,
        direction,
        ethertype,
        protocol,
        portMin,
        portMax,
        remoteIpPrefix: optString(o, "remote_ip_prefix", bad, { nullable: true }) ?? null,
        remoteGroupId,
        description: optString(o, "description", bad) ?? "",
      }),
    );
    return { status: 201, body: { security_group_rule: ruleView(rule) } };
  });
  r.on("DELETE", "/v2.0/security-group-rules/:id", (req) => {
    const t = auth(req);
    const x = getRule(req);
    owned(t, x.projectId, "delete_security_group_rule");
    store.rules.delete(x.id);
    return { status: 204 };
  });

  return {
    mount: serviceMount("/networking", r, (s, m) => neutronErrorBody(s, m)),
    allocatePort(serverId, projectId, networkId) {
      const net = store.networks.get(networkId ?? store.guestNet.id);
      if (!net) throw new NeutronFault(404, "NetworkNotFound", `Network ${networkId} could not be found.`);
      const port = store.addPort({
        name: "",
        networkId: net.id,
        projectId,
        deviceId: serverId,
        deviceOwner: "compute:nova",
        securityGroups: [store.defaultGroup(projectId).id],
      });
      const ip = port.fixedIps[0]?.ip;
      if (!ip)
        throw new NeutronFault(
          409,
          "IpAddressGenerationFailure",
          `Network ${net.id} has no subnet to allocate an address from.`,
        );
      return { portId: port.id, ip, networkId: net.id, networkName: net.name, mac: port.mac };
    },
    releasePorts(serverId) {
      for (const p of [...store.ports.values()])
        if (p.deviceId === serverId && p.deviceOwner.startsWith("compute:")) store.deletePort(p.id);
    },
    floatingIpFor: (fixedIp) => [...store.floatingIps.values()].find((f) => f.fixedIp === fixedIp)?.ip,
    listResources: () => ({
      networks: [...store.networks.values()].map((n) => ({
        id: n.id,
        name: n.name,
        project_id: n.projectId || undefined,
      })),
      ports: [...store.ports.values()].map((p) => ({
        id: p.id,
        name: p.name,
        project_id: p.projectId,
        device_id: p.deviceId,
      })),
      floating_ips: [...store.floatingIps.values()].map((f) => ({
        id: f.id,
        name: f.ip,
        project_id: f.projectId,
        port_id: f.portId,
      })),
      security_groups: [...store.groups.values()].map((g) => ({ id: g.id, name: g.name, project_id: g.projectId })),
    }),
  };
}
