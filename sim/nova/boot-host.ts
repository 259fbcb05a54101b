// Pinning a new server to a compute host, as an admin does to place a server before a targeted move:
// availability_zone "nova:<host>[:<node>]" (compute/api.py parse_availability_zone; policy
// os_compute_api:servers:create:forced_host, admin) or, from 2.74, "host" / "hypervisor_hostname" (policy
// compute:servers:create:requested_destination, admin; an unknown host is a 400). A forced host that cannot take the
// server ends the build in ERROR (NoValidHost), as on Nova.

import { badRequest } from "../http/router.js";
import type { Compute } from "./compute.js";
import { type NovaCtx, requireAdmin } from "./context.js";

export const AVAILABILITY_ZONE = "nova";

/** JSON-schema properties 2.74 adds to the create body. */
export const REQUESTED_DESTINATION = {
  host: { type: "string", minLength: 1, maxLength: 255 },
  hypervisor_hostname: { type: "string", minLength: 1, maxLength: 255 },
} as const;

/** The host the create body pins, or undefined to let the scheduler choose. */
export function requestedBootHost(ctx: NovaCtx, server: Record<string, unknown>, compute: Compute): string | undefined {
  const az = server.availability_zone;
  let forced: string | undefined;
  if (typeof az === "string" && az !== "") {
    const [zone, host, node] = az.split(":");
    if (zone !== "" && zone !== AVAILABILITY_ZONE) {
      throw badRequest("The requested availability zone is not available");
    }
    forced = host || node || undefined;
    if (forced !== undefined) requireAdmin(ctx, "os_compute_api:servers:create:forced_host");
  }
  const wanted = server.host ?? server.hypervisor_hostname;
  if (typeof wanted === "string") {
    requireAdmin(ctx, "compute:servers:create:requested_destination");
    if (!compute.host(wanted)) throw badRequest(`Compute host ${wanted} could not be found.`);
    return wanted;
  }
  return forced;
}
