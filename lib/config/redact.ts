// Safe views of a configuration for display: secrets masked, and a one-screen summary for `vftest verify-config`.

import { hasCredentials } from "./checks.js";
import { isPlainObject, type PlainObject } from "./layers.js";
import { isSecretPath } from "./schema.js";
import type { CredentialsConfig, VftestConfig } from "./types.js";

export const REDACTED = "***";

/** A deep copy with every secret (passwords, application-credential secrets, tokens) replaced by "***". */
export function redactConfig(config: VftestConfig | PlainObject): PlainObject {
  return redact(config as PlainObject, []);
}

function redact(obj: PlainObject, path: string[]): PlainObject {
  const out: PlainObject = {};
  for (const [k, v] of Object.entries(obj)) {
    const p = [...path, k];
    if (isPlainObject(v)) out[k] = redact(v, p);
    else if (Array.isArray(v)) out[k] = [...v];
    else out[k] = v !== undefined && v !== "" && isSecretPath(p) ? REDACTED : v;
  }
  return out;
}

function who(c: CredentialsConfig): string {
  if (c.application_credential_id) return `application credential ${c.application_credential_id}`;
  if (!c.username) return "(not set)";
  const scope = c.project_name ?? c.project_id ?? (c.domain_name ? `domain ${c.domain_name}` : "(no project)");
  return `${c.username}@${userDomain(c)} / project ${scope}`;
}

function userDomain(c: CredentialsConfig): string {
  return c.user_domain_id ?? c.user_domain_name;
}

/** The URL without any user:password@ part. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString().replace(/\/$/, "");
  } catch {
    return "(not a URL)";
  }
}

/** A short human summary; contains no secrets. */
export function describeConfig(config: VftestConfig): string {
  const { auth, compute, compute_feature_enabled: f, share, validation, whitebox } = config;
  const on = (b: boolean) => (b ? "on" : "off");
  const member = auth.use_dynamic_credentials
    ? "dynamic (created per run)"
    : auth.test_accounts_file
      ? `from ${auth.test_accounts_file}`
      : who(auth.member);
  const admin = hasCredentials(auth.admin) ? who(auth.admin) : "(none: admin tests skipped)";
  const clouds = [auth.cloud && `cloud ${auth.cloud}`, auth.admin_cloud && `admin cloud ${auth.admin_cloud}`]
    .filter(Boolean)
    .join(", ");
  return [
    `auth_url:     ${safeUrl(auth.auth_url)} (${auth.interface}, region ${auth.region_name}${auth.insecure ? ", TLS NOT verified" : ""})`,
    `member:       ${member}`,
    `admin:        ${admin}`,
    ...(clouds ? [`clouds.yaml:  ${clouds}`] : []),
    `compute:      microversions ${compute.min_microversion}..${compute.max_microversion}, image ${compute.image_ref || "(not set)"}, flavors ${compute.flavor_ref} -> ${compute.flavor_ref_alt}`,
    `features:     shares ${on(f.shares)}, cold migration ${on(f.cold_migration)}, resize ${on(f.resize)}, migration with shares ${f.cold_migration_with_shares ? `on (${f.cold_migration_with_shares_microversion})` : "off (expects 409)"}, live migration ${on(f.live_migration)}`,
    `share:        ${share.protocol}, ${share.size} GiB, type ${share.share_type ?? "(default)"}, manila ${share.microversion}`,
    `guests:       ssh ${validation.ssh_user}@${validation.connect_method} IP port ${validation.ssh_port}, mount at ${validation.mount_point}`,
    `whitebox:     ${whitebox.enabled ? `on (ssh ${whitebox.ssh_user}, prefix "${whitebox.command_prefix}")` : "off"}`,
    `sources:      ${config.sources.join("; ")}`,
  ].join("\n");
}
