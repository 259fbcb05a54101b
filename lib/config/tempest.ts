// Import of a Tempest configuration (tempest.conf, plus manila-tempest-plugin's [share] and whitebox's [whitebox])
// into a partial vftest configuration, for `vftest init --from-tempest`. The mapping is a table; an option it does
// not know becomes a warning, never an error. Warnings never include the value of a password option.

import { compareMicroversions, MANILA_LOCKS_MICROVERSION, SHARES_MICROVERSION } from "../clients/microversion.js";
import { parseBool } from "./env.js";
import { parseIni } from "./ini.js";
import { type PlainObject, setPath } from "./layers.js";
import { formatProblem } from "./problems.js";
import { checkPartialConfig } from "./validate.js";

type Convert = (value: string) => { value?: unknown; warning?: string };

interface Rule {
  /** Target key path(s), dotted. */
  to: string[];
  convert: Convert;
  /** Only set when no earlier rule set the target (for fall-back options). */
  fallback?: boolean;
}

const str: Convert = (v) => ({ value: v });
const bool: Convert = (v) => {
  const b = parseBool(v);
  return b === undefined ? { warning: `is not true or false (${JSON.stringify(v)})` } : { value: b };
};
const num: Convert = (v) => {
  const n = Number(v);
  return v !== "" && Number.isFinite(n) ? { value: n } : { warning: `is not a number (${JSON.stringify(v)})` };
};
const microversion: Convert = (v) =>
  /^[0-9]+\.[0-9]+$/.test(v) || v === "latest"
    ? { value: v }
    : { warning: `is not a microversion (${JSON.stringify(v)})` };
const iface: Convert = (v) => ({ value: v.replace(/URL$/, "") });
const protocol: Convert = (v) => {
  const all = v
    .split(",")
    .map((p) => p.trim().toUpperCase())
    .filter(Boolean);
  const usable = all.filter((p) => p === "NFS" || p === "CEPHFS");
  if (usable.length === 0) return { warning: `names no protocol vftest supports (NFS, CEPHFS): ${JSON.stringify(v)}` };
  const extra = all.length > 1 ? `; vftest tests one protocol per run, so ${usable[0]} was taken` : "";
  return { value: usable[0], warning: extra ? `lists ${all.join(", ")}${extra}` : undefined };
};
/** oslo.config DictOpt: "host1:10.0.0.1,host2:10.0.0.2". */
const dict: Convert = (v) => {
  const out: Record<string, string> = {};
  for (const item of v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = item.indexOf(":");
    if (i <= 0) return { warning: `is not a host:address list (item ${JSON.stringify(item)})` };
    out[item.slice(0, i).trim()] = item.slice(i + 1).trim();
  }
  return { value: out };
};

const rule = (to: string | string[], convert: Convert = str, fallback = false): Rule => ({
  to: Array.isArray(to) ? to : [to],
  convert,
  fallback,
});
const SILENT: Rule = { to: [], convert: str };

/** section -> option -> rule. Options absent here are warned about. */
const RULES: Record<string, Record<string, Rule>> = {
  auth: {
    admin_username: rule("auth.admin.username"),
    admin_password: rule("auth.admin.password"),
    admin_project_name: rule("auth.admin.project_name"),
    admin_domain_name: rule(["auth.admin.user_domain_name", "auth.admin.project_domain_name"]),
    admin_user_domain_name: rule("auth.admin.user_domain_name"),
    admin_project_domain_name: rule("auth.admin.project_domain_name"),
    use_dynamic_credentials: rule("auth.use_dynamic_credentials", bool),
    test_accounts_file: rule("auth.test_accounts_file"),
  },
  identity: {
    uri_v3: rule("auth.auth_url"),
    region: rule("auth.region_name"),
    v3_endpoint_type: rule("auth.interface", iface),
    ca_certificates_file: rule("auth.cacert"),
    disable_ssl_certificate_validation: rule("auth.insecure", bool),
    admin_role: rule("identity.admin_role"),
    auth_version: SILENT,
  },
  "identity-feature-enabled": { api_v3: SILENT },
  compute: {
    image_ref: rule("compute.image_ref"),
    flavor_ref: rule("compute.flavor_ref"),
    flavor_ref_alt: rule("compute.flavor_ref_alt"),
    build_interval: rule("compute.build_interval", num),
    build_timeout: rule("compute.build_timeout", num),
    min_microversion: rule("compute.min_microversion", microversion),
    max_microversion: rule("compute.max_microversion", microversion),
    min_compute_nodes: rule("compute.min_compute_nodes", num),
  },
  "compute-feature-enabled": {
    resize: rule("compute_feature_enabled.resize", bool),
    cold_migration: rule("compute_feature_enabled.cold_migration", bool),
    live_migration: rule("compute_feature_enabled.live_migration", bool),
    share_attachments: rule("compute_feature_enabled.shares", bool),
  },
  validation: {
    connect_method: rule("validation.connect_method"),
    network_for_ssh: rule("validation.network"),
    image_ssh_user: rule("validation.ssh_user"),
    ssh_timeout: rule("validation.ssh_timeout", num),
    ssh_key_type: rule("validation.ssh_key_type"),
  },
  network: {
    floating_network_name: rule("validation.floating_network"),
    public_network_id: rule("validation.floating_network", str, true),
  },
  share: {
    enable_protocols: rule("share.protocol", protocol),
    capability_storage_protocol: rule("share.protocol", protocol, true),
    default_share_type_name: rule("share.share_type"),
    share_size: rule("share.size", num),
    max_api_microversion: rule("share.microversion", microversion),
  },
  whitebox: {
    ctlplane_ssh_username: rule("whitebox.ssh_user"),
    ctlplane_ssh_private_key_path: rule("whitebox.ssh_key"),
    ctlplane_addresses: rule("whitebox.ctlplane_addresses", dict),
  },
};

/** Advice for options that have no equivalent but matter. */
const ADVICE: Record<string, string> = {
  "validation run_validation": "vftest always reaches guests over SSH (mounting a share needs it)",
  "validation image_ssh_password": "vftest logs in with keys only (validation.ssh_key)",
  "whitebox containers": 'set whitebox.command_prefix, e.g. "sudo podman exec nova_libvirt"',
  "identity uri": "Keystone v2 is not supported; set auth.auth_url to the v3 endpoint",
};

const isSecretOption = (option: string) => /password|secret/i.test(option);

export interface TempestImport {
  /** A partial VftestConfig, ready for renderConfigYaml. */
  config: PlainObject;
  warnings: string[];
}

export function tempestConfToVftest(text: string, sourceName: string): TempestImport {
  const ini = parseIni(text);
  const config: PlainObject = {};
  const set = new Set<string>();
  const warnings = ini.errors.map((e) => `${sourceName} ${e}; ignored`);
  for (const [section, options] of ini.sections) {
    const rules = RULES[section];
    if (!rules) {
      if (options.size > 0) {
        const names = [...options.keys()].join(", ");
        warnings.push(`[${section}] has no vftest equivalent; ignored (${names})`);
      }
      continue;
    }
    for (const [option, raw] of options) {
      const where = `[${section}] ${option}`;
      const r = rules[option];
      if (!r) {
        const advice = ADVICE[`${section} ${option}`];
        warnings.push(`${where} has no vftest equivalent; ignored${advice ? `: ${advice}` : ""}`);
        continue;
      }
      if (r.to.length === 0 || raw === "" || raw.toLowerCase() === "none") continue;
      if (/\$\{?[A-Za-z_]/.test(raw) && !isSecretOption(option)) {
        warnings.push(`${where} contains a variable (${raw}) that vftest does not expand; edit the path`);
      }
      const { value, warning } = r.convert(raw);
      if (warning) {
        const safe = isSecretOption(option) ? "has an unusable value" : warning;
        warnings.push(`${where} ${safe}${value === undefined ? "; ignored" : ""}`);
      }
      if (value === undefined) continue;
      if (isSecretOption(option)) {
        warnings.push(`${where} was copied into the generated file: keep that file private (chmod 600)`);
      }
      for (const to of r.to) {
        if (r.fallback && set.has(to)) continue;
        setPath(config, to.split("."), value);
        set.add(to);
      }
    }
  }
  adjust(config, warnings);
  const problems = checkPartialConfig(config, sourceName);
  warnings.push(...problems.map((p) => `${formatProblem(p)} (check the generated file)`));
  return { config, warnings };
}

/** Post-mapping fixes: Tempest's usual min_microversion is far below what vftest needs; whitebox implies enabled. */
function adjust(config: PlainObject, warnings: string[]): void {
  const compute = config.compute as PlainObject | undefined;
  const min = compute?.min_microversion;
  if (compute && typeof min === "string" && compareMicroversions(min, SHARES_MICROVERSION) < 0) {
    warnings.push(
      `[compute] min_microversion = ${min} is below ${SHARES_MICROVERSION}, which share attachments need; using ${SHARES_MICROVERSION}`,
    );
    compute.min_microversion = SHARES_MICROVERSION;
  }
  const share = config.share as PlainObject | undefined;
  const manila = share?.microversion;
  if (typeof manila === "string" && compareMicroversions(manila, MANILA_LOCKS_MICROVERSION) < 0) {
    warnings.push(`[share] max_api_microversion = ${manila} is below 2.82; access-rule lock checks need 2.82 or later`);
  }
  if (config.whitebox !== undefined) {
    setPath(config, ["whitebox", "enabled"], true);
    warnings.push("whitebox.enabled set to true because [whitebox] host access is configured");
  }
}
