// Can this account log in? A rejected login and an unreachable Keystone get different fixes.

import type { Clients } from "../clients/index.js";
import type { VftestConfig } from "../config/types.js";
import { openClients, type Role } from "../target/clients.js";
import { firstLine } from "./check.js";
import type { CheckResult } from "./types.js";

/** The result, and the account's clients when it logged in. */
export async function authCheck(config: VftestConfig, role: Role): Promise<{ result: CheckResult; clients?: Clients }> {
  const name = `Keystone ${role} credentials`;
  const source = role === "member" ? config.auth.cloud : config.auth.admin_cloud;
  const where = source ? `the clouds.yaml entry "${source}"` : `auth.${role} in the config`;
  // Imported the way openClients imports the clients, so the error classes are the ones its calls throw.
  const { ConnectionError, UnauthorizedError } = await import("../clients/errors.js");
  try {
    const clients = await openClients(config, role);
    const info = await clients.auth.authenticate();
    const project = info.projectName ? ` for project ${info.projectName}` : "";
    return { result: { name, state: "ok", detail: `token issued by ${config.auth.auth_url}${project}` }, clients };
  } catch (e) {
    const fix =
      e instanceof UnauthorizedError
        ? `Keystone rejected the credentials: fix the username, password (or application credential), domain and project in ${where}`
        : e instanceof ConnectionError
          ? `make auth.auth_url (${config.auth.auth_url}) reachable from this machine, or fix it`
          : `check auth.auth_url (${config.auth.auth_url}) and ${where}`;
    return { result: { name, state: "fail", detail: firstLine(e), fix } };
  }
}
