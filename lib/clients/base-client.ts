// What every service client shares: its RestClient, the request id of its last call, and a microversion copy.
import type { RequestOptions, RestClient, RestResponse } from "./rest-client.js";

/** Returned by calls with no body worth returning, so waiters and reports can name the request. */
export interface ActionResult {
  requestId?: string;
  /** When the cloud answered the call (epoch ms): where a wait for the transition it started counts from. */
  answeredAt?: number;
}

export abstract class BaseClient {
  /** Request id of the most recent call made through this client object. */
  lastRequestId?: string;
  /** When the most recent successful call through this client object was answered (epoch ms). */
  lastAnsweredAt?: number;

  constructor(readonly rest: RestClient) {}

  /** A copy of this client pinned to another microversion (same auth, log and transport options). */
  withMicroversion(microversion: string | undefined): this {
    const Ctor = this.constructor as new (rest: RestClient) => this;
    return new Ctor(this.rest.withMicroversion(microversion));
  }

  protected async call<T>(method: string, path: string, o: RequestOptions): Promise<RestResponse<T>> {
    this.lastRequestId = undefined;
    try {
      const r = await this.rest.request<T>(method, path, o);
      this.lastRequestId = r.requestId;
      this.lastAnsweredAt = r.answeredAt;
      return r;
    } catch (e) {
      if (typeof e === "object" && e !== null && "requestId" in e && typeof e.requestId === "string") {
        this.lastRequestId = e.requestId;
      }
      throw e;
    }
  }

  /** The unwrapped body under `key`, e.g. `{server: {...}}` -> `{...}`. */
  protected async get<T>(path: string, key: string, api: string, query?: RequestOptions["query"]): Promise<T> {
    const r = await this.call<Record<string, T>>("GET", path, { expected: [200], schema: { api }, query });
    return r.body[key];
  }

  protected async remove(path: string, expected: number[] = [204]): Promise<ActionResult> {
    const r = await this.call<unknown>("DELETE", path, { expected });
    return { requestId: r.requestId, answeredAt: r.answeredAt };
  }
}

export function enc(id: string): string {
  return encodeURIComponent(id);
}
