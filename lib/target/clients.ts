// REST clients for one account of the configured cloud, for the tools that talk to it outside a test run
// (`vftest verify-config`, `vftest cleanup`). lib/clients is imported on first use so that `vftest --help` and
// `vftest list` do not load the schemas.

import type { Clients } from "../clients/index.js";
import { clientsOptionsFor, keystoneAuthFor } from "../config/client-options.js";
import type { CredentialsConfig, VftestConfig } from "../config/types.js";

/**
 * A user name and password, or an application credential. Looser than lib/config's hasCredentials (which also
 * wants a scope): the preflight tries such an account and lets Keystone say what is missing.
 */
export function hasCredentials(c: CredentialsConfig): boolean {
  return Boolean((c.username && c.password) || (c.application_credential_id && c.application_credential_secret));
}

export type Role = "member" | "admin";

/** Clients for `role`; no request is made until the first call (authenticate() to check the credentials). */
export async function openClients(config: VftestConfig, role: Role): Promise<Clients> {
  const { createClients } = await import("../clients/index.js");
  const auth = keystoneAuthFor(config, config.auth[role]);
  // Preflight and cleanup must answer quickly: no long Retry-After waits.
  return createClients(clientsOptionsFor(config, auth, { retry: { maxRetries: 1, maxTotalMs: 5000 } }));
}
