// OS_AUTH_TYPE / clouds.yaml auth_type decide which member credentials count when sources mix them (an openrc
// with a password over a clouds.yaml application credential, or the reverse). The loser's fields are dropped so
// the client never has to guess. Also checks that an admin cloud is the same cloud as the member's.

import type { OriginLookup } from "./checks.js";
import { normaliseAuthUrl } from "./checks.js";
import { APPCRED_AUTH_TYPES, PASSWORD_AUTH_TYPES } from "./env.js";
import type { ConfigProblem } from "./problems.js";
import type { VftestConfig } from "./types.js";

export interface CheckContext {
  authType?: string;
  adminAuthUrl?: { url: string; source: string };
}

/** Mutates config.auth.member according to the auth type; returns problems. */
export function checkAuthType(config: VftestConfig, ctx: CheckContext, origin: OriginLookup): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const m = config.auth.member;
  if (ctx.authType && PASSWORD_AUTH_TYPES.includes(ctx.authType)) {
    delete m.application_credential_id;
    delete m.application_credential_secret;
  } else if (ctx.authType && APPCRED_AUTH_TYPES.includes(ctx.authType)) {
    if (!m.application_credential_id) {
      problems.push({
        key: "auth.member.application_credential_id",
        source: "no source sets it",
        problem: `auth type ${ctx.authType} needs an application credential`,
        fix: "export OS_APPLICATION_CREDENTIAL_ID and OS_APPLICATION_CREDENTIAL_SECRET, or use OS_AUTH_TYPE=password",
      });
    }
    delete m.username;
    delete m.password;
  }
  const admin = ctx.adminAuthUrl;
  if (admin && config.auth.auth_url && normaliseAuthUrl(admin.url) !== config.auth.auth_url) {
    problems.push({
      key: "auth.admin_cloud",
      source: admin.source,
      problem: `the admin cloud authenticates at ${normaliseAuthUrl(admin.url)} but auth.auth_url (${origin("auth.auth_url")}) is ${config.auth.auth_url}; both accounts must be in the same cloud`,
      fix: "pick the admin entry of the same cloud (devstack: devstack-admin), or correct auth_url",
    });
  }
  return problems;
}
