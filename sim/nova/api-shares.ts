// /servers/{server_id}/shares (microversion 2.97+), as nova/api/openstack/compute/server_shares.py: instance
// mapping lookup, policy on the mapping's project, vm_state check, Manila share checks, unique share/tag, then
// the allow_share / deny_share casts to the compute host.

import { conflict, notFound } from "../http/router.js";
import { recordAction } from "./actions.js";
import { invalidState, type NovaCtx, obj, requestCtx, requireProjectRole } from "./context.js";
import { json, type NovaCore, type Route } from "./core.js";
import type { Instance, ShareMapping } from "./model.js";
import { sharesSupportedOn } from "./traits.js";
import { type Schema, UUID_SCHEMA, validateBody, validateQuery } from "./validate.js";
import { shareListItem, shareShowView } from "./views.js";

const CREATE: Schema = {
  type: "object",
  properties: {
    share: {
      type: "object",
      properties: {
        share_id: UUID_SCHEMA,
        tag: { type: "string", minLength: 1, maxLength: 255, pattern: "^[a-zA-Z0-9-]*$" },
      },
      required: ["share_id"],
      additionalProperties: false,
    },
  },
  required: ["share"],
  additionalProperties: false,
};

const PROTOCOLS = ["NFS", "CEPHFS"];
const NOT_CONFIGURED = "Feature not supported because either compute or instance are not configured correctly.";

export function registerShareRoutes(route: Route, core: NovaCore): void {
  const { db, compute, deps } = core;

  /** _get_instance_mapping + context.can(target=mapping project) + common.get_instance. */
  const lookup = (ctx: NovaCtx, rule: string, role: "member" | "reader"): Instance => {
    const id = ctx.req.params.server_id ?? "";
    const inst = db.instances.get(id);
    const project = inst?.projectId ?? db.deletedInstances.get(id);
    if (project === undefined) throw notFound(`Instance ${id} has no mapping to a cell.`);
    requireProjectRole(ctx, rule, project, role);
    if (!inst) throw notFound(`Instance ${id} could not be found.`);
    return inst;
  };

  const checkVmState = (inst: Instance, action: "create share" | "delete share") => {
    const ok =
      inst.vmState === "stopped" ||
      (action === "delete share" && inst.vmState === "error") ||
      (inst.vmState === "resized" && deps.faults.active("attach-in-verify-resize"));
    if (!ok) throw invalidState(action, inst.uuid, "vm_state", inst.vmState);
  };

  const mappingOr404 = (inst: Instance, shareId: string): ShareMapping => {
    const m = db.mappingsOf(inst.uuid).find((x) => x.shareId === shareId);
    if (!m) throw notFound(`Share ${shareId} could not be found.`);
    return m;
  };

  route(
    "GET",
    "/servers/:server_id/shares",
    (ctx) => {
      validateQuery(ctx.req.query, []);
      const inst = lookup(ctx, "os_compute_api:os-server-shares:index", "reader");
      return json(200, { shares: db.mappingsOf(inst.uuid).map(shareListItem) });
    },
    "2.97",
  );

  route(
    "POST",
    "/servers/:server_id/shares",
    (ctx) => {
      validateBody(CREATE, ctx.req.body);
      const inst = lookup(ctx, "os_compute_api:os-server-shares:create", "member");
      checkVmState(inst, "create share");
      const host = compute.host(inst.host);
      if (host && !sharesSupportedOn(compute, host, inst)) throw conflict(NOT_CONFIGURED);
      const req = obj(obj(ctx.req.body).share);
      const shareId = String(req.share_id);
      const share = deps.shares.getShare(shareId);
      if (!share || (!ctx.auth.isAdmin && share.projectId !== ctx.auth.projectId)) {
        throw notFound(`Share ${shareId} could not be found.`);
      }
      if (share.status !== "available") {
        throw conflict(`Share ${shareId} is in '${share.status}' instead of 'available' status.`);
      }
      if (share.exportLocation === null) throw conflict(`Share ${shareId} export location is missing.`);
      if (!PROTOCOLS.includes(share.proto)) throw conflict(`Share protocol ${share.proto} is not supported.`);
      const tag = typeof req.tag === "string" ? req.tag : share.id;
      const existing = db.mappingsOf(inst.uuid);
      if (existing.some((m) => m.shareId === share.id || m.tag === tag)) {
        throw conflict(`Share '${share.id}' or tag '${tag}' already associated to this server.`);
      }
      const m: ShareMapping = {
        uuid: crypto.randomUUID(),
        instanceUuid: inst.uuid,
        shareId: share.id,
        status: "attaching",
        tag,
        exportLocation: share.exportLocation,
        shareProto: share.proto,
      };
      db.shareMappings.push(m);
      const view = shareShowView(ctx, m);
      const action = recordAction(db, inst, "attach_share", requestCtx(ctx));
      compute.cast(`allow_share ${share.id}`, () => compute.allowShare(inst, m, action));
      return json(201, { share: view });
    },
    "2.97",
  );

  route(
    "GET",
    "/servers/:server_id/shares/:share_id",
    (ctx) => {
      validateQuery(ctx.req.query, []);
      const inst = lookup(ctx, "os_compute_api:os-server-shares:show", "reader");
      return json(200, { share: shareShowView(ctx, mappingOr404(inst, ctx.req.params.share_id ?? "")) });
    },
    "2.97",
  );

  route(
    "DELETE",
    "/servers/:server_id/shares/:share_id",
    (ctx) => {
      const inst = lookup(ctx, "os_compute_api:os-server-shares:delete", "member");
      checkVmState(inst, "delete share");
      const m = mappingOr404(inst, ctx.req.params.share_id ?? "");
      if (m.status === "detaching") return json(200);
      m.status = "detaching";
      const action = recordAction(db, inst, "detach_share", requestCtx(ctx));
      compute.cast(`deny_share ${m.shareId}`, () => compute.denyShare(inst, m, action));
      return json(200);
    },
    "2.97",
  );
}
