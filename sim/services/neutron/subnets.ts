// Neutron /v2.0/subnets.

import type { TokenInfo } from "../../contracts.js";
import { optString } from "../../http/body.js";
import type { Router, SimRequest } from "../../http/router.js";
import type { NeutronContext } from "./context.js";
import { bad, fault } from "./context.js";

export function subnetRoutes(r: Router, ctx: NeutronContext): void {
  const { store, subnetView, auth, wrap, listed, visible, find, owned, projectFor, body } = ctx;
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
}
