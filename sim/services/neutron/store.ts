// Neutron's state: networks, subnets, ports (with fixed-IP allocation from each subnet's pool), floating IPs and
// security groups with their rules. "vftest-net" (127.0.2.0/24, shared) carries the guests; "vftest-public"
// (127.0.5.0/24, external) provides floating IPs.

import { randomBytes } from "node:crypto";
import { cidrContains, intToIp, ipToInt, newUuid, parseCidr } from "../util.js";

import {
  type FloatingIp,
  type Network,
  NeutronFault,
  type Port,
  type SecurityGroup,
  type SgRule,
  type Subnet,
} from "./model.js";

export type { FloatingIp, Network, Port, SecurityGroup, SgRule, Subnet } from "./model.js";
export { NeutronFault } from "./model.js";

export class NeutronStore {
  readonly networks = new Map<string, Network>();
  readonly subnets = new Map<string, Subnet>();
  readonly ports = new Map<string, Port>();
  readonly floatingIps = new Map<string, FloatingIp>();
  readonly groups = new Map<string, SecurityGroup>();
  readonly rules = new Map<string, SgRule>();
  readonly guestNet: Network;
  readonly publicNet: Network;

  constructor(guestSubnet: string) {
    this.guestNet = this.addNetwork({ name: "vftest-net", projectId: "", shared: true, external: false });
    this.addSubnet({
      name: "vftest-subnet",
      networkId: this.guestNet.id,
      projectId: "",
      cidr: guestSubnet,
      poolOffset: 10,
    });
    this.publicNet = this.addNetwork({ name: "vftest-public", projectId: "", shared: false, external: true });
    this.addSubnet({
      name: "vftest-public-subnet",
      networkId: this.publicNet.id,
      projectId: "",
      cidr: "127.0.5.0/24",
      poolOffset: 10,
    });
  }

  addNetwork(n: { name: string; projectId: string; shared: boolean; external: boolean }): Network {
    const net: Network = { ...n, id: newUuid(), adminStateUp: true, createdAt: new Date() };
    this.networks.set(net.id, net);
    return net;
  }

  addSubnet(s: {
    name: string;
    networkId: string;
    projectId: string;
    cidr: string;
    gatewayIp?: string | null;
    poolOffset?: number;
  }): Subnet {
    const c = parseCidr(s.cidr);
    if (!c || c.len > 30)
      throw new NeutronFault(
        400,
        "InvalidInput",
        `Invalid input for cidr. Reason: '${s.cidr}' is not a valid IPv4 subnet (prefix length 0-30).`,
      );
    const mask = c.len === 0 ? 0 : (0xffffffff << (32 - c.len)) >>> 0;
    const net = (c.base & mask) >>> 0;
    const broadcast = (net | (~mask >>> 0)) >>> 0;
    const gateway = s.gatewayIp === undefined ? intToIp(net + 1) : s.gatewayIp;
    if (gateway !== null && (ipToInt(gateway) === undefined || !cidrContains(s.cidr, gateway))) {
      throw new NeutronFault(
        400,
        "InvalidInput",
        `Invalid input for gateway_ip. Reason: '${gateway}' is not inside ${s.cidr}.`,
      );
    }
    const sub: Subnet = {
      id: newUuid(),
      name: s.name,
      networkId: s.networkId,
      projectId: s.projectId,
      cidr: `${intToIp(net)}/${c.len}`,
      gatewayIp: gateway,
      firstHost: Math.min(net + (s.poolOffset ?? 2), broadcast - 1),
      lastHost: broadcast - 1,
      createdAt: new Date(),
    };
    this.subnets.set(sub.id, sub);
    return sub;
  }

  subnetsOf(networkId: string): Subnet[] {
    return [...this.subnets.values()].filter((s) => s.networkId === networkId);
  }

  /** The lowest free address of the subnet's pool (released addresses are reused). */
  private freeIp(sub: Subnet): string {
    const used = new Set<string>();
    for (const p of this.ports.values()) for (const f of p.fixedIps) if (f.subnetId === sub.id) used.add(f.ip);
    if (sub.networkId === this.publicNet.id) for (const f of this.floatingIps.values()) used.add(f.ip);
    for (let n = sub.firstHost; n <= sub.lastHost; n++) {
      const ip = intToIp(n);
      if (ip !== sub.gatewayIp && !used.has(ip)) return ip;
    }
    throw new NeutronFault(
      409,
      "IpAddressGenerationFailure",
      `No more IP addresses available on network ${sub.networkId}.`,
    );
  }

  addPort(p: {
    name: string;
    networkId: string;
    projectId: string;
    deviceId: string;
    deviceOwner: string;
    fixedIp?: string;
    securityGroups: string[];
  }): Port {
    const subs = this.subnetsOf(p.networkId);
    const fixedIps: Port["fixedIps"] = [];
    if (p.fixedIp !== undefined) {
      const sub = subs.find((s) => cidrContains(s.cidr, p.fixedIp!));
      if (!sub)
        throw new NeutronFault(
          400,
          "InvalidIpForNetwork",
          `IP address ${p.fixedIp} is not a valid IP for any of the subnets on the specified network.`,
        );
      const taken = [...this.ports.values()].some((x) =>
        x.fixedIps.some((f) => f.ip === p.fixedIp && f.subnetId === sub.id),
      );
      if (taken)
        throw new NeutronFault(
          409,
          "IpAddressAlreadyAllocated",
          `IP address ${p.fixedIp} already allocated in subnet ${sub.id}`,
        );
      fixedIps.push({ subnetId: sub.id, ip: p.fixedIp });
    } else if (subs[0]) {
      fixedIps.push({ subnetId: subs[0].id, ip: this.freeIp(subs[0]) });
    }
    const mac = `fa:16:3e:${[...randomBytes(3)].map((b) => b.toString(16).padStart(2, "0")).join(":")}`;
    const port: Port = {
      id: newUuid(),
      name: p.name,
      networkId: p.networkId,
      projectId: p.projectId,
      mac,
      fixedIps,
      deviceId: p.deviceId,
      deviceOwner: p.deviceOwner,
      securityGroups: p.securityGroups,
      createdAt: new Date(),
    };
    this.ports.set(port.id, port);
    return port;
  }

  deletePort(id: string): void {
    this.ports.delete(id);
    for (const f of this.floatingIps.values()) {
      if (f.portId === id) {
        f.portId = null;
        f.fixedIp = null;
      }
    }
  }

  addFloatingIp(projectId: string, networkId: string, description: string): FloatingIp {
    const sub = this.subnetsOf(networkId)[0];
    if (!sub)
      throw new NeutronFault(400, "BadRequest", `Network ${networkId} has no subnet to allocate floating IPs from.`);
    const fip: FloatingIp = {
      id: newUuid(),
      projectId,
      networkId,
      ip: this.freeIp(sub),
      portId: null,
      fixedIp: null,
      description,
      createdAt: new Date(),
    };
    this.floatingIps.set(fip.id, fip);
    return fip;
  }

  associate(fip: FloatingIp, portId: string | null): void {
    if (portId === null) {
      fip.portId = null;
      fip.fixedIp = null;
      return;
    }
    const port = this.ports.get(portId);
    if (!port) throw new NeutronFault(404, "PortNotFound", `Port ${portId} could not be found.`);
    const fixed = port.fixedIps[0];
    if (!fixed)
      throw new NeutronFault(400, "BadRequest", `Port ${portId} does not have any fixed IP address to associate.`);
    const other = [...this.floatingIps.values()].find((f) => f.id !== fip.id && f.portId === portId);
    if (other)
      throw new NeutronFault(
        409,
        "FloatingIPPortAlreadyAssociated",
        `Cannot associate floating IP ${fip.ip} (${fip.id}) with port ${portId} using fixed IP ${fixed.ip}, as that fixed IP already has a floating IP on external network ${other.networkId}.`,
      );
    fip.portId = portId;
    fip.fixedIp = fixed.ip;
  }

  /** The project's "default" security group, created (with Neutron's four default rules) on first use. */
  defaultGroup(projectId: string): SecurityGroup {
    const existing = [...this.groups.values()].find((g) => g.projectId === projectId && g.name === "default");
    if (existing) return existing;
    const g = this.addGroup(projectId, "default", "Default security group");
    for (const ethertype of ["IPv4", "IPv6"] as const) {
      this.addRule({ groupId: g.id, projectId, direction: "egress", ethertype });
      this.addRule({ groupId: g.id, projectId, direction: "ingress", ethertype, remoteGroupId: g.id });
    }
    return g;
  }

  addGroup(projectId: string, name: string, description: string): SecurityGroup {
    const g: SecurityGroup = { id: newUuid(), name, description, projectId, createdAt: new Date() };
    this.groups.set(g.id, g);
    if (name !== "default")
      for (const ethertype of ["IPv4", "IPv6"] as const)
        this.addRule({ groupId: g.id, projectId, direction: "egress", ethertype });
    return g;
  }

  addRule(r: Partial<SgRule> & Pick<SgRule, "groupId" | "projectId" | "direction" | "ethertype">): SgRule {
    const rule: SgRule = {
      id: newUuid(),
      protocol: null,
      portMin: null,
      portMax: null,
      remoteIpPrefix: null,
      remoteGroupId: null,
      description: "",
      createdAt: new Date(),
      ...r,
    };
    const dup = [...this.rules.values()].find(
      (x) =>
        x.groupId === rule.groupId &&
        x.direction === rule.direction &&
        x.ethertype === rule.ethertype &&
        x.protocol === rule.protocol &&
        x.portMin === rule.portMin &&
        x.portMax === rule.portMax &&
        x.remoteIpPrefix === rule.remoteIpPrefix &&
        x.remoteGroupId === rule.remoteGroupId,
    );
    if (dup)
      throw new NeutronFault(
        409,
        "SecurityGroupRuleExists",
        `Security group rule already exists. Rule id is ${dup.id}.`,
      );
    this.rules.set(rule.id, rule);
    return rule;
  }
}
