// Findings that do not stop a run but skip tests or weaken them; `vftest verify-config` prints them as warnings.

import { compareMicroversions, hasCredentials } from "./checks.js";
import type { VftestConfig } from "./types.js";

export function preflightProblems(config: VftestConfig): string[] {
  const out: string[] = [];
  const { auth, compute, compute_feature_enabled: features } = config;
  if (!auth.use_dynamic_credentials && !hasCredentials(auth.admin)) {
    const accounts = auth.test_accounts_file ? " (or list one with types: [admin] in auth.test_accounts_file)" : "";
    out.push(
      `auth.admin: no admin credentials; tests that need admin (migrate, confirm/revert checks of os-migrations, hypervisors, host placement) will be skipped. Fix: --os-cloud-admin NAME (devstack: devstack-admin), auth.admin_cloud, or auth.admin.username/password/project_name${accounts}`,
    );
  }
  if (
    (features.cold_migration || features.resize) &&
    compute.min_compute_nodes < 2 &&
    !compute.allow_resize_to_same_host
  ) {
    out.push(
      `compute.min_compute_nodes is ${compute.min_compute_nodes}: cold migration and resize need a second compute host (or allow_resize_to_same_host: true); those tests will be skipped`,
    );
  }
  if (!features.shares) {
    out.push("compute_feature_enabled.shares is false: every share test will be skipped");
  } else if (
    features.cold_migration_with_shares &&
    compareMicroversions(compute.max_microversion, features.cold_migration_with_shares_microversion) < 0
  ) {
    out.push(
      `compute.max_microversion ${compute.max_microversion} is below cold_migration_with_shares_microversion ${features.cold_migration_with_shares_microversion}: migration-with-shares tests will be skipped`,
    );
  }
  if (auth.insecure && auth.cacert) {
    out.push("auth.insecure is true, so auth.cacert is ignored: TLS certificates are not verified");
  }
  if (!config.whitebox.enabled) {
    out.push("whitebox.enabled is false: host-side checks (share mounts on compute hosts, libvirt XML) are skipped");
  }
  return out;
}
