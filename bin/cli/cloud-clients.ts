// REST clients for the CLI's own cloud calls (verify-config, cleanup), built from the config for one account.
// lib/clients is imported on first use so that `vftest --help` and `vftest list` do not load the schemas.

import fs from "node:fs";
import type { Clients } from "../../lib/clients/index.js";
import type { CredentialsConfig, VftestConfig } from "../../lib/config/types.js";

export type CliClients = Clients;

export function hasCredentials(c: CredentialsConfig): boolean {
  return Boolean((c.username && c.password) || (c.application_credential_id && c.application_credential_secret));
}

/** Clients for `role`; no request is made until the first call (authenticate() to check the credentials). */
export async function openClients(config: VftestConfig, role: "member" | "admin"): Promise<CliClients> {
  const { createClients } = await import("../../lib/clients/index.js");
  const c = config.auth[role];
  const a = config.auth;
  return createClients({
    auth: {
      authUrl: a.auth_url,
      username: c.username,
      password: c.password,
      userDomainName: c.user_domain_id ? undefined : c.user_domain_name,
      userDomainId: c.user_domain_id,
      projectName: c.project_id ? undefined : c.project_name,
      projectId: c.project_id,
      projectDomainName: c.project_domain_id ? undefined : c.project_domain_name,
      projectDomainId: c.project_domain_id,
      domainName: c.domain_name,
      applicationCredentialId: c.application_credential_id,
      applicationCredentialSecret: c.application_credential_secret,
    },
    computeMicroversion: config.compute.min_microversion,
    shareMicroversion: config.share.microversion,
    timeoutMs: a.http_timeout * 1000,
    ca: a.cacert && !a.insecure ? fs.readFileSync(a.cacert) : undefined,
    insecure: a.insecure,
    endpointOverride: a.endpoint_override,
    interface: a.interface,
    region: a.region_name,
    // The CLI's checks must answer quickly: no long Retry-After waits.
    retry: { maxRetries: 1, maxTotalMs: 5000 },
  });
}
