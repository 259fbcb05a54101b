// Entry point: one KeystoneAuth shared by every service client of one set of credentials.

import { KeystoneAuth, type KeystoneAuthOptions } from "./auth.js";
import { FlavorsClient } from "./compute/flavors-client.js";
import { HypervisorsClient } from "./compute/hypervisors-client.js";
import { InstanceActionsClient } from "./compute/instance-actions-client.js";
import { KeypairsClient } from "./compute/keypairs-client.js";
import { MigrationsClient } from "./compute/migrations-client.js";
import { ServerSharesClient } from "./compute/server-shares-client.js";
import { ServersClient } from "./compute/servers-client.js";
import { ServicesClient } from "./compute/services-client.js";
import { VersionsClient } from "./compute/versions-client.js";
import type { HttpOptions, Interface, RetryOptions } from "./http-options.js";
import { IdentityClient } from "./identity-client.js";
import { ImageClient } from "./image-client.js";
import { MANILA_LOCKS_MICROVERSION, SHARES_MICROVERSION } from "./microversion.js";
import { NetworkClient } from "./network-client.js";
import { PLACEMENT_MICROVERSION, PlacementClient } from "./placement-client.js";
import type { RequestLog } from "./request-log.js";
import { RestClient } from "./rest-client.js";
import { ShareClient } from "./share-client.js";

export const DEFAULT_COMPUTE_MICROVERSION = SHARES_MICROVERSION;
export const DEFAULT_SHARE_MICROVERSION = MANILA_LOCKS_MICROVERSION;

export interface ClientsOptions {
  /** Credentials and auth URL; http/interface/region/endpointOverride here are overridden by the fields below. */
  auth: KeystoneAuthOptions;
  computeMicroversion?: string;
  shareMicroversion?: string;
  log?: RequestLog;
  caller?: () => string | undefined;
  timeoutMs?: number;
  ca?: string | Buffer;
  insecure?: boolean;
  endpointOverride?: Record<string, string>;
  interface?: Interface;
  region?: string;
  retry?: RetryOptions;
}

export interface Clients {
  auth: KeystoneAuth;
  identity: IdentityClient;
  servers: ServersClient;
  serverShares: ServerSharesClient;
  migrations: MigrationsClient;
  instanceActions: InstanceActionsClient;
  flavors: FlavorsClient;
  keypairs: KeypairsClient;
  hypervisors: HypervisorsClient;
  services: ServicesClient;
  versions: VersionsClient;
  shares: ShareClient;
  images: ImageClient;
  network: NetworkClient;
  /** Placement (admin): resource providers and traits. */
  placement: PlacementClient;
  /** A raw client for anything not covered above. */
  rest(serviceType: string, microversion?: string): RestClient;
}

export function createClients(opts: ClientsOptions): Clients {
  const http: HttpOptions = {
    ...opts.auth.http,
    ...defined({
      timeoutMs: opts.timeoutMs,
      ca: opts.ca,
      insecure: opts.insecure,
      log: opts.log,
      caller: opts.caller,
      retry: opts.retry,
    }),
  };
  const auth = new KeystoneAuth({
    ...opts.auth,
    http,
    interface: opts.interface ?? opts.auth.interface,
    region: opts.region ?? opts.auth.region,
    endpointOverride: { ...opts.auth.endpointOverride, ...opts.endpointOverride },
  });
  const rest = (serviceType: string, microversion?: string) => new RestClient({ auth, serviceType, microversion });
  const compute = rest("compute", opts.computeMicroversion ?? DEFAULT_COMPUTE_MICROVERSION);
  const identityOverride = auth.options.endpointOverride?.identity;
  const identity = new RestClient({ auth, serviceType: "identity", baseUrl: identityOverride ?? auth.authUrl });
  return {
    auth,
    identity: new IdentityClient(identity),
    servers: new ServersClient(compute),
    serverShares: new ServerSharesClient(compute),
    migrations: new MigrationsClient(compute),
    instanceActions: new InstanceActionsClient(compute),
    flavors: new FlavorsClient(compute),
    keypairs: new KeypairsClient(compute),
    hypervisors: new HypervisorsClient(compute),
    services: new ServicesClient(compute),
    versions: new VersionsClient(compute),
    shares: new ShareClient(rest("shared-file-system", opts.shareMicroversion ?? DEFAULT_SHARE_MICROVERSION)),
    images: new ImageClient(rest("image")),
    network: new NetworkClient(rest("network")),
    placement: new PlacementClient(rest("placement", PLACEMENT_MICROVERSION)),
    rest,
  };
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type { CatalogEndpoint, CatalogService, KeystoneAuthOptions, TokenInfo } from "./auth.js";
export { KeystoneAuth } from "./auth.js";
export type { ActionResult } from "./base-client.js";
export * from "./errors.js";
export type { HttpOptions, Interface, RetryOptions } from "./http-options.js";
export { maskSecrets } from "./mask.js";
export * from "./microversion.js";
export { jsonLinesFileLog, type RequestLog, type RequestLogEntry, teeLog } from "./request-log.js";
export { type RequestOptions, RestClient, type RestResponse } from "./rest-client.js";
export { SCHEMA_CHAIN, type SchemaRef, schemaFor } from "./schemas/index.js";
export {
  FlavorsClient,
  HypervisorsClient,
  IdentityClient,
  ImageClient,
  InstanceActionsClient,
  KeypairsClient,
  MigrationsClient,
  NetworkClient,
  PlacementClient,
  ServerSharesClient,
  ServersClient,
  ServicesClient,
  ShareClient,
  VersionsClient,
};
