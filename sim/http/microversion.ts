// Microversion header parsing shared by the compute (Nova) and shared-file-system (Manila) APIs, as
// api_version_request.py does it: "X.Y" with no leading zeros, asked for per service in
// "OpenStack-API-Version: <service> X.Y" or in the service's legacy header. Each service keeps its own precedence,
// bounds and error messages (sim/nova/microversion.ts, sim/services/manila/context.ts).

import type { IncomingHttpHeaders } from "node:http";

/** A header's value; a repeated header is joined with commas. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** The versions `OpenStack-API-Version` asks of `service` ("compute", "shared-file-system"), in header order. */
export function versionsForService(headers: IncomingHttpHeaders, service: string): string[] {
  const modern = headerValue(headers, "openstack-api-version");
  if (modern === undefined) return [];
  const out: string[] = [];
  for (const part of modern.split(",")) {
    const [name, version] = part.trim().split(/\s+/, 2);
    if (name?.toLowerCase() === service && version !== undefined) out.push(version);
  }
  return out;
}

/** "2.97" → [2, 97]; undefined for anything else ("2.097", "2", "v2.1"). */
export function parseMajorMinor(s: string): [number, number] | undefined {
  const m = /^([1-9]\d*)\.(0|[1-9]\d*)$/.exec(s);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
