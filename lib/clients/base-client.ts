// What every service client shares: its RestClient, the answer of each call (request id, when the cloud answered)
// and a microversion copy.
import type { RequestOptions, RestClient, RestResponse } from "./rest-client.js";

/** Returned by calls with no body worth returning, so waiters and reports can name the request. */
export interface ActionResult {
  requestId?: string;
  /** When the cloud answered the call (epoch ms): where a wait for the transition it started counts from. */
  answeredAt?: number;
}

const ANSWER = Symbol("vftest: the call that returned this body");

/** `body` with its call's request id and answer time attached (not enumerable: no JSON, no deep-equal sees it),
 * as Tempest's ResponseBody carries its response: read back with answerOf, whatever other calls ran meanwhile. */
export function withAnswer<T extends object>(body: T, r: RestResponse<unknown>): T {
  Object.defineProperty(body, ANSWER, { value: { requestId: r.requestId, answeredAt: r.answeredAt } });
  return body;
}

/** The request id and answer time of the call that returned `body` (empty for a body no call stamped). */
export function answerOf(body: object): ActionResult {
  return (body as { [ANSWER]?: ActionResult })[ANSWER] ?? {};
}

export abstract class BaseClient {
  constructor(readonly rest: RestClient) {}

  /** A copy of this client pinned to another microversion (same auth, log and transport options). */
  withMicroversion(microversion: string | undefined): this {
    const Ctor = this.constructor as new (rest: RestClient) => this;
    return new Ctor(this.rest.withMicroversion(microversion));
  }

  protected call<T>(method: string, path: string, o: RequestOptions): Promise<RestResponse<T>> {
    return this.rest.request<T>(method, path, o);
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
