// The configuration schema: one TypeBox definition that gives ajv its validator, `renderConfigYaml` its comments
// (`description`, `tempest`) and the type checker a proof that it matches `VftestConfig` (see the bottom).
// Every object is closed (`additionalProperties: false`) so a misspelt key is an error, not a silent default.

import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { NotificationsGroup } from "./notifications.js";
import type { VftestConfig } from "./types.js";

/** Documentation attached to a schema node: what the key is, when to change it, Tempest's name for it. */
interface Doc {
  description: string;
  tempest?: string;
  /** A value shown (commented out) in the documented YAML when the key is unset. */
  example?: string;
  /** Holds a secret: never printed, replaced by "***" in redacted output. */
  secret?: boolean;
  /** Holds a file path: relative values in a config file are resolved against that file's directory. */
  path?: boolean;
}

const MICROVERSION = "^[0-9]+\\.[0-9]+$";

const StringEnum = <T extends string>(values: readonly T[], doc: Doc) =>
  Type.Unsafe<T>({ type: "string", enum: [...values], ...doc });
const Str = (doc: Doc) => Type.String(doc);
const Bool = (doc: Doc) => Type.Boolean(doc);
const Microversion = (doc: Doc) => Type.String({ pattern: MICROVERSION, ...doc });
const Seconds = (doc: Doc) => Type.Number({ exclusiveMinimum: 0, ...doc });
const Port = (doc: Doc) => Type.Integer({ minimum: 1, maximum: 65535, ...doc });
const Group = <P extends Record<string, TSchema>>(props: P, description: string) =>
  Type.Object(props, { additionalProperties: false, description });

const credentials = (who: string) =>
  Group(
    {
      username: Type.Optional(Str({ description: `Keystone user name of the ${who} account.`, example: who })),
      password: Type.Optional(
        Str({
          description: `Password of the ${who} account.${who === "member" ? " Prefer OS_PASSWORD or secure.yaml." : " Keep this file private (chmod 600)."}`,
          secret: true,
        }),
      ),
      user_domain_name: Str({ description: "Domain of the user (name)." }),
      project_name: Type.Optional(Str({ description: "Project to scope the token to (name).", example: who })),
      project_domain_name: Str({ description: "Domain of the project (name)." }),
      domain_name: Type.Optional(Str({ description: "Scope the token to this domain instead of a project." })),
      user_domain_id: Type.Optional(Str({ description: "Domain of the user (ID); wins over the name when set." })),
      project_domain_id: Type.Optional(
        Str({ description: "Domain of the project (ID); wins over the name when set." }),
      ),
      project_id: Type.Optional(Str({ description: "Project to scope the token to (ID); wins over project_name." })),
      application_credential_id: Type.Optional(
        Str({ description: "Application credential ID; when set, username/password are not used." }),
      ),
      application_credential_secret: Type.Optional(
        Str({
          description: `Secret of the application credential.${who === "member" ? " Prefer OS_APPLICATION_CREDENTIAL_SECRET." : ""}`,
          secret: true,
        }),
      ),
    },
    `Credentials of the ${who} account: username + password + project, or an application credential.`,
  );

const Auth = Group(
  {
    auth_url: Str({
      description:
        "Keystone endpoint. A URL without a version (e.g. http://HOST/identity) gets /v3 appended. Usually set by OS_AUTH_URL or --os-cloud.",
      tempest: "[identity] uri_v3",
    }),
    region_name: Str({ description: "Region whose endpoints are used.", tempest: "[identity] region" }),
    interface: StringEnum(["public", "internal", "admin"] as const, {
      description: "Which catalog endpoint to use; change to internal when the tests run inside the control plane.",
      tempest: "[identity] v3_endpoint_type",
    }),
    cacert: Type.Optional(
      Str({
        description: "CA bundle to verify TLS endpoints with.",
        tempest: "[identity] ca_certificates_file",
        example: "/etc/ssl/certs/ca-certificates.crt",
        path: true,
      }),
    ),
    insecure: Bool({
      description: "Skip TLS certificate verification (test clouds with self-signed certificates only).",
      tempest: "[identity] disable_ssl_certificate_validation",
    }),
    http_timeout: Seconds({ description: "Seconds one HTTP request may take before it fails." }),
    member: credentials("member"),
    admin: credentials("admin"),
    use_dynamic_credentials: Bool({
      description: "Create a project and user per run with the admin account (needs admin credentials).",
      tempest: "[auth] use_dynamic_credentials",
    }),
    test_accounts_file: Type.Optional(
      Str({
        description: "Tempest-format accounts.yaml with pre-provisioned credentials.",
        tempest: "[auth] test_accounts_file",
        example: "etc/accounts.yaml",
        path: true,
      }),
    ),
    endpoint_override: Type.Record(Type.String(), Type.String(), {
      description: "Service type -> URL, to bypass the catalog (e.g. compute: http://127.0.0.1:8774/v2.1).",
    }),
    cloud: Type.Optional(
      Str({
        description: "clouds.yaml entry for the member account (like --os-cloud / OS_CLOUD).",
        example: "devstack",
      }),
    ),
    admin_cloud: Type.Optional(
      Str({
        description: "clouds.yaml entry for the admin account (like --os-cloud-admin).",
        example: "devstack-admin",
      }),
    ),
  },
  "Where Keystone is and who the tests run as.",
);

const Identity = Group(
  {
    member_role: Str({ description: "Role given to dynamic member users.", tempest: "[identity] default_roles" }),
    admin_role: Str({ description: "Role that makes a user an admin.", tempest: "[identity] admin_role" }),
  },
  "Keystone role names.",
);

const Compute = Group(
  {
    min_microversion: Microversion({
      description: "Lowest compute microversion the suite may use; share attachments need 2.97.",
      tempest: "[compute] min_microversion",
    }),
    max_microversion: Type.Union([Type.Literal("latest"), Type.String({ pattern: MICROVERSION })], {
      description: 'Highest compute microversion to request: "latest" or e.g. "2.105" to pin an older cloud.',
      tempest: "[compute] max_microversion",
    }),
    build_interval: Seconds({
      description: "Seconds between two polls of a waiter.",
      tempest: "[compute] build_interval",
    }),
    build_timeout: Seconds({
      description: "Seconds a waiter waits for a state (ACTIVE, VERIFY_RESIZE, ...); raise it on slow clouds.",
      tempest: "[compute] build_timeout",
    }),
    flavor_ref: Str({ description: "Flavor ID test servers boot with.", tempest: "[compute] flavor_ref" }),
    flavor_ref_alt: Str({
      description: "Flavor ID resize tests resize to; must differ from flavor_ref.",
      tempest: "[compute] flavor_ref_alt",
    }),
    image_ref: Str({
      description: "Image ID test servers boot from (required; see `openstack image list`).",
      tempest: "[compute] image_ref",
    }),
    allow_resize_to_same_host: Bool({
      description: "Set true when nova.conf [DEFAULT] allow_resize_to_same_host is true (single-node clouds).",
    }),
    min_compute_nodes: Type.Integer({
      minimum: 1,
      description: "Compute hosts the cloud has; migration tests need 2.",
      tempest: "[compute] min_compute_nodes",
    }),
  },
  "Nova: microversions, waiters, flavors and image.",
);

const ComputeFeatures = Group(
  {
    shares: Bool({
      description: "The cloud supports share attachments (virtiofs, 2.97).",
      tempest: "[compute-feature-enabled] share_attachments",
    }),
    cold_migration: Bool({
      description: "Cold migration is enabled.",
      tempest: "[compute-feature-enabled] cold_migration",
    }),
    resize: Bool({ description: "Resize is enabled.", tempest: "[compute-feature-enabled] resize" }),
    cold_migration_with_shares: Bool({
      description: "Nova implements virtiofs-cold-migration; false expects 409 ForbiddenWithShare instead.",
    }),
    cold_migration_with_shares_microversion: Microversion({
      description: "Compute microversion that lifts the ForbiddenWithShare block on migrate/resize.",
    }),
    live_migration: Bool({
      description: "Live migration is enabled (servers with shares must still be refused).",
      tempest: "[compute-feature-enabled] live_migration",
    }),
  },
  "Which Nova features the cloud has; a disabled feature skips its tests.",
);

const Share = Group(
  {
    protocol: StringEnum(["NFS", "CEPHFS"] as const, {
      description: "Manila share protocol the tests create shares with.",
      tempest: "[share] enable_protocols",
    }),
    share_type: Type.Optional(
      Str({
        description: "Manila share type; the default type when unset.",
        tempest: "[share] default_share_type_name",
      }),
    ),
    size: Type.Integer({ minimum: 1, description: "Share size in GiB.", tempest: "[share] share_size" }),
    microversion: Microversion({
      description: "Manila microversion; 2.82 or later for access-rule locks.",
      tempest: "[share] max_api_microversion",
    }),
  },
  "Manila.",
);

const Validation = Group(
  {
    connect_method: StringEnum(["fixed", "floating"] as const, {
      description: "Reach guests over their fixed IP or a floating IP.",
      tempest: "[validation] connect_method",
    }),
    network: Type.Optional(
      Str({
        description: "Network whose address is used for SSH.",
        tempest: "[validation] network_for_ssh",
        example: "private",
      }),
    ),
    floating_network: Type.Optional(
      Str({
        description: "External network floating IPs come from (connect_method: floating).",
        tempest: "[network] floating_network_name",
        example: "public",
      }),
    ),
    ssh_user: Str({ description: "User to log into guests as.", tempest: "[validation] image_ssh_user" }),
    ssh_key: Type.Optional(
      Str({
        description: "Private key for guests; a key pair is generated per run when unset.",
        path: true,
        example: "~/.ssh/id_ed25519",
      }),
    ),
    ssh_key_type: Type.Optional(
      StringEnum(["rsa", "ecdsa", "ed25519"] as const, {
        description: "Type of the generated key pair; ed25519 is fastest if the guest image accepts it.",
        tempest: "[validation] ssh_key_type",
      }),
    ),
    ssh_port: Port({ description: "SSH port of guests." }),
    ssh_timeout: Seconds({
      description: "Seconds to wait for a guest to answer SSH.",
      tempest: "[validation] ssh_timeout",
    }),
    ssh_host_key_policy: StringEnum(["accept-new", "known-hosts"] as const, {
      description: "accept-new trusts a guest's first key; known-hosts requires it in known_hosts_file.",
    }),
    known_hosts_file: Type.Optional(
      Str({
        description: "known_hosts file for ssh_host_key_policy: known-hosts.",
        path: true,
        example: "~/.ssh/known_hosts",
      }),
    ),
    ping: Bool({ description: "Ping guests before SSH (needs ICMP allowed)." }),
    mount_point: Str({ description: "Directory inside guests where shares are mounted." }),
  },
  "How the suite reaches guests to mount and use shares.",
);

const Whitebox = Group(
  {
    enabled: Bool({ description: "Inspect compute hosts over SSH (libvirt XML, mounts); needs host access." }),
    ssh_user: Str({ description: "User on compute hosts.", tempest: "[whitebox] ctlplane_ssh_username" }),
    ssh_key: Type.Optional(
      Str({
        description: "Private key for compute hosts.",
        tempest: "[whitebox] ctlplane_ssh_private_key_path",
        path: true,
        example: "~/.ssh/id_rsa",
      }),
    ),
    ssh_port: Port({ description: "SSH port of compute hosts." }),
    ctlplane_addresses: Type.Record(Type.String(), Type.String(), {
      description: "Nova host name -> address; a host not listed is reached by its name.",
      tempest: "[whitebox] ctlplane_addresses",
    }),
    command_prefix: Str({
      description: 'Prefix for privileged host commands, e.g. "sudo podman exec nova_libvirt" on containerised hosts.',
    }),
    mount_point_base: Str({
      description:
        "Where Nova mounts shares on hosts: nova.conf [libvirt] nfs_mount_point_base (or ceph_mount_point_base).",
    }),
  },
  "White-box checks on compute hosts.",
);

const Reporting = Group(
  {
    results_dir: Str({ description: "Directory for results; each run gets a sub-directory." }),
    junit: Bool({ description: "Write JUnit XML." }),
    subunit: Bool({ description: "Write a subunit v2 stream (for Zuul / stestr tooling)." }),
    allure: Bool({ description: "Write Allure results." }),
    request_log: Bool({ description: "Write every API request (secrets masked) to the results." }),
  },
  "Where and how results are written.",
);

/** The groups a config file (and every other source) may set. */
export const ConfigFileSchema = Type.Object(
  {
    auth: Auth,
    identity: Identity,
    compute: Compute,
    compute_feature_enabled: ComputeFeatures,
    share: Share,
    validation: Validation,
    whitebox: Whitebox,
    reporting: Reporting,
    notifications: NotificationsGroup,
  },
  { additionalProperties: false },
);

/** The resolved configuration: the groups plus where the values came from. */
export const ConfigSchema = Type.Object(
  { ...ConfigFileSchema.properties, sources: Type.Array(Type.String()) },
  { additionalProperties: false },
);

export type ConfigFromSchema = Static<typeof ConfigFileSchema> & { sources: string[] };

// Compile-time proof that the schema and VftestConfig describe the same thing, in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<ConfigFromSchema, VftestConfig> = true;
void schemaMatchesTypes;

/** Walks the schema: the node for a dotted key path ("compute.build_timeout"), or undefined. */
export function schemaAt(path: readonly string[]): TSchema | undefined {
  let node: TSchema | undefined = ConfigFileSchema;
  for (const part of path) {
    const props: Record<string, TSchema> | undefined = node?.properties;
    if (props && Object.hasOwn(props, part)) node = props[part];
    else if (node?.patternProperties) node = Object.values(node.patternProperties as Record<string, TSchema>)[0];
    else return undefined;
  }
  return node;
}

/** Every leaf key path of the schema (records count as leaves), e.g. ["compute", "build_timeout"]. */
export function leafPaths(node: TSchema = ConfigFileSchema, prefix: string[] = []): string[][] {
  const props: Record<string, TSchema> | undefined = node.properties;
  if (!props) return [prefix];
  return Object.entries(props).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

export function isSecretPath(path: readonly string[]): boolean {
  const last = path[path.length - 1] ?? "";
  return schemaAt(path)?.secret === true || /password|secret|token/i.test(last);
}
