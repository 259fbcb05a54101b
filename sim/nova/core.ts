// The pieces every compute API controller shares, and the route table type they register into.

import type { SimResponse } from "../http/router.js";
import type { Compute } from "./compute.js";
import type { NovaCtx } from "./context.js";
import type { NovaDeps } from "./deps.js";
import type { ApiVersion } from "./microversion.js";
import type { ColdMigrations } from "./migrate.js";
import type { Instance, NovaDb } from "./model.js";

export interface NovaCore {
  db: NovaDb;
  compute: Compute;
  migrations: ColdMigrations;
  deps: NovaDeps;
  maxVersion: ApiVersion;
}

/** One POST /servers/{id}/action handler; `arg` is the body's value under the action's key. */
export type ActionHandler = (
  ctx: NovaCtx,
  inst: Instance,
  arg: unknown,
) => ReturnType<typeof json> | Promise<ReturnType<typeof json>>;

export type NovaHandler = (ctx: NovaCtx) => SimResponse | Promise<SimResponse>;

/** Registers a compute API route; `minVersion` makes the route 404 below it (VersionNotFoundForAPIMethod). */
export type Route = (method: string, path: string, handler: NovaHandler, minVersion?: string) => void;

export const json = (status: number, body?: unknown, headers?: Record<string, string>): SimResponse => ({
  status,
  ...(body === undefined ? {} : { body }),
  ...(headers ? { headers } : {}),
});
