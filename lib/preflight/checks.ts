// The preflight in order: the config, then the logins, then every cloud check, then the compute hosts over SSH.
// A check whose prerequisite failed is a "skip" with the reason instead of failing twice; when only the member
// login fails, the cloud checks still run with the admin account (and say so) so one run shows every problem.
// Adding a cloud check: write a `CloudCheck` in its own file and list it in CLOUD_CHECKS.

import type { Clients } from "../clients/index.js";
import type { VftestConfig } from "../config/types.js";
import { hasCredentials } from "../target/clients.js";
import { authCheck } from "./auth.js";
import { computeApi, computeHosts, computeMicroversions } from "./compute.js";
import { manilaMicroversion } from "./manila.js";
import { placementTraits } from "./placement.js";
import { resizeFlavor } from "./resize-flavor.js";
import { flavors, image, networks } from "./resources.js";
import { computeServiceVersions } from "./service-versions.js";
import { shareType } from "./share-type.js";
import type { CheckResult, CloudCheck, CloudFacts } from "./types.js";
import { whiteboxChecks } from "./whitebox.js";

/** Run in this order; a later check may use facts an earlier one learned (computeMicroversions after computeApi). */
export const CLOUD_CHECKS: readonly CloudCheck[] = [
  computeApi,
  computeMicroversions,
  manilaMicroversion,
  shareType,
  image,
  flavors,
  resizeFlavor,
  computeHosts,
  computeServiceVersions,
  placementTraits,
  networks,
];

export async function runChecks(
  config: VftestConfig,
  cloudChecks: readonly CloudCheck[] = CLOUD_CHECKS,
): Promise<CheckResult[]> {
  const out: CheckResult[] = [{ name: "config", state: "ok", detail: "valid (sources listed above)" }];
  const dynamic = config.auth.use_dynamic_credentials && !hasCredentials(config.auth.member);
  if (dynamic) {
    out.push({
      name: "Keystone member credentials",
      state: "skip",
      detail: "none needed: dynamic credentials create a member account per worker with the admin account",
    });
  }
  const login = async (role: "member" | "admin"): Promise<Clients | undefined> => {
    const { result, clients } = await authCheck(config, role);
    out.push(result);
    return clients;
  };
  const member = dynamic ? undefined : await login("member");
  const admin = hasCredentials(config.auth.admin) ? await login("admin") : undefined;
  if (!hasCredentials(config.auth.admin)) {
    out.push({
      name: "Keystone admin credentials",
      state: "fail",
      detail: "none configured (needed for migrate, os-migrations, hypervisors and dynamic credentials)",
      fix: "set auth.admin in the config, or pass --os-cloud-admin NAME (devstack: devstack-admin)",
    });
  }
  const cloud = member ?? admin;
  if (cloud) {
    const as = member ? "" : dynamic ? " (checked as admin)" : " (checked as admin: the member login failed)";
    const facts: CloudFacts = {};
    for (const check of cloudChecks) out.push(...(await check({ config, cloud, as, admin, facts })));
  } else {
    out.push({
      name: "cloud checks",
      state: "skip",
      detail: "not checked: no account could log in (microversions, image, flavors, compute hosts, network)",
    });
  }
  out.push(...(await whiteboxChecks(config, admin)));
  return out;
}
