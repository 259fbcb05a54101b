// Named waiters over waitFor. Each takes the client it polls as a small structural interface (matching the
// lib/clients service clients, which return unwrapped bodies) and its interval/timeout explicitly, never from
// a global config. All fail fast on the resource's error state and report the last object seen.

import type { LogFn } from "./log.js";
import { GONE, type Gone, probeGone, waitFor } from "./wait-for.js";

export interface WaitOptions {
  intervalMs: number;
  timeoutMs: number;
  /** Request id of the API call that started the transition (shown in every failure). */
  requestId?: string;
  /** The API action that started the transition ("migrate", "confirmResize"), named in every failure. */
  action?: string;
  /** When that action was answered (epoch ms; see WaitForOptions.startedAt). */
  startedAt?: number;
  log?: LogFn;
  signal?: AbortSignal;
  /** Poll at once when this resolves true (see WaitForOptions.hint). */
  hint?: (signal: AbortSignal) => Promise<boolean>;
}

/** WaitOptions from config seconds, e.g. `waitOptions(config.compute, { requestId, log })`. */
export function waitOptions(
  c: { build_interval: number; build_timeout: number },
  extra: Omit<Partial<WaitOptions>, "intervalMs" | "timeoutMs"> = {},
): WaitOptions {
  return { intervalMs: c.build_interval * 1000, timeoutMs: c.build_timeout * 1000, ...extra };
}

// ---- structural views of what the service clients return ------------------------------------------------

export interface ServerLike {
  id: string;
  status: string;
  "OS-EXT-STS:task_state"?: string | null;
  "OS-EXT-STS:vm_state"?: string | null;
  fault?: { code?: number; message?: string; details?: string };
}
export interface ServerReader<S extends ServerLike = ServerLike> {
  showServer(id: string): Promise<S>;
}

export interface ShareMappingLike {
  share_id: string;
  status: string;
  tag?: string;
}
export interface ServerShareReader {
  showServerShare(serverId: string, shareId: string): Promise<ShareMappingLike>;
}

export interface MigrationLike {
  id: number;
  status: string;
  instance_uuid: string;
  migration_type?: string;
  created_at?: string;
}
export interface MigrationLister<M extends MigrationLike = MigrationLike> {
  listMigrations(filters?: { instance_uuid?: string; migration_type?: string }): Promise<M[]>;
}

// ---- helpers -----------------------------------------------------------------------------------------------

const none = (v: string | null | undefined): string => v ?? "None";

/** `STATUS/task_state` as Tempest logs it: "RESIZE/resize_migrating", "ACTIVE/None". */
export function serverState(s: ServerLike): string {
  return `${s.status}/${none(s["OS-EXT-STS:task_state"])}`;
}

function serverFault(s: ServerLike): string {
  const f = s.fault;
  if (!f) return `server ${s.id} is in ERROR with no fault recorded (vm_state ${none(s["OS-EXT-STS:vm_state"])})`;
  return `server ${s.id} fault${f.code !== undefined ? ` ${f.code}` : ""}: ${f.message ?? "(no message)"}`;
}

/** The WaitOptions every waitFor call takes as they are. */
export const common = (o: WaitOptions) => ({
  intervalMs: o.intervalMs,
  timeoutMs: o.timeoutMs,
  requestId: o.requestId,
  log: o.log,
  signal: o.signal,
  hint: o.hint,
  startedAt: o.startedAt,
});

// ---- compute -------------------------------------------------------------------------------------------------

/**
 * The transition an action starts, for learning its duration: Nova carries out a cold migration as a resize to the
 * same flavor (the compute API's resize() without a flavor: the same prep_resize, resize_instance and finish_resize
 * steps, the same instance.resize_* notifications), so a migrate and a resize are learned as one transition.
 */
export function sameTransition(action: string): string {
  return action === "migrate" ? "resize" : action;
}

/** Wait until status === `status` AND task_state === `taskState` (default null); fail fast on ERROR with the fault. */
export function waitForServerStatus<S extends ServerLike>(
  servers: ServerReader<S>,
  serverId: string,
  status: string,
  o: WaitOptions & { taskState?: string | null },
): Promise<S> {
  const taskState = o.taskState ?? null;
  const target = `${status}/${none(taskState)}`;
  return waitFor({
    ...common(o),
    describe: `${o.action ? `${o.action} of ` : ""}server ${serverId}`,
    target,
    // The action that started the wait names the transition before the first poll (learned polling, wait-for.ts).
    ...(o.action ? { kind: `server ${sameTransition(o.action)} ==> ${target}` } : {}),
    probe: () => servers.showServer(serverId),
    state: serverState,
    done: (s) => s.status === status && (s["OS-EXT-STS:task_state"] ?? null) === taskState,
    failed: (s) => (s.status === "ERROR" && status !== "ERROR" ? serverFault(s) : undefined),
  });
}

/** Wait until the server answers 404 (or shows DELETED); fail fast on ERROR. Called right after the DELETE. */
export async function waitForServerDeleted(servers: ServerReader, serverId: string, o: WaitOptions): Promise<void> {
  await waitFor<ServerLike | Gone>({
    ...common(o),
    describe: `server ${serverId}`,
    target: "deleted",
    kind: "server delete ==> deleted",
    probe: probeGone(() => servers.showServer(serverId)),
    state: (s) => (s === GONE ? GONE : serverState(s)),
    done: (s) => s === GONE || s.status === "DELETED",
    // Deleting a server in ERROR keeps status ERROR with task_state "deleting" until it is gone; only an ERROR
    // server no longer being deleted means the delete failed.
    failed: (s) =>
      s !== GONE && s.status === "ERROR" && s["OS-EXT-STS:task_state"] !== "deleting"
        ? `delete failed: ${serverFault(s)}`
        : undefined,
  });
}

/** Wait for the share mapping (os-server-shares) of `shareId` on the server to reach `status`; fail fast on 'error'. */
export function waitForShareMappingStatus(
  serverShares: ServerShareReader,
  serverId: string,
  shareId: string,
  status: string,
  o: WaitOptions,
): Promise<ShareMappingLike> {
  return waitFor({
    ...common(o),
    describe: `share mapping of share ${shareId} on server ${serverId}`,
    target: status,
    probe: () => serverShares.showServerShare(serverId, shareId),
    state: (m) => m.status,
    done: (m) => m.status === status,
    failed: (m) =>
      m.status === "error" && status !== "error" ? "the share mapping is in error (see nova-compute)" : undefined,
  });
}

/** Wait until GET /servers/{id}/shares/{share_id} answers 404 (detach finished). */
export async function waitForShareMappingGone(
  serverShares: ServerShareReader,
  serverId: string,
  shareId: string,
  o: WaitOptions,
): Promise<void> {
  await waitFor<ShareMappingLike | Gone>({
    ...common(o),
    describe: `share mapping of share ${shareId} on server ${serverId}`,
    target: "deleted",
    probe: probeGone(() => serverShares.showServerShare(serverId, shareId)),
    state: (m) => (m === GONE ? GONE : m.status),
    done: (m) => m === GONE,
    failed: (m) => (m !== GONE && m.status === "error" ? "the share mapping went to error while detaching" : undefined),
  });
}

/** The newest migration in a list (created_at desc, then id desc), as os-migrations sorts from 2.59. */
export function newestMigration<M extends MigrationLike>(migrations: M[]): M | undefined {
  // Code-point order (ISO timestamps): localeCompare would load ICU's collation data (~2.5 MiB resident).
  const at = (m: M) => m.created_at ?? "";
  return [...migrations].sort((a, b) => (at(b) < at(a) ? -1 : at(b) > at(a) ? 1 : 0) || b.id - a.id)[0];
}

/** Wait for the newest migration of the server to reach one of `status`; fail fast on 'error'/'failed'. */
export function waitForMigrationStatus<M extends MigrationLike>(
  migrations: MigrationLister<M>,
  serverId: string,
  status: string | string[],
  o: WaitOptions & { migrationType?: string },
): Promise<M> {
  const targets = Array.isArray(status) ? status : [status];
  const filters = { instance_uuid: serverId, ...(o.migrationType ? { migration_type: o.migrationType } : {}) };
  const newest = async (): Promise<M | undefined> =>
    newestMigration((await migrations.listMigrations(filters)).filter((m) => m.instance_uuid === serverId));
  return waitFor({
    ...common(o),
    describe: `${o.migrationType ?? "migration"} of server ${serverId}${o.action ? ` (${o.action})` : ""}`,
    target: targets.join("|"),
    probe: newest,
    state: (m) => (m ? `${m.status} (migration ${m.id})` : "(no migration)"),
    done: (m) => m !== undefined && targets.includes(m.status),
    failed: (m) => (m && ["error", "failed"].includes(m.status) ? `migration ${m.id} is ${m.status}` : undefined),
  }) as Promise<M>;
}
