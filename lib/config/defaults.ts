// The built-in defaults: the bottom layer of every configuration. config/vftest.yaml documents exactly these
// values (a unit test keeps the two equal). Keys without a sensible default are "" and checked after merging.

import { MANILA_LOCKS_MICROVERSION, SHARES_MICROVERSION } from "../clients/microversion.js";
import { NOTIFICATIONS_DEFAULTS } from "./notifications.js";
import type { VftestConfig } from "./types.js";

export type ConfigGroups = Omit<VftestConfig, "sources">;

export function defaultConfig(): ConfigGroups {
  return {
    auth: {
      auth_url: "",
      region_name: "RegionOne",
      interface: "public",
      insecure: false,
      http_timeout: 60,
      member: { user_domain_name: "Default", project_domain_name: "Default" },
      admin: { user_domain_name: "Default", project_domain_name: "Default" },
      use_dynamic_credentials: false,
      endpoint_override: {},
    },
    identity: { member_role: "member", admin_role: "admin" },
    compute: {
      min_microversion: SHARES_MICROVERSION,
      max_microversion: "latest",
      build_interval: 1,
      build_timeout: 300,
      cleanup_timeout: 120,
      flavor_ref: "1",
      flavor_ref_alt: "2",
      image_ref: "",
      allow_resize_to_same_host: false,
      min_compute_nodes: 2,
    },
    compute_feature_enabled: {
      shares: true,
      cold_migration: true,
      resize: true,
      cold_migration_with_shares: true,
      cold_migration_with_shares_microversion: "2.105",
      live_migration: false,
    },
    share: { protocol: "NFS", size: 1, microversion: MANILA_LOCKS_MICROVERSION },
    validation: {
      connect_method: "fixed",
      ssh_user: "root",
      ssh_key_type: "rsa",
      ssh_port: 22,
      ssh_timeout: 300,
      ssh_host_key_policy: "accept-new",
      ping: false,
      mount_point: "/mnt/vftest",
    },
    whitebox: {
      enabled: false,
      ssh_user: "root",
      ssh_port: 22,
      ctlplane_addresses: {},
      storage_addresses: {},
      command_prefix: "sudo",
      mount_point_base: "/opt/stack/data/nova/mnt",
    },
    reporting: { results_dir: "results", junit: true, subunit: true, allure: true, request_log: true },
    notifications: { ...NOTIFICATIONS_DEFAULTS },
  };
}
