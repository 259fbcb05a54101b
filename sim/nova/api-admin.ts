// The compute API's admin-ish resources, one file each: flavors, keypairs, os-services + os-hypervisors,
// os-migrations + os-instance-actions.

import { registerFlavorRoutes } from "./api-flavors.js";
import { registerHostRoutes } from "./api-hosts.js";
import { registerKeypairRoutes } from "./api-keypairs.js";
import { registerMigrationRoutes } from "./api-migrations.js";
import type { NovaCore, Route } from "./core.js";

export { fingerprint } from "./api-keypairs.js";

export function registerAdminRoutes(route: Route, core: NovaCore): void {
  registerFlavorRoutes(route, core);
  registerKeypairRoutes(route, core);
  registerHostRoutes(route, core);
  registerMigrationRoutes(route, core);
}
