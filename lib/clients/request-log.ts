// The run log: one JSON line per HTTP request, written by the sink the upper layer passes in.
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
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

/** Closes a log's file once nothing can write to it any more (the process's exit closes the rest). */
const openLogs = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * A RequestLog appending one JSON line per request to `path` (directories created). Synchronous so lines never
 * interleave and each is on disk (in the page cache) before the request's caller goes on. The file is opened once in
 * append mode and kept open (appendFileSync opened and closed it for every line: three syscalls per request instead
 * of one); O_APPEND keeps lines whole when several processes (`--parallel` workers) share the file.
 */
export function jsonLinesFileLog(path: string): RequestLog {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "a");
  const log: RequestLog = (entry) => {
    const line = Buffer.from(`${JSON.stringify(entry)}\n`);
    // A regular file takes the whole line in one write; the loop is for a short write (as writeFileSync does).
    for (let off = 0; off < line.length; ) off += writeSync(fd, line, off);
  };
  openLogs.register(log, fd);
  return log;
}

/** Fan one entry out to several sinks (e.g. file + in-memory for diagnostics). */
export function teeLog(...sinks: RequestLog[]): RequestLog {
  return (entry) => {
    for (const s of sinks) s(entry);
  };
}
