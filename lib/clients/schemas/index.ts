// The microversion chain: for each API, the schema that applies to each microversion range. Every range is written
// out explicitly and the last one runs to "latest", so a schema is carried forward to every later microversion on
// purpose (Tempest once lost the share schemas at 2.98+ because a new version module did not re-export them).
import type { TSchema } from "@sinclair/typebox";
import { compareMicroversions, LATEST, SHARES_MICROVERSION } from "../microversion.js";
import { EmptyBody } from "./common.js";
import * as mig from "./compute-migrations.js";
import * as other from "./compute-other.js";
import * as srv from "./compute-servers.js";
import * as shr from "./compute-shares.js";
import * as idn from "./identity.js";
import * as img from "./image.js";
import * as net from "./network.js";
import * as plc from "./placement.js";
import * as man from "./share.js";
import { validateAgainst } from "./validator.js";

export interface SchemaRange {
  min: string;
  /** Inclusive; "latest" for the open end. */
  max: string;
  schema: TSchema;
}

/** Names a response schema; the client picks the range for the request's microversion. */
export interface SchemaRef {
  api: string;
}

/**
 * Ranges from `[min, schema]` steps: each step holds until the next one starts; the last holds to "latest".
 * Steps must be in ascending order.
 */
export function carryForward(steps: [string, TSchema][]): SchemaRange[] {
  return steps.map(([min, schema], i) => {
    const next = steps[i + 1];
    if (next && compareMicroversions(next[0], min) <= 0) throw new Error(`schema steps out of order at ${next[0]}`);
    return { min, max: next ? previous(next[0]) : LATEST, schema };
  });
}

function previous(v: string): string {
  const [major, minor] = v.split(".").map(Number);
  return minor > 0 ? `${major}.${minor - 1}` : `${major - 1}.999`;
}

const ALWAYS = "1.0";
const only = (schema: TSchema): SchemaRange[] => carryForward([[ALWAYS, schema]]);
const SHARES_MIN = SHARES_MICROVERSION;

export const SCHEMA_CHAIN: Readonly<Record<string, SchemaRange[]>> = {
  // compute: servers
  "compute.servers.create": only(srv.CreateServerResponse),
  "compute.servers.show": carryForward([
    ["2.1", srv.ShowServerLoose],
    ["2.96", srv.ShowServerV296],
    ["2.98", srv.ShowServerV298],
    ["2.100", srv.ShowServerV2100],
  ]),
  "compute.servers.list_detail": carryForward([
    ["2.1", srv.ListServersDetailLoose],
    ["2.96", srv.ListServersDetailV296],
    ["2.98", srv.ListServersDetailV298],
    ["2.100", srv.ListServersDetailV2100],
  ]),
  "compute.servers.update": only(srv.UpdateServerResponse),
  "compute.servers.console_output": only(srv.ConsoleOutputResponse),
  "compute.servers.action_empty": only(EmptyBody),
  // compute: server shares (2.97+; nothing exists below 2.97)
  "compute.server_shares.list": carryForward([[SHARES_MIN, shr.ListServerSharesResponse]]),
  "compute.server_shares.show": carryForward([[SHARES_MIN, shr.ShowServerShareResponse]]),
  "compute.server_shares.attach": carryForward([[SHARES_MIN, shr.AttachShareResponse]]),
  "compute.server_shares.detach": carryForward([[SHARES_MIN, EmptyBody]]),
  // compute: the rest
  "compute.migrations.list": carryForward([
    ["2.1", mig.ListMigrationsV20],
    ["2.23", mig.ListMigrationsV223],
    ["2.59", mig.ListMigrationsV259],
    ["2.80", mig.ListMigrationsV280],
  ]),
  "compute.instance_actions.list": only(other.ListInstanceActionsResponse),
  "compute.instance_actions.show": only(other.ShowInstanceActionResponse),
  "compute.flavors.show": only(other.ShowFlavorResponse),
  "compute.flavors.list": only(other.ListFlavorsResponse),
  "compute.flavors.extra_specs": only(other.ExtraSpecsResponse),
  "compute.keypairs.show": only(other.KeypairResponse),
  "compute.keypairs.list": only(other.ListKeypairsResponse),
  "compute.hypervisors.show": only(other.ShowHypervisorResponse),
  "compute.hypervisors.list": only(other.ListHypervisorsResponse),
  "compute.services.list": only(other.ListServicesResponse),
  "compute.services.show": only(other.ShowServiceResponse),
  "compute.versions.show": only(other.ShowVersionResponse),
  "compute.versions.list": only(other.ListVersionsResponse),
  // shared-file-system
  "share.shares.show": only(man.ShareResponse),
  "share.shares.list": only(man.ListSharesResponse),
  "share.export_locations.list": only(man.ListExportLocationsResponse),
  "share.access_rules.show": only(man.AccessRuleResponse),
  "share.access_rules.list": only(man.ListAccessRulesResponse),
  "share.resource_locks.list": only(man.ListResourceLocksResponse),
  "share.versions.list": only(man.ShareVersionsResponse),
  "share.types.list": only(man.ListShareTypesResponse),
  // image
  "image.images.show": only(img.ImageBody),
  "image.images.list": only(img.ListImagesResponse),
  // placement (1.x microversions; every call listed here exists from 1.6)
  "placement.resource_providers.list": only(plc.ListResourceProvidersResponse),
  "placement.resource_providers.show": only(plc.ResourceProviderResponse),
  "placement.resource_providers.traits": only(plc.ProviderTraitsResponse),
  "placement.traits.list": only(plc.ListTraitsResponse),
  // identity
  "identity.projects.show": only(idn.ProjectResponse),
  "identity.projects.list": only(idn.ListProjectsResponse),
  "identity.users.show": only(idn.UserResponse),
  "identity.users.list": only(idn.ListUsersResponse),
  "identity.roles.list": only(idn.ListRolesResponse),
  "identity.domains.list": only(idn.ListDomainsResponse),
  "identity.role_assignments.list": only(idn.ListRoleAssignmentsResponse),
  // network
  ...Object.fromEntries(
    Object.entries(net.NetworkSchemas).flatMap(([name, s]) => [
      [`network.${name}.show`, only(s.one)],
      [`network.${name}.list`, only(s.many)],
    ]),
  ),
};

/** The range for `api` at `microversion` (undefined / "latest" = the newest range); undefined when none applies. */
export function rangeFor(api: string, microversion?: string): SchemaRange | undefined {
  const ranges = SCHEMA_CHAIN[api];
  if (!ranges) throw new Error(`no schema chain for API "${api}" (known: ${Object.keys(SCHEMA_CHAIN).join(", ")})`);
  if (microversion === undefined || microversion === LATEST) return ranges[ranges.length - 1];
  return ranges.find(
    (r) =>
      (r.min === ALWAYS || compareMicroversions(microversion, r.min) >= 0) &&
      (r.max === LATEST || compareMicroversions(microversion, r.max) <= 0),
  );
}

export function schemaFor(api: string, microversion?: string): TSchema | undefined {
  return rangeFor(api, microversion)?.schema;
}

/** Problems validating `body` as `api` at `microversion`; a missing range is itself a problem. */
export function validateResponse(api: string, microversion: string | undefined, body: unknown): string[] {
  const range = rangeFor(api, microversion);
  if (!range) return [`no schema for ${api} at microversion ${microversion} (the API does not exist there)`];
  return validateAgainst(range.schema, body);
}

/** "compute.servers.show@2.100+" — the schema name used in error messages. */
export function schemaName(api: string, microversion?: string): string {
  const r = rangeFor(api, microversion);
  if (!r) return `${api}@${microversion}`;
  if (r.min === ALWAYS) return api;
  return `${api}@${r.min}${r.max === LATEST ? "+" : `..${r.max}`}`;
}

export { validateAgainst };
