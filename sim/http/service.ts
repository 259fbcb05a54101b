// Turns a Router into a ServiceMount that always answers in its own service's error format: router 404/405s,
// handler FaultErrors without a body and unexpected exceptions (500) are all re-shaped here, so a bad request can
// never crash the process or leak a stack trace (or a secret carried in an exception) to the client.

import { FaultError, type Router, type ServiceMount, type SimRequest, type SimResponse } from "./router.js";

export type ErrorBody = (status: number, message: string) => unknown;

export function serviceMount(
  prefix: string,
  router: Router,
  errorBody: ErrorBody,
  hooks: { headers?: (req: SimRequest) => Record<string, string>; log?: (line: string) => void } = {},
): ServiceMount {
  return {
    prefix,
    async handle(req: SimRequest): Promise<SimResponse> {
      let res: SimResponse;
      try {
        const { handler, params } = router.match(req.method, req.path);
        res = await handler({ ...req, params });
      } catch (e) {
        if (e instanceof FaultError) {
          res = { status: e.status, body: e.body ?? errorBody(e.status, e.message), headers: e.headers };
        } else {
          hooks.log?.(`${prefix}: unexpected error on ${req.method} ${req.fullPath}: ${(e as Error)?.name ?? "Error"}`);
          res = {
            status: 500,
            body: errorBody(500, "An unexpected error prevented the server from fulfilling your request."),
          };
        }
      }
      const extra = hooks.headers?.(req);
      if (extra) res = { ...res, headers: { ...extra, ...(res.headers ?? {}) } };
      return res;
    },
  };
}
