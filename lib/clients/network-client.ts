// Neutron v2.0: networks, subnets, ports, floating IPs, security groups and rules (list/show/create/delete each).
import { type ActionResult, BaseClient, enc } from "./base-client.js";
import type { RestClient } from "./rest-client.js";
import type { FloatingIp, Network, Port, SecurityGroup, SecurityGroupRule, Subnet } from "./schemas/network.js";

export type { FloatingIp, Network, Port, SecurityGroup, SecurityGroupRule, Subnet };

type Q = Record<string, string | number | boolean | undefined | string[]>;
type Body = Record<string, unknown>;

/** Neutron resource: URL collection, singular key (also the schema name), plural key. */
interface Res {
  path: string;
  one: string;
  many: string;
}
const R = {
  network: { path: "networks", one: "network", many: "networks" },
  subnet: { path: "subnets", one: "subnet", many: "subnets" },
  port: { path: "ports", one: "port", many: "ports" },
  floatingip: { path: "floatingips", one: "floatingip", many: "floatingips" },
  securityGroup: { path: "security-groups", one: "security_group", many: "security_groups" },
  securityGroupRule: { path: "security-group-rules", one: "security_group_rule", many: "security_group_rules" },
} satisfies Record<string, Res>;

export class NetworkClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  private list<T>(r: Res, query?: Q): Promise<T[]> {
    return this.get(`/v2.0/${r.path}`, r.many, `network.${r.one}.list`, query);
  }
  private show<T>(r: Res, id: string): Promise<T> {
    return this.get(`/v2.0/${r.path}/${enc(id)}`, r.one, `network.${r.one}.show`);
  }
  private async create<T>(r: Res, body: Body): Promise<T> {
    const res = await this.call<Record<string, T>>("POST", `/v2.0/${r.path}`, {
      body: { [r.one]: body },
      expected: [201],
      schema: { api: `network.${r.one}.show` },
    });
    return res.body[r.one];
  }
  private del(r: Res, id: string): Promise<ActionResult> {
    return this.remove(`/v2.0/${r.path}/${enc(id)}`, [204]);
  }

  listNetworks = (query?: Q) => this.list<Network>(R.network, query);
  showNetwork = (id: string) => this.show<Network>(R.network, id);
  createNetwork = (body: Body) => this.create<Network>(R.network, body);
  deleteNetwork = (id: string) => this.del(R.network, id);

  listSubnets = (query?: Q) => this.list<Subnet>(R.subnet, query);
  showSubnet = (id: string) => this.show<Subnet>(R.subnet, id);
  createSubnet = (body: Body) => this.create<Subnet>(R.subnet, body);
  deleteSubnet = (id: string) => this.del(R.subnet, id);

  listPorts = (query?: Q) => this.list<Port>(R.port, query);
  showPort = (id: string) => this.show<Port>(R.port, id);
  createPort = (body: Body) => this.create<Port>(R.port, body);
  deletePort = (id: string) => this.del(R.port, id);

  listFloatingIps = (query?: Q) => this.list<FloatingIp>(R.floatingip, query);
  showFloatingIp = (id: string) => this.show<FloatingIp>(R.floatingip, id);
  createFloatingIp = (body: Body) => this.create<FloatingIp>(R.floatingip, body);
  deleteFloatingIp = (id: string) => this.del(R.floatingip, id);
  /** Associate (port_id) or disassociate (port_id: null). */
  async updateFloatingIp(id: string, body: { port_id: string | null; fixed_ip_address?: string }): Promise<FloatingIp> {
    const r = await this.call<{ floatingip: FloatingIp }>("PUT", `/v2.0/floatingips/${enc(id)}`, {
      body: { floatingip: body },
      expected: [200],
      schema: { api: "network.floatingip.show" },
    });
    return r.body.floatingip;
  }

  listSecurityGroups = (query?: Q) => this.list<SecurityGroup>(R.securityGroup, query);
  showSecurityGroup = (id: string) => this.show<SecurityGroup>(R.securityGroup, id);
  createSecurityGroup = (body: Body) => this.create<SecurityGroup>(R.securityGroup, body);
  deleteSecurityGroup = (id: string) => this.del(R.securityGroup, id);

  listSecurityGroupRules = (query?: Q) => this.list<SecurityGroupRule>(R.securityGroupRule, query);
  showSecurityGroupRule = (id: string) => this.show<SecurityGroupRule>(R.securityGroupRule, id);
  createSecurityGroupRule = (body: Body) => this.create<SecurityGroupRule>(R.securityGroupRule, body);
  deleteSecurityGroupRule = (id: string) => this.del(R.securityGroupRule, id);
}
