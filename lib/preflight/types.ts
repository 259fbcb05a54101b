// The preflight's vocabulary: one result per check (ok, fail with how to fix it, or skip with the reason), and the
// shape of a check over the cloud. Adding a check = writing one `CloudCheck` and listing it in checks.ts.

import type { Clients } from "../clients/index.js";
import type { VftestConfig } from "../config/types.js";

export interface CheckResult {
  name: string;
  state: "ok" | "fail" | "skip";
  detail: string;
  /** How to fix it; printed for failed checks. */
  fix?: string;
}

/** What a check over the cloud gets: the config, an account that logged in, and the admin account if it did. */
export interface CloudCheckContext {
  config: VftestConfig;
  /** The member account, or the admin account when the member account is not used or could not log in. */
  cloud: Clients;
  /** " (checked as admin…)" when `cloud` is the admin account standing in for the member; "" otherwise. */
  as: string;
  admin?: Clients;
  /** Facts earlier checks learned, for later ones (the compute microversion range, for example). */
  facts: CloudFacts;
}

export interface CloudFacts {
  computeRange?: { min: string; max: string };
}

/** One check (or a few that belong together) over the cloud; returns its results in the order to print them. */
export type CloudCheck = (ctx: CloudCheckContext) => Promise<CheckResult[]>;
