// Compute API microversion negotiation, as nova/api/openstack/api_version_request.py and wsgi.py do it:
// "OpenStack-API-Version: compute X" wins over the legacy "X-OpenStack-Nova-API-Version"; no header = 2.1;
// "latest" = the maximum; a malformed string = 400; out of range = 406. Every response echoes the version.

import type { IncomingHttpHeaders } from "node:http";
import { headerValue, parseMajorMinor, versionsForService } from "../http/microversion.js";
import { FaultError } from "../http/router.js";

export class ApiVersion {
  constructor(
    readonly major: number,
    readonly minor: number,
  ) {}

  static parse(s: string): ApiVersion {
    const m = parseMajorMinor(s);
    if (!m) {
      throw new FaultError(
        400,
        `API Version String ${s} is of invalid format. Must be of format MajorNum.MinorNum.`,
        versionHeaders(MIN),
      );
    }
    return new ApiVersion(m[0], m[1]);
  }

  cmp(o: ApiVersion): number {
    return this.major - o.major || this.minor - o.minor;
  }

  /** True when this request version is >= `v` ("2.97"). */
  atLeast(v: string): boolean {
    return this.cmp(ApiVersion.parse(v)) >= 0;
  }

  toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

export const MIN = new ApiVersion(2, 1);

export function versionHeaders(v: ApiVersion): Record<string, string> {
  return {
    "OpenStack-API-Version": `compute ${v}`,
    "X-OpenStack-Nova-API-Version": `${v}`,
    Vary: "OpenStack-API-Version, X-OpenStack-Nova-API-Version",
  };
}

/** The version a request asks for, checked against [2.1, max]. */
export function negotiate(headers: IncomingHttpHeaders, max: ApiVersion): ApiVersion {
  let requested: string | undefined = versionsForService(headers, "compute").at(-1);
  requested ??= headerValue(headers, "x-openstack-nova-api-version")?.trim();
  if (requested === undefined || requested === "") return MIN;
  if (requested.toLowerCase() === "latest") return max;
  const v = ApiVersion.parse(requested);
  if (v.cmp(MIN) < 0 || v.cmp(max) > 0) {
    throw new FaultError(
      406,
      `Version ${v} is not supported by the API. Minimum is ${MIN} and maximum is ${max}.`,
      versionHeaders(MIN),
    );
  }
  return v;
}
