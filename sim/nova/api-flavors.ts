import { conflict, notFound } from "../http/router.js";
import { type NovaCtx, requireAdmin } from "./context.js";
import { json, type NovaCore, type Route } from "./core.js";
import { listedFlavors, parseFlavorCreate } from "./flavor-manage.js";
import type { Flavor } from "./model.js";
import { flavorBasicView, flavorDetailView } from "./views.js";

export function registerFlavorRoutes(route: Route, core: NovaCore): void {
  const { db } = core;
  // --- flavors ---
  // Non-admins see public flavors only (the simulator keeps no flavor-access lists).
  const flavorOr404 = (ctx: NovaCtx, id: string) => {
    const f = db.flavorByApiId(id);
    if (!f || (!f.isPublic && !ctx.auth.isAdmin)) throw notFound(`Flavor ${id} could not be found.`);
    return f;
  };
  route("GET", "/flavors", (ctx) =>
    json(200, { flavors: listedFlavors(ctx, db.flavors).map((f) => flavorBasicView(ctx, f)) }),
  );
  route("GET", "/flavors/detail", (ctx) =>
    json(200, { flavors: listedFlavors(ctx, db.flavors).map((f) => flavorDetailView(ctx, f)) }),
  );
  route("GET", "/flavors/:id", (ctx) =>
    json(200, { flavor: flavorDetailView(ctx, flavorOr404(ctx, ctx.req.params.id ?? "")) }),
  );
  route("GET", "/flavors/:id/os-extra_specs", (ctx) =>
    json(200, { extra_specs: { ...flavorOr404(ctx, ctx.req.params.id ?? "").extraSpecs } }),
  );
  // flavors.py create/delete. Instances hold their own Flavor object, so a deleted flavor lives on in server.flavor
  // (and in a resize revert); internal ids are never reused, as the database's autoincrement.
  let nextFlavorId = Math.max(0, ...db.flavors.map((f) => f.id)) + 1;
  route("POST", "/flavors", (ctx) => {
    const v = parseFlavorCreate(ctx);
    requireAdmin(ctx, "os_compute_api:os-flavor-manage:create");
    if (db.flavorByApiId(v.flavorid)) throw conflict(`Flavor with ID ${v.flavorid} already exists.`);
    if (db.flavors.some((f) => f.name === v.name)) throw conflict(`Flavor with name ${v.name} already exists.`);
    const f: Flavor = { id: nextFlavorId++, ...v, extraSpecs: {} };
    db.flavors.push(f);
    return json(200, { flavor: flavorDetailView(ctx, f) });
  });
  route("DELETE", "/flavors/:id", (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-flavor-manage:delete");
    const id = ctx.req.params.id ?? "";
    const i = db.flavors.findIndex((f) => f.flavorid === id);
    if (i < 0) throw notFound(`Flavor ${id} could not be found.`);
    db.flavors.splice(i, 1);
    return json(202);
  });
}
