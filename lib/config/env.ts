// The OS_* environment (what `source openrc` or a Zuul job sets) as a configuration layer. Only variables that are
// set and non-empty count. Each key remembers its variable so problems say "environment variable OS_CACERT".

import type { Layer, PlainObject } from "./layers.js";
import { setPath } from "./layers.js";
import type { ConfigProblem } from "./problems.js";

/** Variable -> key path, for plain string values. */
const STRING_VARS: Record<string, string> = {
  OS_AUTH_URL: "auth.auth_url",
  OS_REGION_NAME: "auth.region_name",
  OS_CACERT: "auth.cacert",
  OS_USERNAME: "auth.member.username",
  OS_PASSWORD: "auth.member.password",
  OS_TENANT_NAME: "auth.member.project_name", // the v2 name; OS_PROJECT_NAME below wins
  OS_PROJECT_NAME: "auth.member.project_name",
  OS_PROJECT_ID: "auth.member.project_id",
  OS_USER_DOMAIN_NAME: "auth.member.user_domain_name",
  OS_PROJECT_DOMAIN_NAME: "auth.member.project_domain_name",
  OS_USER_DOMAIN_ID: "auth.member.user_domain_id",
  OS_PROJECT_DOMAIN_ID: "auth.member.project_domain_id",
  OS_DOMAIN_NAME: "auth.member.domain_name",
  OS_APPLICATION_CREDENTIAL_ID: "auth.member.application_credential_id",
  OS_APPLICATION_CREDENTIAL_SECRET: "auth.member.application_credential_secret",
};

/** The variables that set a key, for "set OS_PASSWORD or ..." fixes. */
export function envVarsFor(key: string): string[] {
  const vars = Object.entries(STRING_VARS)
    .filter(([, k]) => k === key)
    .map(([v]) => v);
  if (key === "auth.interface") vars.push("OS_INTERFACE");
  if (key === "auth.insecure") vars.push("OS_INSECURE");
  return vars;
}

export const PASSWORD_AUTH_TYPES = ["password", "v3password"];
export const APPCRED_AUTH_TYPES = ["v3applicationcredential", "applicationcredential"];

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off"];

export function parseBool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  return undefined;
}

/** "publicURL" (the v2 catalog spelling) -> "public". Unknown values pass through for the schema to reject. */
export function normaliseInterface(value: string): string {
  return value.replace(/URL$/, "");
}

export interface EnvLayerResult {
  layer?: Layer;
  /** The OS_AUTH_TYPE value, checked against the credentials after merging. */
  authType?: string;
  problems: ConfigProblem[];
}

export function envLayer(env: NodeJS.ProcessEnv): EnvLayerResult {
  const data: PlainObject = {};
  const origins: Record<string, string> = {};
  const problems: ConfigProblem[] = [];
  const used: string[] = [];
  const set = (variable: string, key: string, value: unknown) => {
    setPath(data, key.split("."), value);
    origins[key] = `environment variable ${variable}`;
    used.push(variable);
  };
  for (const [variable, key] of Object.entries(STRING_VARS)) {
    const v = env[variable];
    if (v) set(variable, key, v);
  }
  const iface = env.OS_INTERFACE || env.OS_ENDPOINT_TYPE;
  if (iface) set(env.OS_INTERFACE ? "OS_INTERFACE" : "OS_ENDPOINT_TYPE", "auth.interface", normaliseInterface(iface));
  if (env.OS_INSECURE) {
    const b = parseBool(env.OS_INSECURE);
    if (b === undefined) {
      problems.push({
        key: "auth.insecure",
        source: "environment variable OS_INSECURE",
        problem: "expected true or false (1/0, yes/no, on/off); the value is not shown in case it is a secret",
        fix: "export OS_INSECURE=true (or false), or unset it",
      });
    } else set("OS_INSECURE", "auth.insecure", b);
  }
  const authType = env.OS_AUTH_TYPE?.trim().toLowerCase() || undefined;
  if (authType) {
    used.push("OS_AUTH_TYPE");
    if (![...PASSWORD_AUTH_TYPES, ...APPCRED_AUTH_TYPES].includes(authType)) {
      problems.push({
        key: "OS_AUTH_TYPE",
        source: "environment variable OS_AUTH_TYPE",
        problem: "is not a supported auth type (the value is not shown in case it is a secret)",
        fix: "use OS_AUTH_TYPE=password or OS_AUTH_TYPE=v3applicationcredential, or unset it",
      });
    }
  }
  if (used.length === 0) return { problems, authType };
  return { layer: { source: `env: ${[...new Set(used)].join(", ")}`, data, origins }, authType, problems };
}
