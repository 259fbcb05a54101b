// The run log: one JSON line per HTTP request, written by the sink the upper layer passes in.
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

export interface RequestLogEntry {
  ts: string;
  method: string;
  url: string;
  /** HTTP status, or 0 when no response arrived (connection error, timeout). */
  status: number;
  duration_ms: number;
  request_id?: string;
  caller?: string;
  microversion?: string;
  /** Masked and truncated. */
  request_body?: unknown;
  /** Masked and truncated. */
  response_body?: unknown;
  /** Set on retries and connection errors, e.g. "503 Retry-After 1s, retry 1/3". */
  note?: string;
}

export type RequestLog = (entry: RequestLogEntry) => void;

/** A RequestLog appending one JSON line per request to `path` (directories created). Synchronous so lines never interleave. */
export function jsonLinesFileLog(path: string): RequestLog {
  mkdirSync(dirname(path), { recursive: true });
  return (entry) => appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

/** Fan one entry out to several sinks (e.g. file + in-memory for diagnostics). */
export function teeLog(...sinks: RequestLog[]): RequestLog {
  return (entry) => {
    for (const s of sinks) s(entry);
  };
}
