// Neutron /v2.0/floatingips (one implicit router between vftest-net and vftest-public).

import type { TokenInfo } from "../../contracts.js";
import { type Obj, optString } from "../../http/body.js";
import type { Router, SimRequest } from "../../http/router.js";
import { isMember } from "../util.js";
import type { NeutronContext } from "./context.js";
import { bad, fault } from "./context.js";

export function floatingIpRoutes(r: Router, ctx: NeutronContext): void {
  const { store, fipView, auth, wrap, listed, visible, find, owned, projectFor, body } = ctx;
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
}
