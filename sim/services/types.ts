// Types the services room exports to sim/cloud.ts and sim/control.ts (listing live resources, seeding users).

/** One live resource as the control API lists it (`GET /sim/v1/resources`); extra fields are service-specific. */
export type ResourceRow = { id: string; name: string; project_id?: string; [k: string]: unknown };

/** Keystone's admin-side seams: seeding the accounts the suite logs in with, and listing what exists. */
export type KeystoneAdmin = {
  /** Creates (or updates the password and roles of) a user in domain Default with roles on `project` (created if missing). */
  seedUser(u: { name: string; password: string; project: string; roles: string[] }): void;
  listResources(): { projects: ResourceRow[]; users: ResourceRow[] };
};
