// Checks that need the merged configuration: required values, credentials, files on disk, cross-key consistency.
// Fatal problems go to ConfigError (checkMerged); things that only skip tests go to preflightProblems.

import { accessSync, constants, statSync } from "node:fs";
import { compareMicroversions, SHARES_MICROVERSION } from "../clients/microversion.js";
import { envVarsFor } from "./env.js";
import type { ConfigProblem } from "./problems.js";
import type { CredentialsConfig, VftestConfig } from "./types.js";

/** Where a merged key came from: the source's label, or "defaults". */
export type OriginLookup = (key: string) => string;

export { compareMicroversions, SHARES_MICROVERSION };

export function checkMerged(config: VftestConfig, origin: OriginLookup): ConfigProblem[] {
  return [
    ...checkAuthUrl(config, origin),
    ...checkCredentials(config, origin),
    ...checkCompute(config, origin),
    ...checkFiles(config, origin),
  ];
}

function checkAuthUrl(config: VftestConfig, origin: OriginLookup): ConfigProblem[] {
  const key = "auth.auth_url";
  if (!config.auth.auth_url) {
    return [
      {
        key,
        source: "no source sets it",
        problem: "the Keystone URL is not set",
        fix: "export OS_AUTH_URL=http://HOST/identity/v3 (or source your openrc), pick a cloud with --os-cloud NAME, or set auth.auth_url in the config file",
      },
    ];
  }
  let url: URL | undefined;
  try {
    url = new URL(config.auth.auth_url);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return [
      {
        key,
        source: origin(key),
        problem: "is not an http(s) URL",
        fix: "write the Keystone URL, e.g. http://HOST/identity/v3",
      },
    ];
  }
  if (/\/v2\.0\/?$/.test(url.pathname)) {
    return [
      {
        key,
        source: origin(key),
        problem: "points at Keystone v2.0, which vftest does not speak",
        fix: "use the /v3 endpoint",
      },
    ];
  }
  return [];
}

/** Keystone v3 auth_url: no trailing slash, "/v3" appended when no version is given. */
export function normaliseAuthUrl(url: string): string {
  if (!url) return url;
  const trimmed = url.replace(/\/+$/, "");
  return /\/v[0-9](\.[0-9]+)?$/.test(trimmed) ? trimmed : `${trimmed}/v3`;
}

export function hasCredentials(c: CredentialsConfig): boolean {
  if (c.application_credential_id && c.application_credential_secret) return true;
  return Boolean(c.username && c.password && (c.project_name || c.project_id || c.domain_name));
}

function checkCredentials(config: VftestConfig, origin: OriginLookup): ConfigProblem[] {
  const { auth } = config;
  const problems: ConfigProblem[] = [];
  if (auth.use_dynamic_credentials) {
    problems.push(
      ...missingCredentials(
        auth.admin,
        "admin",
        origin,
        "use_dynamic_credentials is true, which needs an admin account to create users; ",
      ),
    );
  } else if (!auth.test_accounts_file) {
    problems.push(...missingCredentials(auth.member, "member", origin, ""));
  }
  return problems;
}

function setHow(key: string, role: "member" | "admin"): string {
  const vars = role === "member" ? envVarsFor(key) : [];
  const env = vars.length ? `export ${vars[vars.length - 1]}=..., ` : "";
  const secret = /password|secret/.test(key) ? " (secure.yaml keeps it out of clouds.yaml)" : "";
  return `${env}set it in clouds.yaml${secret}, or set ${key} in the config file`;
}

function missingCredentials(
  c: CredentialsConfig,
  role: "member" | "admin",
  origin: OriginLookup,
  why: string,
): ConfigProblem[] {
  if (hasCredentials(c)) return [];
  const k = `auth.${role}`;
  if (c.application_credential_id) {
    const key = `${k}.application_credential_secret`;
    return [
      {
        key,
        source: `application_credential_id from ${origin(`${k}.application_credential_id`)}`,
        problem: `${why}the application credential has no secret`,
        fix: setHow(key, role),
      },
    ];
  }
  const any = c.username || c.password || c.project_name || c.project_id;
  if (!any) {
    const how =
      role === "member"
        ? "source an openrc (OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME), pick a cloud with --os-cloud NAME / OS_CLOUD, use an application credential (OS_APPLICATION_CREDENTIAL_ID/SECRET), or set auth.member.* in the config file"
        : "pick an admin cloud with --os-cloud-admin NAME (devstack: devstack-admin) or auth.admin_cloud, or set auth.admin.username, password and project_name in the config file";
    return [{ key: k, source: "no source sets it", problem: `${why}no ${role} credentials are configured`, fix: how }];
  }
  const missing: ConfigProblem[] = [];
  const need = (field: keyof CredentialsConfig, label: string) => {
    const key = `${k}.${field}`;
    missing.push({
      key,
      source: "no source sets it",
      problem: `${why}the ${role} account has no ${label}`,
      fix: setHow(key, role),
    });
  };
  if (!c.username) need("username", "user name");
  if (!c.password) need("password", "password");
  if (!c.project_name && !c.project_id && !c.domain_name) need("project_name", "project to scope to");
  return missing;
}

function checkCompute(config: VftestConfig, origin: OriginLookup): ConfigProblem[] {
  const { compute } = config;
  const problems: ConfigProblem[] = [];
  if (!compute.image_ref) {
    problems.push({
      key: "compute.image_ref",
      source: "no source sets it",
      problem: "the image to boot test servers from is not set",
      fix: "set compute.image_ref in the config file to an image ID (openstack image list)",
    });
  }
  if (compute.flavor_ref && compute.flavor_ref === compute.flavor_ref_alt && config.compute_feature_enabled.resize) {
    problems.push({
      key: "compute.flavor_ref_alt",
      source: origin("compute.flavor_ref_alt"),
      problem: `is the same flavor as compute.flavor_ref (${JSON.stringify(compute.flavor_ref)}); Nova refuses a resize to the same flavor`,
      fix: "set flavor_ref_alt to a different flavor ID, or compute_feature_enabled.resize: false",
    });
  }
  if (compareMicroversions(compute.min_microversion, SHARES_MICROVERSION) < 0) {
    problems.push({
      key: "compute.min_microversion",
      source: origin("compute.min_microversion"),
      problem: `is ${compute.min_microversion}, below ${SHARES_MICROVERSION} which share attachments need`,
      fix: `write min_microversion: "${SHARES_MICROVERSION}"`,
    });
  }
  if (compareMicroversions(compute.max_microversion, compute.min_microversion) < 0) {
    problems.push({
      key: "compute.max_microversion",
      source: origin("compute.max_microversion"),
      problem: `is ${compute.max_microversion}, below min_microversion ${compute.min_microversion}`,
      fix: 'raise max_microversion (or write "latest")',
    });
  }
  return problems;
}

interface FileCheck {
  key: string;
  path: string | undefined;
  privateKey: boolean;
}

function checkFiles(config: VftestConfig, origin: OriginLookup): ConfigProblem[] {
  const files: FileCheck[] = [
    { key: "auth.cacert", path: config.auth.cacert, privateKey: false },
    { key: "auth.test_accounts_file", path: config.auth.test_accounts_file, privateKey: false },
    { key: "validation.ssh_key", path: config.validation.ssh_key, privateKey: true },
    { key: "whitebox.ssh_key", path: config.whitebox.ssh_key, privateKey: true },
  ];
  if (config.validation.ssh_host_key_policy === "known-hosts") {
    files.push({
      key: "validation.known_hosts_file",
      path: config.validation.known_hosts_file ?? "",
      privateKey: false,
    });
  }
  return files.flatMap((f) => checkFile(f, origin(f.key)));
}

function checkFile({ key, path, privateKey }: FileCheck, source: string): ConfigProblem[] {
  if (path === undefined) return [];
  if (path === "") {
    return [
      {
        key,
        source: "validation.ssh_host_key_policy is known-hosts",
        problem: "no known_hosts file is set",
        fix: "set validation.known_hosts_file, or use ssh_host_key_policy: accept-new",
      },
    ];
  }
  try {
    const st = statSync(path);
    if (!st.isFile()) return [{ key, source, problem: `${path} is not a regular file`, fix: "point it at a file" }];
    accessSync(path, constants.R_OK);
    const mode = st.mode & 0o777;
    if (privateKey && (mode & 0o077) !== 0) {
      return [
        {
          key,
          source,
          problem: `private key ${path} has mode ${mode.toString(8).padStart(4, "0")}, readable by other users; ssh refuses such keys`,
          fix: `chmod 600 ${path}`,
        },
      ];
    }
    return [];
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      return [{ key, source, problem: `${path} does not exist`, fix: `create it, or correct ${key}` }];
    }
    return [
      {
        key,
        source,
        problem: `${path} cannot be read by this user (${code ?? "error"})`,
        fix: `check its permissions: ls -l ${path}`,
      },
    ];
  }
}
