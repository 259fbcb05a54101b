// The facts a scenario timeline is drawn from: the test's requests in requests.jsonl (the run's and each parallel
// worker's; lines carry the test's `[id-<uuid>]` as caller) give the server's status and host over time and each
// move request; the recorded checks give a marker per check on its layer.

import fs from "node:fs";
import path from "node:path";
import type { CheckRecord } from "../run/checks.js";

export interface StatusPoint {
  t: number;
  server: string;
  status: string;
  host?: string;
}

export interface MoveRequest {
  t: number;
  action: string;
  requestId?: string;
  status: number;
}

export interface TimelineData {
  start: number;
  end: number;
  points: StatusPoint[];
  moves: MoveRequest[];
  checks: CheckRecord[];
}

interface LoggedRequest {
  ts?: string;
  method?: string;
  url?: string;
  status?: number;
  caller?: string;
  request_id?: string;
  request_body?: unknown;
  response_body?: unknown;
}

/** Server actions that belong on a timeline (polls and reads do not). */
const ACTIONS = new Set(["migrate", "resize", "confirmResize", "revertResize", "os-stop", "os-start"]);
const SERVER_URL = /\/servers\/([0-9a-f-]{36})(\/action)?$/;

/** Every requests.jsonl of a run directory: its own and its parallel workers'. */
export function requestLogsOf(runDir: string): string[] {
  const files = [path.join(runDir, "requests.jsonl")];
  const workers = path.join(runDir, "workers");
  if (fs.existsSync(workers)) {
    for (const w of fs.readdirSync(workers)) files.push(path.join(workers, w, "requests.jsonl"));
  }
  return files.filter((f) => fs.existsSync(f));
}

/** Reads the request logs once, line by line, and groups by test UUID what a timeline draws from each line. */
export function requestsByTest(files: readonly string[]): Map<string, LoggedRequest[]> {
  const out = new Map<string, LoggedRequest[]>();
  for (const file of files) {
    forEachLine(file, (line) => {
      if (!line.includes("[id-")) return;
      let r: LoggedRequest;
      try {
        r = JSON.parse(line) as LoggedRequest;
      } catch {
        return;
      }
      const uuid = /\[id-([0-9a-f-]{36})\]/.exec(r.caller ?? "")?.[1];
      if (!uuid) return;
      const mine = out.get(uuid);
      if (mine) mine.push(slim(r));
      else out.set(uuid, [slim(r)]);
    });
  }
  return out;
}

/**
 * What timelineData reads of a logged request and nothing more: a run's log holds every response body (~1.5 MB for
 * the whole suite), and keeping them all parsed while the reports are written would cost several MiB of heap.
 */
function slim(r: LoggedRequest): LoggedRequest {
  const out: LoggedRequest = { ts: r.ts, method: r.method, url: r.url, status: r.status, request_id: r.request_id };
  const action = Object.keys((r.request_body as object | null | undefined) ?? {})[0];
  if (action !== undefined) out.request_body = { [action]: null };
  const server = (r.response_body as { server?: unknown } | null | undefined)?.server;
  if (server) {
    const keep: Record<string, unknown> = {};
    for (const k of ["status", "OS-EXT-SRV-ATTR:host"]) {
      const v = (server as Record<string, unknown>)[k];
      if (v !== undefined) keep[k] = v;
    }
    out.response_body = { server: keep };
  }
  return out;
}

/** Calls fn with each line of a file, read in 64 KiB chunks (never the whole file as one string). */
function forEachLine(file: string, fn: (line: string) => void): void {
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let rest = Buffer.alloc(0);
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const buf = rest.length ? Buffer.concat([rest, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
        fn(buf.toString("utf8", start, nl));
        start = nl + 1;
      }
      rest = Buffer.from(buf.subarray(start));
    }
    if (rest.length) fn(rest.toString("utf8"));
  } finally {
    fs.closeSync(fd);
  }
}

function field(body: unknown, key: string): string | undefined {
  const v = (body as Record<string, unknown> | undefined)?.[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

export function timelineData(requests: readonly LoggedRequest[], checks: readonly CheckRecord[]): TimelineData {
  const points: StatusPoint[] = [];
  const moves: MoveRequest[] = [];
  for (const r of requests) {
    const t = Date.parse(r.ts ?? "");
    const m = SERVER_URL.exec(r.url ?? "");
    if (!m || Number.isNaN(t)) continue;
    if (m[2] && r.method === "POST") {
      const action = Object.keys((r.request_body as object | undefined) ?? {})[0];
      if (action && ACTIONS.has(action)) moves.push({ t, action, requestId: r.request_id, status: r.status ?? 0 });
      continue;
    }
    const server = (r.response_body as { server?: unknown } | undefined)?.server;
    if (r.method !== "GET" || !server) continue;
    const status = field(server, "status");
    if (!status) continue;
    points.push({ t, server: m[1]!, status, host: field(server, "OS-EXT-SRV-ATTR:host") });
  }
  const times = [
    ...requests.map((r) => Date.parse(r.ts ?? "")).filter((t) => !Number.isNaN(t)),
    ...checks.map((c) => Date.parse(c.at ?? "")).filter((t) => !Number.isNaN(t)),
  ];
  return {
    start: Math.min(...times),
    end: Math.max(...times),
    points: points.sort((a, b) => a.t - b.t),
    moves,
    checks: [...checks],
  };
}
