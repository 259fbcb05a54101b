// Power, reboot, console output, lock/unlock and rebuild actions. Rebuild of a server with shares answers 500:
// compute/api.py's rebuild is decorated with block_shares_not_supported, but servers.py _rebuild does not catch
// ForbiddenWithShare, so the expected_errors wrapper turns it into "Unexpected API Error" (the server is unchanged).

import { badRequest, conflict, FaultError } from "../http/router.js";
import { recordAction } from "./actions.js";
import { checkLocked, checkState, obj, policyDenied, requestCtx, requireProjectRole } from "./context.js";
import type { ActionHandler } from "./core.js";
import { json, type NovaCore } from "./core.js";
import type { Instance } from "./model.js";
import { validateBody } from "./validate.js";

const REBUILD_500 =
  "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class 'nova.exception.ForbiddenWithShare'>";

export function serverActions(core: NovaCore): Record<string, ActionHandler> {
  const { db, compute, deps } = core;
  const hasShares = (inst: Instance) => db.mappingsOf(inst.uuid).length > 0;
  return {
    "os-stop": (ctx, inst) => {
      requireProjectRole(ctx, "os_compute_api:servers:stop", inst.projectId, "member");
      checkLocked(inst);
      checkState(inst, "stop", ["active", "error"]);
      inst.taskState = "powering-off";
      db.touch(inst);
      const a = recordAction(db, inst, "stop", requestCtx(ctx));
      compute.cast(`stop ${inst.uuid}`, () => compute.stop(inst, a));
      return json(202);
    },
    "os-start": (ctx, inst) => {
      requireProjectRole(ctx, "os_compute_api:servers:start", inst.projectId, "member");
      checkLocked(inst);
      checkState(inst, "start", ["stopped"]);
      inst.taskState = "powering-on";
      db.touch(inst);
      const a = recordAction(db, inst, "start", requestCtx(ctx));
      compute.cast(`start ${inst.uuid}`, () => compute.start(inst, a));
      return json(202);
    },
    reboot: (ctx, inst) => {
      validateBody(
        {
          type: "object",
          properties: {
            reboot: {
              type: "object",
              properties: { type: { type: "string", enum: ["HARD", "Hard", "hard", "SOFT", "Soft", "soft"] } },
              required: ["type"],
              additionalProperties: false,
            },
          },
          required: ["reboot"],
        },
        ctx.req.body,
      );
      requireProjectRole(ctx, "os_compute_api:servers:reboot", inst.projectId, "member");
      const hard = String(obj(obj(ctx.req.body).reboot).type).toUpperCase() === "HARD";
      checkLocked(inst);
      if (hard) {
        checkState(
          inst,
          "reboot",
          ["active", "stopped", "error"],
          [null, "rebooting", "reboot_pending", "reboot_started", "rebooting_hard", "reboot_pending_hard"],
        );
      } else {
        checkState(inst, "reboot", ["active"]);
      }
      inst.taskState = hard ? "rebooting_hard" : "rebooting";
      db.touch(inst);
      const a = recordAction(db, inst, "reboot", requestCtx(ctx));
      compute.cast(`reboot ${inst.uuid}`, () => compute.reboot(inst, a, hard));
      return json(202);
    },
    "os-getConsoleOutput": (ctx, inst, arg) => {
      requireProjectRole(ctx, "os_compute_api:os-console-output", inst.projectId, "member");
      if (inst.vmState === "building") throw conflict(`Instance ${inst.uuid} is not ready`);
      const output = deps.guests.consoleOutput(inst.uuid);
      const length = Number(obj(arg).length);
      if (Number.isInteger(length) && length >= 0) {
        const lines = output.split("\n");
        return json(200, { output: lines.slice(Math.max(0, lines.length - length)).join("\n") });
      }
      return json(200, { output });
    },
    lock: (ctx, inst, arg) => {
      requireProjectRole(ctx, "os_compute_api:os-lock-server:lock", inst.projectId, "member");
      inst.lockedBy = ctx.auth.isAdmin ? "admin" : "owner";
      const reason = obj(arg).locked_reason;
      inst.lockedReason = ctx.v.atLeast("2.73") && typeof reason === "string" ? reason : null;
      db.touch(inst);
      recordAction(db, inst, "lock", requestCtx(ctx));
      return json(202);
    },
    unlock: (ctx, inst) => {
      requireProjectRole(ctx, "os_compute_api:os-lock-server:unlock", inst.projectId, "member");
      if (inst.lockedBy === "admin" && !ctx.auth.isAdmin) {
        throw policyDenied("os_compute_api:os-lock-server:unlock:unlock_override");
      }
      inst.lockedBy = null;
      inst.lockedReason = null;
      db.touch(inst);
      recordAction(db, inst, "unlock", requestCtx(ctx));
      return json(202);
    },
    rebuild: (ctx, inst) => {
      requireProjectRole(ctx, "os_compute_api:servers:rebuild", inst.projectId, "member");
      if (hasShares(inst) && !deps.faults.active("blocked-action-accepted")) throw new FaultError(500, REBUILD_500);
      const image = obj(obj(ctx.req.body).rebuild).imageRef;
      if (typeof image !== "string") throw badRequest("'imageRef' is a required property");
      checkLocked(inst);
      checkState(inst, "rebuild", ["active", "stopped", "error"]);
      if (!deps.images.imageExists(image)) throw badRequest(`Image ${image} could not be found.`);
      inst.taskState = "rebuilding";
      db.touch(inst);
      recordAction(db, inst, "rebuild", requestCtx(ctx));
      compute.cast(`rebuild ${inst.uuid}`, async () => {
        await deps.timing.delay("rebuild");
        inst.imageRef = image;
        inst.taskState = null;
        if (inst.vmState === "error") inst.vmState = "active";
        db.touch(inst);
      });
      return json(202);
    },
  };
}
