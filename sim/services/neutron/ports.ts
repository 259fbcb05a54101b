// Neutron /v2.0/ports.

import { isObj, optString } from "../../http/body.js";
import type { Router, SimRequest } from "../../http/router.js";
import { isMember } from "../util.js";
import type { NeutronContext } from "./context.js";
import { bad, fault } from "./context.js";

export function portRoutes(r: Router, ctx: NeutronContext): void {
  const { store, portView, auth, wrap, listed, visible, find, owned, projectFor, body } = ctx;
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
}
