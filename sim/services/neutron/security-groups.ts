// Neutron /v2.0/security-groups and /v2.0/security-group-rules.

import { optString } from "../../http/body.js";
import type { Router, SimRequest } from "../../http/router.js";
import { isMember } from "../util.js";
import type { NeutronContext } from "./context.js";
import { bad, fault } from "./context.js";

export function securityGroupRoutes(r: Router, ctx: NeutronContext): void {
  const { store, ruleView, sgView, auth, wrap, listed, visible, find, owned, projectFor, body } = ctx;
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
}
