// Transport options shared by KeystoneAuth and every RestClient, and the axios instance built from them.
import { Agent as HttpsAgent } from "node:https";
import axios, { type AxiosInstance } from "axios";
import type { RequestLog } from "./request-log.js";

export type Interface = "public" | "internal" | "admin";

export interface RetryOptions {
  /** Retries after a 429/503 carrying Retry-After. Default 3. */
  maxRetries?: number;
  /** Total time spent waiting across retries of one request. Default 30000. */
  maxTotalMs?: number;
}

export interface HttpOptions {
  /** Per request. Default 60000. */
  timeoutMs?: number;
  /** CA bundle contents (PEM). */
  ca?: string | Buffer;
  /** Skip TLS verification (rejectUnauthorized: false). */
  insecure?: boolean;
  log?: RequestLog;
  /** Label for each log line, e.g. the running test's title. */
  caller?: () => string | undefined;
  retry?: RetryOptions;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_RETRY: Required<RetryOptions> = { maxRetries: 3, maxTotalMs: 30_000 };

/** An axios instance that never throws on status and hands back raw text (we parse and map statuses ourselves). */
export function makeAxios(http: HttpOptions = {}): AxiosInstance {
  const needsAgent = http.ca !== undefined || http.insecure === true;
  return axios.create({
    timeout: http.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    validateStatus: () => true,
    responseType: "text",
    transformResponse: [(d: unknown) => d],
    maxRedirects: 0,
    proxy: false,
    httpsAgent: needsAgent ? new HttpsAgent({ ca: http.ca, rejectUnauthorized: http.insecure !== true }) : undefined,
  });
}
