// clouds.yaml (and secure.yaml) entries as configuration layers, found the way openstacksdk finds them:
// $OS_CLIENT_CONFIG_FILE, ./clouds.yaml, $XDG_CONFIG_HOME/openstack (default ~/.config/openstack), /etc/openstack.
// A member cloud (--os-cloud / OS_CLOUD) maps to auth.* and auth.member; an admin cloud (--os-cloud-admin, e.g.
// devstack's "devstack-admin") maps to auth.admin and is applied first, so the member cloud's endpoint wins.

import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { normaliseInterface, parseBool } from "./env.js";
import { getPath, isPlainObject, type Layer, type PlainObject, setPath } from "./layers.js";
import type { ConfigProblem } from "./problems.js";
import { parseYamlFile } from "./yaml-file.js";

export interface CloudRequest {
  name: string;
  /** How it was asked for: "--os-cloud", "OS_CLOUD", "auth.cloud in config file /x.yaml". */
  via: string;
}

export interface CloudsResult {
  layers: Layer[];
  problems: ConfigProblem[];
  /** clouds.yaml auth_type of the member cloud, checked after merging. */
  authType?: string;
  /** The admin cloud's auth_url, compared with the final one after merging. */
  adminAuthUrl?: { url: string; source: string };
}

/** Candidate paths in search order for "clouds" or "secure". */
export function cloudsSearchPaths(kind: "clouds" | "secure", env: NodeJS.ProcessEnv, cwd: string): string[] {
  const explicit = kind === "clouds" ? env.OS_CLIENT_CONFIG_FILE : env.OS_CLIENT_SECURE_FILE;
  const home = env.HOME || homedir();
  const userDir = join(env.XDG_CONFIG_HOME || join(home, ".config"), "openstack");
  const dirs = [cwd, userDir, "/etc/openstack"];
  const names = [`${kind}.yaml`, `${kind}.yml`];
  return [...(explicit ? [resolve(cwd, explicit)] : []), ...dirs.flatMap((d) => names.map((n) => join(d, n)))];
}

interface LoadedFile {
  path: string;
  clouds: Record<string, PlainObject>;
}

function loadCloudsFile(
  kind: "clouds" | "secure",
  env: NodeJS.ProcessEnv,
  cwd: string,
  problems: ConfigProblem[],
): LoadedFile | { searched: string[] } {
  const searched = cloudsSearchPaths(kind, env, cwd);
  const variable = kind === "clouds" ? "OS_CLIENT_CONFIG_FILE" : "OS_CLIENT_SECURE_FILE";
  const explicit = env[variable];
  if (explicit && !existsSync(searched[0]!)) {
    problems.push({
      key: variable,
      source: `environment variable ${variable}`,
      problem: `${searched[0]} does not exist`,
      fix: `point ${variable} at your ${kind}.yaml, or unset it to use the usual search paths`,
    });
    return { searched };
  }
  const path = searched.find((p) => existsSync(p));
  if (!path) return { searched };
  const source = `${kind}.yaml ${path}`;
  const doc = parseYamlFile(path, source, problems);
  if (doc === undefined) return { path, clouds: {} };
  const clouds = isPlainObject(doc) ? doc.clouds : undefined;
  if (!isPlainObject(clouds)) {
    problems.push({
      key: "clouds",
      source,
      problem: "has no top-level clouds: mapping",
      fix: `write ${kind}.yaml as "clouds: {NAME: {auth: {...}}}" (see the openstacksdk docs)`,
    });
    return { path, clouds: {} };
  }
  const entries: Record<string, PlainObject> = {};
  for (const [name, entry] of Object.entries(clouds)) if (isPlainObject(entry)) entries[name] = entry;
  return { path, clouds: entries };
}

/** Builds the layers for the requested clouds; nothing is read when no cloud is requested. */
export function cloudLayers(
  member: CloudRequest | undefined,
  admin: CloudRequest | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): CloudsResult {
  const problems: ConfigProblem[] = [];
  if (!member && !admin) return { layers: [], problems };
  const clouds = loadCloudsFile("clouds", env, cwd, problems);
  if (!("path" in clouds)) {
    for (const req of [member, admin]) {
      if (!req) continue;
      problems.push({
        key: "clouds.yaml",
        source: req.via,
        problem: `cloud "${req.name}" was requested but no clouds.yaml exists (looked in ${clouds.searched.join(", ")})`,
        fix: "create clouds.yaml in one of those places, set OS_CLIENT_CONFIG_FILE, or drop --os-cloud/OS_CLOUD",
      });
    }
    return { layers: [], problems };
  }
  const secureFile = loadCloudsFile("secure", env, cwd, problems);
  const secure = "path" in secureFile ? secureFile : undefined;
  const result: CloudsResult = { layers: [], problems };
  const build = (req: CloudRequest, role: "member" | "admin") => {
    const entry = clouds.clouds[req.name];
    if (!entry) {
      const names = Object.keys(clouds.clouds);
      problems.push({
        key: role === "member" ? "auth.cloud" : "auth.admin_cloud",
        source: req.via,
        problem: `cloud "${req.name}" is not in ${clouds.path}; it has ${names.length ? names.map((n) => `"${n}"`).join(", ") : "no clouds"}`,
        fix: `use one of those names, or add "${req.name}" under clouds: in ${clouds.path}`,
      });
      return undefined;
    }
    return mapCloud(req.name, role, entry, clouds.path, secure?.clouds[req.name], secure?.path, problems);
  };
  if (admin) {
    const mapped = build(admin, "admin");
    if (mapped) {
      result.layers.push(mapped.layer);
      if (mapped.authUrl) result.adminAuthUrl = { url: mapped.authUrl, source: mapped.layer.source };
    }
  }
  if (member) {
    const mapped = build(member, "member");
    if (mapped) {
      result.layers.push(mapped.layer);
      result.authType = mapped.authType;
    }
  }
  return result;
}

const CREDENTIAL_KEYS = [
  "username",
  "password",
  "project_name",
  "project_id",
  "user_domain_name",
  "project_domain_name",
  "user_domain_id",
  "project_domain_id",
  "domain_name",
  "application_credential_id",
  "application_credential_secret",
];

function mapCloud(
  name: string,
  role: "member" | "admin",
  cloudEntry: PlainObject,
  cloudsPath: string,
  secureEntry: PlainObject | undefined,
  securePath: string | undefined,
  problems: ConfigProblem[],
): { layer: Layer; authUrl?: string; authType?: string } {
  const entry = secureEntry ? deepMerge(cloudEntry, secureEntry) : cloudEntry;
  const data: PlainObject = {};
  const origins: Record<string, string> = {};
  const source = `clouds.yaml ${cloudsPath} (cloud "${name}"${secureEntry ? ` + secure.yaml ${securePath}` : ""})`;
  const originFor = (srcKey: string) => {
    const fromSecure = secureEntry && getPath(secureEntry, srcKey.split(".")) !== undefined;
    return `${fromSecure ? `secure.yaml ${securePath}` : `clouds.yaml ${cloudsPath}`}, cloud "${name}", key ${srcKey}`;
  };
  const put = (srcKey: string, key: string, value: unknown) => {
    if (value === undefined || value === null || value === "") return;
    setPath(data, key.split("."), value);
    origins[key] = originFor(srcKey);
  };
  const auth = isPlainObject(entry.auth) ? entry.auth : {};
  const str = (v: unknown) => (typeof v === "number" ? String(v) : v);
  put("auth.auth_url", "auth.auth_url", auth.auth_url);
  for (const k of CREDENTIAL_KEYS) put(`auth.${k}`, `auth.${role}.${k}`, str(auth[k]));
  if (auth.project_name === undefined) put("auth.tenant_name", `auth.${role}.project_name`, auth.tenant_name);
  const regions = Array.isArray(entry.regions) ? entry.regions : [];
  put(
    "region_name",
    "auth.region_name",
    entry.region_name ?? (typeof regions[0] === "string" ? regions[0] : undefined),
  );
  const iface = entry.interface ?? entry.endpoint_type;
  put("interface", "auth.interface", typeof iface === "string" ? normaliseInterface(iface) : iface);
  const dir = dirname(cloudsPath);
  const cacert = typeof entry.cacert === "string" ? entry.cacert : undefined;
  if (cacert) put("cacert", "auth.cacert", isAbsolute(cacert) ? cacert : resolve(dir, cacert));
  const verify = typeof entry.verify === "string" ? (parseBool(entry.verify) ?? entry.verify) : entry.verify;
  if (typeof verify === "boolean") put("verify", "auth.insecure", !verify);
  else if (typeof verify === "string" && !cacert) put("verify", "auth.cacert", resolve(dir, verify));
  else if (verify !== undefined && typeof verify !== "string") {
    problems.push({
      key: "verify",
      source: originFor("verify"),
      problem: "expected true, false or a CA bundle path",
      fix: "write verify: false to skip TLS verification, or set cacert: /path/to/ca.pem",
    });
  }
  const authType = typeof entry.auth_type === "string" ? entry.auth_type.toLowerCase() : undefined;
  const authUrl = typeof auth.auth_url === "string" ? auth.auth_url : undefined;
  return { layer: { source, data, origins }, authUrl, authType };
}

function deepMerge(a: PlainObject, b: PlainObject): PlainObject {
  const out: PlainObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = out[k];
    out[k] = isPlainObject(v) && isPlainObject(existing) ? deepMerge(existing, v) : v;
  }
  return out;
}
