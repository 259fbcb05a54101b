// From configuration to client options: the one place that turns a credentials block and the auth/TLS/microversion
// settings into what lib/clients takes, so the suite, the CLI commands and the leak check authenticate alike.

import fs from "node:fs";
import type { KeystoneAuthOptions } from "../clients/auth.js";
import type { ClientsOptions } from "../clients/index.js";
import type { CredentialsConfig, VftestConfig } from "./types.js";

/** Keystone options for one account; IDs (devstack's clouds.yaml) win over names, an application credential over a password. */
export function keystoneAuthFor(config: VftestConfig, c: CredentialsConfig): KeystoneAuthOptions {
  return {
    authUrl: config.auth.auth_url,
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
    interface: config.auth.interface,
    region: config.auth.region_name,
    endpointOverride: config.auth.endpoint_override,
  };
}

/** Everything createClients needs besides the account: microversions, timeouts, TLS, endpoint selection. */
export function clientsOptionsFor(
  config: VftestConfig,
  auth: KeystoneAuthOptions,
  extra: Partial<ClientsOptions> = {},
): ClientsOptions {
  const a = config.auth;
  return {
    auth,
    computeMicroversion: config.compute.min_microversion,
    shareMicroversion: config.share.microversion,
    timeoutMs: a.http_timeout * 1000,
    ca: a.cacert && !a.insecure ? fs.readFileSync(a.cacert) : undefined,
    insecure: a.insecure,
    endpointOverride: a.endpoint_override,
    interface: a.interface,
    region: a.region_name,
    ...extra,
  };
}
