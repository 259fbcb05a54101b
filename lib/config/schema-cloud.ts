// Configuration groups about the cloud under test: auth, identity, compute and its features, Manila.

import { Type } from "@sinclair/typebox";
import { Bool, Group, MICROVERSION, Microversion, Seconds, Str, StringEnum } from "./schema-kit.js";

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

export const Auth = Group(
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

export const Identity = Group(
  {
    member_role: Str({ description: "Role given to dynamic member users.", tempest: "[identity] default_roles" }),
    admin_role: Str({ description: "Role that makes a user an admin.", tempest: "[identity] admin_role" }),
  },
  "Keystone role names.",
);

export const Compute = Group(
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
      description:
        "Poll interval of a waiter, in seconds. Waits learn each transition's duration during the run and poll around its expected end, counted from when the action was answered; two polls are never more than the interval + 10% apart, so a failure is seen as soon as with fixed polling.",
      tempest: "[compute] build_interval",
    }),
    build_timeout: Seconds({
      description: "Seconds a waiter waits for a state (ACTIVE, VERIFY_RESIZE, ...); raise it on slow clouds.",
      tempest: "[compute] build_timeout",
    }),
    cleanup_timeout: Seconds({
      description:
        "Seconds a cleanup expectation waits for the state after confirm/revert (rule, mount, locks gone): Nova may clean up after the API reports the end state, and Manila denies asynchronously.",
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

export const ComputeFeatures = Group(
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

export const Share = Group(
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
