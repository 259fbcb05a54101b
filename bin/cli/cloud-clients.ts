// REST clients for the CLI's own cloud calls (verify-config, cleanup), built from the config for one account.
// Only the client methods the CLI calls are declared here (lib/clients/README.md has the full list).

import fs from "node:fs";
import type { CredentialsConfig, VftestConfig } from "../../lib/config/types.js";
import { UsageError } from "../../lib/runner/errors.js";

type Named = { id: string; name?: string; [k: string]: unknown };

export interface CliClients {
  auth: { authenticate(): Promise<unknown> };
  versions: { microversionRange(): Promise<{ min: string; max: string }> };
  images: { showImage(id: string): Promise<unknown> };
  flavors: { showFlavor(id: string): Promise<unknown> };
  services: { listServices(f?: { binary?: string }): Promise<{ host: string; state: string; status: string }[]> };
  network: {
    listNetworks(q?: Record<string, string>): Promise<Named[]>;
    listSecurityGroups(q?: Record<string, string>): Promise<Named[]>;
    deleteSecurityGroup(id: string): Promise<void>;
  };
  servers: { listServers(f?: Record<string, unknown>): Promise<Named[]>; deleteServer(id: string): Promise<void> };
  shares: { listShares(q?: Record<string, unknown>): Promise<Named[]>; deleteShare(id: string): Promise<void> };
  keypairs: { listKeypairs(): Promise<{ name: string }[]>; deleteKeypair(name: string): Promise<void> };
  identity: {
    listProjects(q?: Record<string, string>): Promise<Named[]>;
    deleteProject(id: string): Promise<void>;
    listUsers(q?: Record<string, string>): Promise<Named[]>;
    deleteUser(id: string): Promise<void>;
  };
  rest(serviceType: string, microversion?: string): { discoverMicroversions(): Promise<{ min: string; max: string }> };
}

export function hasCredentials(c: CredentialsConfig): boolean {
  return Boolean((c.username && c.password) || (c.application_credential_id && c.application_credential_secret));
}

export async function openClients(config: VftestConfig, role: "member" | "admin"): Promise<CliClients> {
  const mod = (await import(new URL("../../lib/clients/index.js", import.meta.url).href).catch((e: unknown) => {
    if ((e as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND") {
      throw new UsageError("the REST clients (lib/clients/index.ts) are not available in this checkout");
    }
    throw e;
  })) as { createClients?: (opts: Record<string, unknown>) => CliClients };
  if (typeof mod.createClients !== "function") throw new Error("lib/clients/index.ts does not export createClients");
  const c = config.auth[role];
  const a = config.auth;
  return mod.createClients({
    auth: {
      authUrl: a.auth_url,
      username: c.username,
      password: c.password,
      userDomainName: c.user_domain_name,
      projectName: c.project_name,
      projectDomainName: c.project_domain_name,
      domainName: c.domain_name,
      applicationCredentialId: c.application_credential_id,
      applicationCredentialSecret: c.application_credential_secret,
      interface: a.interface,
      region: a.region_name,
      endpointOverride: a.endpoint_override,
    },
    computeMicroversion: config.compute.min_microversion,
    shareMicroversion: config.share.microversion,
    timeoutMs: a.http_timeout * 1000,
    ca: a.cacert ? fs.readFileSync(a.cacert) : undefined,
    insecure: a.insecure,
    endpointOverride: a.endpoint_override,
    interface: a.interface,
    region: a.region_name,
  });
}
