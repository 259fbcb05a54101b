// Simulated Neutron (/networking, /networking/v2.0): networks, subnets, ports, floating IPs, security groups and
// rules, with Neutron's attribute filters on list calls and its error body {"NeutronError": {type, message, detail}};
// plus the port API Nova uses (allocatePort/releasePorts) and floatingIpFor for the guest layer.

import type { IdentityBackend } from "../contracts.js";
import { Router, type ServiceMount } from "../http/router.js";
import { serviceMount } from "../http/service.js";
import { neutronContext, neutronErrorBody } from "./neutron/context.js";
import { floatingIpRoutes } from "./neutron/floatingips.js";
import { networkRoutes } from "./neutron/networks.js";
import { portRoutes } from "./neutron/ports.js";
import { securityGroupRoutes } from "./neutron/security-groups.js";
import { NeutronFault } from "./neutron/store.js";
import { subnetRoutes } from "./neutron/subnets.js";
import type { ResourceRow } from "./types.js";

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
  const ctx = neutronContext(opts);
  const { store } = ctx;

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

  networkRoutes(r, ctx);

  subnetRoutes(r, ctx);

  portRoutes(r, ctx);
  floatingIpRoutes(r, ctx);
  securityGroupRoutes(r, ctx);
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
