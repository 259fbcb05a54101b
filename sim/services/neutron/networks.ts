// Neutron /v2.0/networks.

import { optBool, optString } from "../../http/body.js";
import type { Router, SimRequest } from "../../http/router.js";
import { isMember } from "../util.js";
import type { NeutronContext } from "./context.js";
import { bad, fault } from "./context.js";

export function networkRoutes(r: Router, ctx: NeutronContext): void {
  const { store, netView, auth, listed, visible, find, owned, projectFor, body } = ctx;
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
}
