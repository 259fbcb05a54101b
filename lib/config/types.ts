// The resolved vftest configuration: what every layer above lib/clients reads. Keys are snake_case and grouped
// like tempest.conf so a Tempest user finds them where they expect. The schema and the documented defaults live
// in lib/config/schema.ts and config/vftest.yaml; this file is the shape they produce.

import type { NotificationsConfig } from "./notifications.js";

export type Interface = "public" | "internal" | "admin";

/** One set of Keystone credentials: password or application credential. */
export interface CredentialsConfig {
  username?: string;
  password?: string; // secret
  user_domain_name: string;
  project_name?: string;
  project_domain_name: string;
  domain_name?: string; // domain scope instead of project scope
  /** IDs, as devstack's clouds.yaml writes them (`user_domain_id: default`); when set, send them instead of names. */
  user_domain_id?: string;
  project_domain_id?: string;
  project_id?: string;
  /** When set (with its secret), Keystone auth uses the application credential and ignores username/password. */
  application_credential_id?: string;
  application_credential_secret?: string; // secret
}

export interface VftestConfig {
  notifications: NotificationsConfig;
  /** Where the values came from, for `vftest verify-config` and error messages (never holds secrets). */
  sources: string[];
  auth: {
    auth_url: string; // Keystone v3 endpoint, e.g. http://127.0.0.1/identity/v3
    region_name: string;
    interface: Interface;
    cacert?: string; // CA bundle path
    insecure: boolean;
    http_timeout: number; // seconds per HTTP request
    /** The member account tests run as (unless dynamic credentials create one per worker). */
    member: CredentialsConfig;
    /** The admin account: migrate, os-migrations, hypervisors, dynamic credentials. */
    admin: CredentialsConfig;
    use_dynamic_credentials: boolean;
    /** clouds.yaml entry names the values came from (informational; `--os-cloud` / `--os-cloud-admin`). */
    cloud?: string;
    admin_cloud?: string;
    test_accounts_file?: string; // Tempest-format accounts.yaml
    /** Per-service endpoint override: service type -> URL. */
    endpoint_override: Record<string, string>;
  };
  identity: {
    /** Role names Keystone uses. */
    member_role: string;
    admin_role: string;
  };
  compute: {
    min_microversion: string; // "2.97"
    max_microversion: string; // "latest" or "2.105"
    build_interval: number; // seconds between polls
    build_timeout: number; // seconds before a waiter gives up
    cleanup_timeout: number; // seconds a cleanup expectation (rule/mount/locks gone) waits
    flavor_ref: string;
    flavor_ref_alt: string;
    image_ref: string;
    allow_resize_to_same_host: boolean;
    min_compute_nodes: number;
  };
  compute_feature_enabled: {
    shares: boolean;
    cold_migration: boolean;
    resize: boolean;
    cold_migration_with_shares: boolean;
    /** The compute microversion that lifts the ForbiddenWithShare block on migrate/resize. */
    cold_migration_with_shares_microversion: string; // "2.105"
    live_migration: boolean;
  };
  share: {
    protocol: "NFS" | "CEPHFS";
    share_type?: string; // default share type when unset
    size: number; // GiB
    microversion: string; // Manila microversion, >= 2.82 for access-rule locks
  };
  validation: {
    connect_method: "fixed" | "floating";
    network?: string; // network name for fixed-IP SSH
    floating_network?: string; // external network for floating IPs
    ssh_user: string;
    ssh_key?: string; // private key file; generated per run when unset
    ssh_key_type?: "rsa" | "ecdsa" | "ed25519"; // type of the generated key when ssh_key is unset
    ssh_port: number;
    ssh_timeout: number; // seconds to wait for SSH to answer
    ssh_host_key_policy: "accept-new" | "known-hosts";
    known_hosts_file?: string;
    ping: boolean;
    mount_point: string; // where the suite mounts virtiofs tags inside guests
  };
  whitebox: {
    enabled: boolean;
    ssh_user: string;
    ssh_key?: string;
    ssh_port: number;
    /** Nova host name -> control-plane address; a host absent here is reached by its name. */
    ctlplane_addresses: Record<string, string>;
    /** Nova host name -> the address its NFS access rules name (nova.conf my_shared_fs_storage_ip), where it differs
     * from the control-plane address. */
    storage_addresses: Record<string, string>;
    /** Prefix for privileged commands on hosts, e.g. "sudo" or "sudo podman exec nova_libvirt". */
    command_prefix: string;
    mount_point_base: string; // [libvirt]nfs_mount_point_base / ceph_mount_point_base
  };
  reporting: {
    results_dir: string; // one sub-directory per run
    junit: boolean;
    subunit: boolean;
    allure: boolean;
    request_log: boolean;
  };
}
