// Manila is new enough for access-rule locks (Nova locks the rules it creates) and share.microversion is within
// its range.

import { compareMicroversions } from "../config/checks.js";
import { probe } from "./check.js";
import type { CloudCheck } from "./types.js";

/** Manila API with access-rule locks. */
export const MANILA_MIN_MICROVERSION = "2.82";

export const manilaMicroversion: CloudCheck = async ({ config, cloud }) => [
  await probe(
    "Manila microversion",
    `use a Manila with API >= ${MANILA_MIN_MICROVERSION} (access-rule locks) and set share.microversion within its range`,
    async () => {
      const { min, max } = await cloud.rest("shared-file-system").discoverMicroversions();
      const want = config.share.microversion;
      if (compareMicroversions(max, MANILA_MIN_MICROVERSION) < 0) {
        throw new Error(`Manila's maximum is ${max}, below ${MANILA_MIN_MICROVERSION}`);
      }
      if (compareMicroversions(want, min) < 0 || compareMicroversions(want, max) > 0) {
        throw new Error(`share.microversion ${want} is outside Manila's ${min}..${max}`);
      }
      return `${want} within ${min}..${max}`;
    },
  ),
];
