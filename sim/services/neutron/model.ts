// Neutron's records (networks, subnets, ports, floating IPs, security groups and rules) and its typed error.

export interface Network {
  id: string;
  name: string;
  projectId: string;
  shared: boolean;
  external: boolean;
  adminStateUp: boolean;
  createdAt: Date;
}
export interface Subnet {
  id: string;
  name: string;
  networkId: string;
  projectId: string;
  cidr: string;
  gatewayIp: string | null;
  firstHost: number; // allocation pool start (as an integer IPv4 address)
  lastHost: number;
  createdAt: Date;
}
export interface Port {
  id: string;
  name: string;
  networkId: string;
  projectId: string;
  mac: string;
  fixedIps: { subnetId: string; ip: string }[];
  deviceId: string;
  deviceOwner: string;
  securityGroups: string[];
  createdAt: Date;
}
export interface FloatingIp {
  id: string;
  projectId: string;
  networkId: string;
  ip: string;
  portId: string | null;
  fixedIp: string | null;
  description: string;
  createdAt: Date;
}
export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  projectId: string;
  createdAt: Date;
}
export interface SgRule {
  id: string;
  groupId: string;
  projectId: string;
  direction: "ingress" | "egress";
  ethertype: "IPv4" | "IPv6";
  protocol: string | null;
  portMin: number | null;
  portMax: number | null;
  remoteIpPrefix: string | null;
  remoteGroupId: string | null;
  description: string;
  createdAt: Date;
}

/** An error carrying Neutron's exception type (NeutronError.type) and HTTP status. */
export class NeutronFault extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}
