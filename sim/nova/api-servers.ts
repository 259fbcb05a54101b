// /servers: create, list, detail, show, update, delete (nova/api/openstack/compute/servers.py).

import { randomBytes } from "node:crypto";
import { badRequest } from "../http/router.js";
import { recordAction } from "./actions.js";
import { REQUESTED_DESTINATION, requestedBootHost } from "./boot-host.js";
import { checkLocked, getInstance, type NovaCtx, obj, requestCtx, requireProjectRole, selfLink } from "./context.js";
import { json, type NovaCore, type Route } from "./core.js";
import { type Instance, isoNow, POWER, type PortInfo } from "./model.js";
import { type Schema, UUID_SCHEMA, validateBody } from "./validate.js";
import { serverBasicView, serverStatus, serverView } from "./views.js";

const NAME: Schema = { type: "string", minLength: 1, maxLength: 255, pattern: "^(?!\\s)[\\s\\S]*(?<!\\s)$" };
const FLAVOR_REF: Schema = {
  anyOf: [
    { type: "string", minLength: 1 },
    { type: "integer", minimum: 1 },
  ],
};
const NETWORKS: Schema = {
  anyOf: [
    { type: "string", enum: ["auto", "none"] },
    {
      type: "array",
      items: {
        type: "object",
        properties: {
          uuid: UUID_SCHEMA,
          port: { anyOf: [UUID_SCHEMA, { type: "null" }] },
          fixed_ip: { type: "string" },
          tag: { type: "string" },
        },
        additionalProperties: false,
      },
    },
  ],
};

function createSchema(ctx: NovaCtx): Schema {
  const required = ["name", "flavorRef"];
  if (ctx.v.atLeast("2.37")) required.push("networks");
  return {
    type: "object",
    properties: {
      server: {
        type: "object",
        properties: {
          name: NAME,
          imageRef: { type: "string" },
          flavorRef: FLAVOR_REF,
          adminPass: { type: "string" },
          metadata: { type: "object" },
          networks: NETWORKS,
          security_groups: {
            type: "array",
            items: { type: "object", properties: { name: { type: "string" } }, additionalProperties: false },
          },
          key_name: { type: "string", minLength: 1, maxLength: 255 },
          user_data: { type: "string" },
          availability_zone: { type: "string" },
          config_drive: { type: "any" },
          min_count: { type: "any" },
          max_count: { type: "any" },
          return_reservation_id: { type: "any" },
          block_device_mapping_v2: { type: "any" },
          description: { anyOf: [{ type: "string", maxLength: 255 }, { type: "null" }] },
          tags: { type: "array", items: { type: "string", minLength: 1, maxLength: 60 } },
          hostname: { type: "string" },
          accessIPv4: { type: "string" },
          accessIPv6: { type: "string" },
          "OS-DCF:diskConfig": { type: "string", enum: ["AUTO", "MANUAL"] },
          trusted_image_certificates: { type: "any" },
          ...(ctx.v.atLeast("2.74") ? REQUESTED_DESTINATION : {}),
        },
        required,
        additionalProperties: false,
      },
      "os:scheduler_hints": { type: "object" },
      "OS-SCH-HNT:scheduler_hints": { type: "object" },
    },
    required: ["server"],
    additionalProperties: false,
  };
}

function lastSegment(ref: string): string {
  return ref.split("/").filter(Boolean).pop() ?? ref;
}

function hostnameFrom(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 63) || "server"
  );
}

export function registerServerRoutes(route: Route, core: NovaCore): void {
  const { db, compute, deps } = core;
  const viewOpts = (detail: boolean) => ({
    floatingIpFor: deps.network.floatingIpFor?.bind(deps.network),
    hostUp: (h: string | null) => {
      const host = compute.host(h);
      return host ? compute.serviceUp(host) : false;
    },
    detail,
  });

  route("POST", "/servers", (ctx) => {
    requireProjectRole(ctx, "os_compute_api:servers:create", ctx.auth.projectId, "member");
    validateBody(createSchema(ctx), ctx.req.body);
    const s = obj(obj(ctx.req.body).server);
    const imageRef = lastSegment(String(s.imageRef ?? ""));
    if (!imageRef || !deps.images.imageExists(imageRef)) throw badRequest(`Image ${imageRef} could not be found.`);
    const flavorRef = lastSegment(String(s.flavorRef));
    const flavor = db.flavorByApiId(flavorRef);
    if (!flavor) throw badRequest(`Flavor ${flavorRef} could not be found.`);
    let keyName: string | null = null;
    let authorizedKeys: string[] = [];
    if (typeof s.key_name === "string") {
      const kp = db.keypairs.find((k) => k.name === s.key_name && k.userId === ctx.auth.userId);
      if (!kp) throw badRequest("Invalid key_name provided.");
      keyName = kp.name;
      authorizedKeys = [kp.publicKey];
    }
    const requested: (string | undefined)[] = [];
    if (Array.isArray(s.networks)) {
      for (const n of s.networks) {
        const uuid = obj(n).uuid;
        if (typeof uuid === "string" && deps.network.networkExists && !deps.network.networkExists(uuid)) {
          throw badRequest(`Network ${uuid} could not be found.`);
        }
        requested.push(typeof uuid === "string" ? uuid : undefined);
      }
    } else if (s.networks !== "none") {
      requested.push(undefined);
    }
    const securityGroups = Array.isArray(s.security_groups)
      ? s.security_groups.map((g) => String(obj(g).name ?? "default"))
      : ["default"];
    const bootHost = requestedBootHost(ctx, s, compute);
    const id = db.allocInstanceId();
    const uuid = crypto.randomUUID();
    const now = isoNow();
    const name = String(s.name);
    const inst: Instance = {
      uuid,
      id,
      name,
      hostname: typeof s.hostname === "string" ? s.hostname : hostnameFrom(name),
      description: typeof s.description === "string" ? s.description : null,
      projectId: ctx.auth.projectId,
      userId: ctx.auth.userId,
      imageRef,
      flavor,
      oldFlavor: null,
      newFlavor: null,
      keyName,
      authorizedKeys,
      vmState: "building",
      taskState: "scheduling",
      powerState: POWER.NOSTATE,
      host: null,
      node: null,
      instanceName: `instance-${id.toString(16).padStart(8, "0")}`,
      ports: [],
      securityGroups,
      metadata: Object.fromEntries(Object.entries(obj(s.metadata)).map(([k, v]) => [k, String(v)])),
      tags: Array.isArray(s.tags) ? s.tags.map(String) : [],
      lockedBy: null,
      lockedReason: null,
      systemMetadata: {},
      fault: null,
      adminPass: typeof s.adminPass === "string" ? s.adminPass : randomBytes(9).toString("base64url"),
      reservationId: `r-${randomBytes(4).toString("hex")}`,
      createdAt: now,
      updatedAt: now,
      launchedAt: null,
      progress: 0,
    };
    const ports: PortInfo[] = requested.map((net) => deps.network.allocatePort(uuid, ctx.auth.projectId, net));
    inst.ports = ports;
    db.instances.set(uuid, inst);
    const action = recordAction(db, inst, "create", requestCtx(ctx));
    compute.cast(`build ${uuid}`, () => compute.build(inst, action, bootHost));
    const links = selfLink(ctx, "servers", uuid);
    return json(
      202,
      {
        server: {
          id: uuid,
          links,
          "OS-DCF:diskConfig": "MANUAL",
          security_groups: securityGroups.map((n) => ({ name: n })),
          adminPass: inst.adminPass,
        },
      },
      { Location: links[0]?.href ?? "" },
    );
  });

  const visible = (ctx: NovaCtx): Instance[] => {
    const q = ctx.req.query;
    const allTenants = ctx.auth.isAdmin && q.has("all_tenants") && q.get("all_tenants") !== "0";
    let list = [...db.instances.values()].filter((i) => allTenants || i.projectId === ctx.auth.projectId);
    const name = q.get("name");
    if (name) {
      const re = new RegExp(name);
      list = list.filter((i) => re.test(i.name));
    }
    const status = q.get("status");
    if (status) list = list.filter((i) => serverStatus(i.vmState, i.taskState) === status.toUpperCase());
    const host = q.get("host");
    if (host && ctx.auth.isAdmin) list = list.filter((i) => i.host === host);
    const projectId = q.get("project_id") ?? q.get("tenant_id");
    if (projectId && ctx.auth.isAdmin) list = list.filter((i) => i.projectId === projectId);
    // newest first, as Nova sorts by created_at desc
    return list.sort((a, b) => b.id - a.id);
  };

  route("GET", "/servers", (ctx) => json(200, { servers: visible(ctx).map((i) => serverBasicView(ctx, i)) }));
  route("GET", "/servers/detail", (ctx) =>
    json(200, { servers: visible(ctx).map((i) => serverView(ctx, i, viewOpts(true))) }),
  );
  route("GET", "/servers/:id", (ctx) => {
    const inst = getInstance(db, ctx, ctx.req.params.id ?? "");
    return json(200, { server: serverView(ctx, inst, viewOpts(false)) });
  });

  route("PUT", "/servers/:id", (ctx) => {
    validateBody(
      {
        type: "object",
        properties: {
          server: {
            type: "object",
            properties: {
              name: NAME,
              description: { anyOf: [{ type: "string", maxLength: 255 }, { type: "null" }] },
              hostname: { type: "string" },
              accessIPv4: { type: "string" },
              accessIPv6: { type: "string" },
              "OS-DCF:diskConfig": { type: "string" },
            },
            additionalProperties: false,
          },
        },
        required: ["server"],
        additionalProperties: false,
      },
      ctx.req.body,
    );
    const inst = getInstance(db, ctx, ctx.req.params.id ?? "");
    requireProjectRole(ctx, "os_compute_api:servers:update", inst.projectId, "member");
    const s = obj(obj(ctx.req.body).server);
    if (typeof s.name === "string") inst.name = s.name;
    if ("description" in s) inst.description = typeof s.description === "string" ? s.description : null;
    if (typeof s.hostname === "string") inst.hostname = s.hostname;
    db.touch(inst);
    return json(200, { server: serverView(ctx, inst, viewOpts(false)) });
  });

  route("DELETE", "/servers/:id", (ctx) => {
    const inst = getInstance(db, ctx, ctx.req.params.id ?? "");
    requireProjectRole(ctx, "os_compute_api:servers:delete", inst.projectId, "member");
    checkLocked(inst);
    if (inst.taskState !== "deleting") {
      inst.taskState = "deleting";
      db.touch(inst);
      recordAction(db, inst, "delete", requestCtx(ctx));
      compute.cast(`delete ${inst.uuid}`, () => compute.delete(inst));
    }
    return json(204);
  });
}
