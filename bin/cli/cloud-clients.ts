// REST clients for the CLI's own cloud calls (verify-config, cleanup), built from the config for one account.
// lib/clients is imported on first use so that `vftest --help` and `vftest list` do not load the schemas.

import type { Clients } from "../../lib/clients/index.js";
import { clientsOptionsFor, keystoneAuthFor } from "../../lib/config/client-options.js";
import type { CredentialsConfig, VftestConfig } from "../../lib/config/types.js";

export type CliClients = Clients;

export function hasCredentials(c: CredentialsConfig): boolean {
  return Boolean((c.username && c.password) || (c.application_credential_id && c.application_credential_secret));
}

/** Clients for `role`; no request is made until the first call (authenticate() to check the credentials). */
export async function openClients(config: VftestConfig, role: "member" | "admin"): Promise<CliClients> {
  const { createClients } = await import("../../lib/clients/index.js");
  const auth = keystoneAuthFor(config, config.auth[role]);
  // The CLI's checks must answer quickly: no long Retry-After waits.
  return createClients(clientsOptionsFor(config, auth, { retry: { maxRetries: 1, maxTotalMs: 5000 } }));
}
