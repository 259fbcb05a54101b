// Per-request context of the compute API: the caller, the negotiated microversion, and the lookups and policy
// checks every controller starts with (common.get_instance, context.can).

import { createHash } from "node:crypto";
import type { TokenInfo } from "../contracts.js";
import { FaultError, forbidden, notFound, type SimRequest } from "../http/router.js";
import type { RequestCtx } from "./actions.js";
import type { ApiVersion } from "./microversion.js";
import type { Instance, NovaDb } from "./model.js";

export interface NovaCtx {
  req: SimRequest;
  auth: TokenInfo;
  v: ApiVersion;
}

export function requestCtx(ctx: NovaCtx): RequestCtx {
  return { requestId: ctx.req.requestId, userId: ctx.auth.userId, projectId: ctx.auth.projectId };
}

/** Policy failure, worded like oslo.policy's PolicyNotAuthorized. */
export function policyDenied(rule: string): FaultError {
  return forbidden(`Policy doesn't allow ${rule} to be performed.`);
}

export function requireAdmin(ctx: NovaCtx, rule: string): void {
  if (!ctx.auth.isAdmin) throw policyDenied(rule);
}

/** PROJECT_MEMBER_OR_ADMIN / PROJECT_READER_OR_ADMIN for a resource of `projectId`. */
export function requireProjectRole(ctx: NovaCtx, rule: string, projectId: string, role: "member" | "reader"): void {
  if (ctx.auth.isAdmin) return;
  const roles = role === "reader" ? ["reader", "member", "manager"] : ["member", "manager"];
  if (ctx.auth.projectId !== projectId || !ctx.auth.roles.some((r) => roles.includes(r))) throw policyDenied(rule);
}

/** common.get_instance: 404 for unknown ids and for other projects' servers (non-admin). */
export function getInstance(db: NovaDb, ctx: NovaCtx, id: string): Instance {
  const inst = db.instances.get(id);
  if (!inst || (!ctx.auth.isAdmin && inst.projectId !== ctx.auth.projectId)) {
    throw notFound(`Instance ${id} could not be found.`);
  }
  return inst;
}

/** common.raise_http_conflict_for_instance_invalid_state. */
export function invalidState(
  action: string,
  id: string,
  attr: "vm_state" | "task_state",
  state: string | null,
): FaultError {
  return new FaultError(409, `Cannot '${action}' instance ${id} while it is in ${attr} ${state ?? "None"}`);
}

/** compute_api check_instance_state: vm_state in `vmStates` and task_state in `taskStates` (default [None]). */
export function checkState(
  inst: Instance,
  action: string,
  vmStates: readonly string[],
  taskStates: readonly (string | null)[] = [null],
): void {
  if (!vmStates.includes(inst.vmState)) throw invalidState(action, inst.uuid, "vm_state", inst.vmState);
  if (!taskStates.includes(inst.taskState)) throw invalidState(action, inst.uuid, "task_state", inst.taskState);
}

export function checkLocked(inst: Instance): void {
  if (inst.lockedBy) throw new FaultError(409, `Instance ${inst.uuid} is locked`);
}

/** utils.generate_hostid: sha224(project_id + host), "" without a host. */
export function hostId(host: string | null, projectId: string): string {
  if (!host) return "";
  return createHash("sha224")
    .update(projectId + host)
    .digest("hex");
}

export function selfLink(ctx: NovaCtx, collection: string, id: string | number): { rel: string; href: string }[] {
  return [
    { rel: "self", href: `${ctx.req.baseUrl}/v2.1/${collection}/${id}` },
    { rel: "bookmark", href: `${ctx.req.baseUrl}/${collection}/${id}` },
  ];
}

export function bookmarkLink(ctx: NovaCtx, collection: string, id: string): { rel: string; href: string }[] {
  return [{ rel: "bookmark", href: `${ctx.req.baseUrl}/${collection}/${id}` }];
}

/** The request body as an object (schema validation already ran) — a narrowing helper. */
export function obj(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
