// Neutron v2.0 bodies (loose: required fields checked, extension fields allowed).
import { type Static, Type } from "@sinclair/typebox";
import { Loose, NullableString } from "./common.js";

const NetworkBody = Loose({ id: Type.String(), name: Type.String(), status: Type.Optional(Type.String()) });
const SubnetBody = Loose({
  id: Type.String(),
  network_id: Type.String(),
  cidr: Type.String(),
  ip_version: Type.Integer(),
});
const PortBody = Loose({
  id: Type.String(),
  network_id: Type.String(),
  mac_address: Type.String(),
  fixed_ips: Type.Array(Loose({ subnet_id: Type.String(), ip_address: Type.String() })),
  device_id: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
});
const FloatingIpBody = Loose({
  id: Type.String(),
  floating_ip_address: Type.String(),
  floating_network_id: Type.String(),
  port_id: Type.Optional(NullableString),
  fixed_ip_address: Type.Optional(NullableString),
  status: Type.Optional(Type.String()),
});
const SecurityGroupRuleBody = Loose({
  id: Type.String(),
  security_group_id: Type.String(),
  direction: Type.String(),
  ethertype: Type.Optional(Type.String()),
  protocol: Type.Optional(NullableString),
  port_range_min: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  port_range_max: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  remote_ip_prefix: Type.Optional(NullableString),
});
const SecurityGroupBody = Loose({
  id: Type.String(),
  name: Type.String(),
  security_group_rules: Type.Optional(Type.Array(SecurityGroupRuleBody)),
});

export type Network = Static<typeof NetworkBody>;
export type Subnet = Static<typeof SubnetBody>;
export type Port = Static<typeof PortBody>;
export type FloatingIp = Static<typeof FloatingIpBody>;
export type SecurityGroup = Static<typeof SecurityGroupBody>;
export type SecurityGroupRule = Static<typeof SecurityGroupRuleBody>;

/** Neutron wraps one resource in its singular key and lists in the plural key. */
export const NetworkSchemas = {
  network: { one: Loose({ network: NetworkBody }), many: Loose({ networks: Type.Array(NetworkBody) }) },
  subnet: { one: Loose({ subnet: SubnetBody }), many: Loose({ subnets: Type.Array(SubnetBody) }) },
  port: { one: Loose({ port: PortBody }), many: Loose({ ports: Type.Array(PortBody) }) },
  floatingip: { one: Loose({ floatingip: FloatingIpBody }), many: Loose({ floatingips: Type.Array(FloatingIpBody) }) },
  security_group: {
    one: Loose({ security_group: SecurityGroupBody }),
    many: Loose({ security_groups: Type.Array(SecurityGroupBody) }),
  },
  security_group_rule: {
    one: Loose({ security_group_rule: SecurityGroupRuleBody }),
    many: Loose({ security_group_rules: Type.Array(SecurityGroupRuleBody) }),
  },
};
