// The compute service version gate: Nova lets a server with shares move only while every nova-compute (all cells)
// reports the service version of the release that added the feature, and refuses otherwise (409 "Feature not
// supported with instances that have shares."). Nova's API does not show service versions (os-services has no
// version field), so this is reported as not checked, with how to look on the controller, whenever moves are on.

import type { CheckResult, CloudCheck } from "./types.js";

export const computeServiceVersions: CloudCheck = async ({ config }) => {
  if (!config.compute_feature_enabled.cold_migration_with_shares) return [];
  const result: CheckResult = {
    name: "compute service versions",
    state: "skip",
    detail:
      "not checked: Nova's API does not report nova-compute service versions. Moves of servers with shares need " +
      "every nova-compute on the release with the feature; look on the controller with " +
      "`mysql nova -e \"SELECT host, version FROM services WHERE \\`binary\\`='nova-compute' AND deleted=0\"` " +
      '(every row the same, newest version) and upgrade or delete the stale services; a 409 "Feature not supported ' +
      'with instances that have shares." on migrate is the symptom.',
  };
  return [result];
};
