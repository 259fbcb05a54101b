// GET /os-migrations and /servers/{id}/os-instance-actions (what a move recorded, for the suite to check), with the
// faults that misreport them: the instance_uuid filter dropped, the hosts swapped or the source named twice.

import { badRequest, notFound } from "../http/router.js";
import { type NovaCtx, policyDenied, requireProjectRole } from "./context.js";
import { json, type NovaCore, type Route } from "./core.js";
import type { Migration } from "./model.js";
import { actionDetailView, actionView, migrationView } from "./views.js";

export function registerMigrationRoutes(route: Route, core: NovaCore): void {
  const { db } = core;
  const fault = (name: string) => core.deps.faults.active(name);
  /** The record as os-migrations reports it (the host faults change the report only, not what the move does). */
  const reported = (m: Migration): Migration => {
    const source = { sourceCompute: m.sourceCompute, sourceNode: m.sourceNode };
    if (fault("migration-hosts-swapped") && m.destCompute !== null && m.destNode !== null) {
      return {
        ...m,
        sourceCompute: m.destCompute,
        sourceNode: m.destNode,
        destCompute: source.sourceCompute,
        destNode: source.sourceNode,
      };
    }
    if (fault("migration-dest-is-source") && m.destCompute !== null) {
      return { ...m, destCompute: source.sourceCompute, destNode: source.sourceNode };
    }
    return m;
  };
  // --- os-migrations ---
  route("GET", "/os-migrations", (ctx) => {
    if (!ctx.auth.isAdmin && !ctx.auth.roles.includes("manager")) {
      throw policyDenied("os_compute_api:os-migrations:index");
    }
    const q = ctx.req.query;
    // Nova's instance_destroy soft-deletes the instance's migrations, and os-migrations reads no deleted row: a
    // deleted server's records are gone from the listing.
    let list = db.migrations.filter(
      (m) => !db.deletedInstances.has(m.instanceUuid) && (ctx.auth.isAdmin || m.projectId === ctx.auth.projectId),
    );
    const eq = (key: string, get: (m: (typeof list)[number]) => string | null) => {
      const v = q.get(key);
      if (v !== null) list = list.filter((m) => get(m) === v);
    };
    if (!fault("migrations-filter-ignored")) eq("instance_uuid", (m) => m.instanceUuid);
    eq("status", (m) => m.status);
    eq("migration_type", (m) => m.migrationType);
    eq("source_compute", (m) => m.sourceCompute);
    const host = q.get("host");
    if (host !== null) list = list.filter((m) => m.sourceCompute === host || m.destCompute === host);
    if (ctx.v.atLeast("2.80")) {
      eq("user_id", (m) => m.userId);
      eq("project_id", (m) => m.projectId);
    }
    if (ctx.v.atLeast("2.59")) {
      list = [...list].sort(
        (a, b) => (b.createdAt < a.createdAt ? -1 : b.createdAt > a.createdAt ? 1 : 0) || b.id - a.id,
      );
      const marker = q.get("marker");
      if (marker !== null) {
        const i = list.findIndex((m) => m.uuid === marker);
        if (i < 0) throw badRequest(`Marker ${marker} could not be found.`);
        list = list.slice(i + 1);
      }
      const limit = q.get("limit");
      if (limit !== null) list = list.slice(0, Math.max(0, Number(limit)));
    }
    return json(200, { migrations: list.map((m) => migrationView(ctx, reported(m))) });
  });

  // --- os-instance-actions ---
  const actionsInstance = (ctx: NovaCtx): string => {
    const id = ctx.req.params.server_id ?? "";
    const inst = db.instances.get(id);
    const project = inst?.projectId ?? (ctx.v.atLeast("2.21") ? db.deletedInstances.get(id) : undefined);
    if (project === undefined || (!ctx.auth.isAdmin && project !== ctx.auth.projectId)) {
      throw notFound(`Instance ${id} could not be found.`);
    }
    requireProjectRole(ctx, "os_compute_api:os-instance-actions:list", project, "reader");
    return id;
  };
  route("GET", "/servers/:server_id/os-instance-actions", (ctx) => {
    const id = actionsInstance(ctx);
    const list = db.actions.filter((a) => a.instanceUuid === id).reverse();
    return json(200, { instanceActions: list.map((a) => actionView(ctx, a)) });
  });
  route("GET", "/servers/:server_id/os-instance-actions/:request_id", (ctx) => {
    const id = actionsInstance(ctx);
    const rid = ctx.req.params.request_id ?? "";
    const a = db.actions.find((x) => x.instanceUuid === id && x.requestId === rid);
    if (!a) throw notFound(`Action ${rid} not found`);
    return json(200, { instanceAction: actionDetailView(ctx, a) });
  });
}
