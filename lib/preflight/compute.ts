// The compute API answers, and its microversion range covers what the suite sends: share attachments
// (compute.min_microversion) and, when enabled, moves of servers with shares.

import { compareMicroversions } from "../config/checks.js";
import { probe } from "./check.js";
import type { CheckResult, CloudCheck } from "./types.js";

/** Learns the compute microversion range (facts.computeRange) for the checks after it. */
export const computeApi: CloudCheck = async ({ cloud, as, facts }) => [
  await probe("compute API", `check the compute endpoint in the Keystone catalog${as}`, async () => {
    const range = await cloud.versions.microversionRange();
    facts.computeRange = range;
    return `microversions ${range.min}..${range.max}${as}`;
  }),
];

/** Nothing when the compute API check found no range (its failure is already reported). */
export const computeMicroversions: CloudCheck = async ({ config, facts }) => {
  const r = facts.computeRange;
  if (!r) return [];
  const c = config.compute;
  const fe = config.compute_feature_enabled;
  const inRange = (v: string) => compareMicroversions(v, r.min) >= 0 && compareMicroversions(v, r.max) <= 0;
  const out: CheckResult[] = [
    await probe(
      "compute microversion for shares",
      `use a Nova that supports ${c.min_microversion} (2025.1 or later for 2.97), or set compute.min_microversion within ${r.min}..${r.max}`,
      async () => {
        if (!inRange(c.min_microversion)) {
          throw new Error(`compute.min_microversion ${c.min_microversion} is outside the cloud's ${r.min}..${r.max}`);
        }
        return `${c.min_microversion} within ${r.min}..${r.max}`;
      },
    ),
  ];
  if (fe.cold_migration_with_shares) {
    const want = fe.cold_migration_with_shares_microversion;
    out.push(
      await probe(
        "compute microversion for moves with shares",
        `upgrade Nova to a release with virtiofs cold migration (2026.2), or set compute_feature_enabled.cold_migration_with_shares: false (the move tests are then skipped)`,
        async () => {
          if (!inRange(want)) {
            throw new Error(
              `cold_migration_with_shares is true but the cloud's maximum is ${r.max}, below cold_migration_with_shares_microversion ${want}`,
            );
          }
          return `${want} within ${r.min}..${r.max}`;
        },
      ),
    );
  }
  return out;
};

/** Enough nova-compute services up and enabled for moves (os-services needs the admin account). */
export const computeHosts: CloudCheck = async ({ config, admin }) => {
  const c = config.compute;
  if (!admin) {
    return [{ name: "compute hosts", state: "skip", detail: "not checked: needs the admin account (os-services)" }];
  }
  return [
    await probe(
      "compute hosts",
      `bring up at least ${c.min_compute_nodes} nova-compute services, or lower compute.min_compute_nodes`,
      async () => {
        const up = (await admin.services.listServices({ binary: "nova-compute" })).filter(
          (s) => s.state === "up" && s.status === "enabled",
        );
        if (up.length < c.min_compute_nodes) {
          throw new Error(
            `${up.length} nova-compute up and enabled (${up.map((s) => s.host).join(", ") || "none"}), need ${c.min_compute_nodes}`,
          );
        }
        return `${up.length} up and enabled (${up.map((s) => s.host).join(", ")}), need ${c.min_compute_nodes}`;
      },
    ),
  ];
};
