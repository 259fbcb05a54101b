// Cold migration and resize actions (migrate, resize, confirmResize, revertResize) with the share gates of
// compute/api.py, and the actions Nova still blocks for servers with shares (shelve, suspend, evacuate,
// os-migrateLive). Check order follows the controllers and the decorators (block_shares_not_supported outermost).

import { badRequest, conflict, FaultError } from "../http/router.js";
import { recordAction } from "./actions.js";
import {
  checkLocked,
  checkState,
  type NovaCtx,
  obj,
  policyDenied,
  requestCtx,
  requireAdmin,
  requireProjectRole,
} from "./context.js";
import type { ActionHandler } from "./core.js";
import { json, type NovaCore } from "./core.js";
import { SHARES_MIGRATION_MICROVERSION, SHARES_MIGRATION_SERVICE_VERSION } from "./deps.js";
import type { Instance } from "./model.js";
import { type Schema, validateBody } from "./validate.js";

export const FORBIDDEN_WITH_SHARE = "Feature not supported with instances that have shares.";

const FQDN_OR_NULL: Schema = {
  anyOf: [{ type: "string", minLength: 1, maxLength: 255, pattern: "^[a-zA-Z0-9-._]*$" }, { type: "null" }],
};

export function moveActions(core: NovaCore): Record<string, ActionHandler> {
  const { db, compute, migrations, deps } = core;
  const hasShares = (inst: Instance) => db.mappingsOf(inst.uuid).length > 0;

  const hostUpOr409 = (inst: Instance) => {
    const h = compute.host(inst.host);
    if (!h || !compute.serviceUp(h)) throw conflict("Service is unavailable at this time.");
  };

  /** 2026.1: the decorator; 2026.2: refused below the lifting microversion (API layer). */
  const shareGateApi = (ctx: NovaCtx, inst: Instance, action: "migrate" | "resize") => {
    if (!hasShares(inst)) return;
    // no-microversion-gate: the 2026.2 check forgets the request's microversion; resize-microversion-gate-missing:
    // only the migrate controller got the check.
    const gateSkipped =
      deps.faults.active("no-microversion-gate") ||
      (action === "resize" && deps.faults.active("resize-microversion-gate-missing"));
    const below = !ctx.v.atLeast(SHARES_MIGRATION_MICROVERSION) && !gateSkipped;
    if (deps.release === "2026.1" || below) throw conflict(FORBIDDEN_WITH_SHARE);
  };
  /** 2026.2 inline check in compute_api.resize: every nova-compute must handle shares in the finish step. */
  const shareGateServiceVersion = (inst: Instance) => {
    if (!hasShares(inst) || deps.faults.active("service-gate-ignored")) return;
    const min = Math.min(...deps.hosts.map((h) => compute.serviceVersion(h)));
    if (min < SHARES_MIGRATION_SERVICE_VERSION) throw conflict(FORBIDDEN_WITH_SHARE);
  };

  /** The end action's record (_record_action_start). end-action-not-recorded: the API skips it, so the compute
   * events of confirm/revert go under an action nobody can list; end-action-misnamed: the API records the other
   * end's action name (a confirm listed as revertResize and the reverse). */
  const endAction = (inst: Instance, action: "confirmResize" | "revertResize", ctx: NovaCtx) => {
    const other = action === "confirmResize" ? "revertResize" : "confirmResize";
    const a = recordAction(db, inst, deps.faults.active("end-action-misnamed") ? other : action, requestCtx(ctx));
    if (deps.faults.active("end-action-not-recorded")) db.actions.splice(db.actions.indexOf(a), 1);
    return a;
  };

  const startResize = (ctx: NovaCtx, inst: Instance, action: string, flavorRef?: string, host?: string) => {
    checkLocked(inst);
    checkState(inst, action, ["active", "stopped"]);
    hostUpOr409(inst);
    shareGateServiceVersion(inst);
    if (host !== undefined) {
      if (host === inst.host) throw badRequest("Cannot migrate to the host where the server exists.");
      if (!compute.host(host)) throw badRequest(`Compute host ${host} could not be found.`);
    }
    let newFlavor = inst.flavor;
    if (flavorRef !== undefined) {
      const f = db.flavorByApiId(flavorRef);
      if (!f) throw badRequest(`Flavor ${flavorRef} could not be found.`);
      if (f.id === inst.flavor.id) throw badRequest("When resizing, instances must change flavor!");
      newFlavor = f;
    }
    inst.taskState = "resize_prep";
    inst.progress = 0;
    db.touch(inst);
    // migrate-recorded-as-resize: the action name follows the RPC (resize_instance), not the API call.
    const migrate = flavorRef === undefined && !deps.faults.active("migrate-recorded-as-resize");
    const a = recordAction(db, inst, migrate ? "migrate" : "resize", requestCtx(ctx));
    const allowSameHost = flavorRef !== undefined && deps.allowResizeToSameHost === true;
    compute.cast(`migrate ${inst.uuid}`, () =>
      migrations.run(inst, newFlavor, { requestedHost: host, allowSameHost, action: a }),
    );
    return json(202);
  };

  const actions: Record<string, ActionHandler> = {
    migrate: (ctx, inst, arg) => {
      if (ctx.v.atLeast("2.56")) {
        validateBody(
          {
            type: "object",
            properties: {
              migrate: {
                anyOf: [
                  { type: "null" },
                  { type: "object", properties: { host: FQDN_OR_NULL }, additionalProperties: false },
                ],
              },
            },
            required: ["migrate"],
            additionalProperties: false,
          },
          ctx.req.body,
        );
      }
      const host = ctx.v.atLeast("2.56") && arg !== null ? obj(arg).host : undefined;
      if (typeof host === "string" && host !== "") {
        if (!ctx.auth.isAdmin) throw policyDenied("os_compute_api:os-migrate-server:migrate:host");
      } else if (!ctx.auth.isAdmin && !ctx.auth.roles.includes("manager")) {
        throw policyDenied("os_compute_api:os-migrate-server:migrate");
      }
      shareGateApi(ctx, inst, "migrate");
      return startResize(ctx, inst, "migrate", undefined, typeof host === "string" && host !== "" ? host : undefined);
    },
    resize: (ctx, inst) => {
      validateBody(
        {
          type: "object",
          properties: {
            resize: {
              type: "object",
              properties: {
                flavorRef: {
                  anyOf: [
                    { type: "string", minLength: 1 },
                    { type: "integer", minimum: 1 },
                  ],
                },
                "OS-DCF:diskConfig": { type: "string", enum: ["AUTO", "MANUAL"] },
              },
              required: ["flavorRef"],
              additionalProperties: false,
            },
          },
          required: ["resize"],
          additionalProperties: false,
        },
        ctx.req.body,
      );
      requireProjectRole(ctx, "os_compute_api:servers:resize", inst.projectId, "member");
      shareGateApi(ctx, inst, "resize");
      return startResize(ctx, inst, "resize", String(obj(obj(ctx.req.body).resize).flavorRef));
    },
    confirmResize: (ctx, inst) => {
      requireProjectRole(ctx, "os_compute_api:servers:confirm_resize", inst.projectId, "member");
      checkLocked(inst);
      checkState(inst, "confirmResize", ["resized"]);
      const mig = db.migrationInStatus(inst.uuid, ["finished"]);
      if (!mig) throw badRequest("Instance has not been resized.");
      const src = compute.host(mig.sourceCompute);
      if (!src || !compute.serviceUp(src)) throw conflict("Service is unavailable at this time.");
      mig.status = "confirming";
      const a = endAction(inst, "confirmResize", ctx);
      compute.cast(`confirm ${inst.uuid}`, () => migrations.confirm(inst, mig, a));
      return json(204);
    },
    revertResize: (ctx, inst) => {
      requireProjectRole(ctx, "os_compute_api:servers:revert_resize", inst.projectId, "member");
      checkLocked(inst);
      checkState(inst, "revertResize", ["resized"]);
      const mig = db.migrationInStatus(inst.uuid, ["finished"]);
      if (!mig) throw badRequest("Instance has not been resized.");
      mig.status = "reverting";
      inst.taskState = "resize_reverting";
      db.touch(inst);
      const a = endAction(inst, "revertResize", ctx);
      compute.cast(`revert ${inst.uuid}`, () => migrations.revert(inst, mig, a));
      return json(202);
    },
  };

  /** Blocked with shares (409); otherwise not simulated (501). Admin-only policies are checked first. */
  const blocked = (name: string, rule: string, adminOnly: boolean): ActionHandler => {
    return (ctx, inst) => {
      if (adminOnly) requireAdmin(ctx, rule);
      else requireProjectRole(ctx, rule, inst.projectId, "member");
      if (hasShares(inst) && deps.faults.active("blocked-action-accepted")) {
        // The decorator is gone: the action is accepted and recorded; the simulator does not carry it out.
        recordAction(db, inst, name === "os-migrateLive" ? "live-migration" : name, requestCtx(ctx));
        compute.log(`${name} of ${inst.uuid} with shares accepted (blocked-action-accepted); not simulated further`);
        return json(202);
      }
      if (hasShares(inst)) throw conflict(FORBIDDEN_WITH_SHARE);
      throw new FaultError(501, `The simulator does not implement the '${name}' action.`);
    };
  };
  actions.shelve = blocked("shelve", "os_compute_api:os-shelve:shelve", false);
  actions.suspend = blocked("suspend", "os_compute_api:os-suspend-server:suspend", false);
  actions.evacuate = blocked("evacuate", "os_compute_api:os-evacuate", true);
  actions["os-migrateLive"] = blocked("os-migrateLive", "os_compute_api:os-migrate-server:migrate_live", true);
  actions.shelve = blocked("shelve", "os_compute_api:os-shelve:shelve", false);
  actions.suspend = blocked("suspend", "os_compute_api:os-suspend-server:suspend", false);
  actions.evacuate = blocked("evacuate", "os_compute_api:os-evacuate", true);
  actions["os-migrateLive"] = blocked("os-migrateLive", "os_compute_api:os-migrate-server:migrate_live", true);
  return actions;
}
