// POST /servers/{id}/action: dispatches to the action tables (actions-server.ts: power, reboot, console, lock,
// rebuild; actions-move.ts: migrate, resize, confirm, revert and the actions blocked for servers with shares).

import { badRequest } from "../http/router.js";
import { moveActions } from "./actions-move.js";
import { serverActions } from "./actions-server.js";
import { getInstance } from "./context.js";
import type { ActionHandler, NovaCore, Route } from "./core.js";

export { FORBIDDEN_WITH_SHARE } from "./actions-move.js";

export function registerActionRoutes(route: Route, core: NovaCore): void {
  const { db } = core;
  const actions: Record<string, ActionHandler> = { ...serverActions(core), ...moveActions(core) };

  route("POST", "/servers/:id/action", async (ctx) => {
    const body = ctx.req.body;
    if (typeof body !== "object" || body === null || Array.isArray(body) || Object.keys(body).length === 0) {
      throw badRequest("Malformed request body");
    }
    const name = Object.keys(body).find((k) => k in actions);
    if (name === undefined) throw badRequest(`There is no such action: ${Object.keys(body)[0]}`);
    const inst = getInstance(db, ctx, ctx.req.params.id ?? "");
    const handler = actions[name];
    if (!handler) throw badRequest(`There is no such action: ${name}`);
    return handler(ctx, inst, (body as Record<string, unknown>)[name]);
  });
}
