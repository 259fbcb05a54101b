// GET /os-migrations with filters (admin for host fields and all projects).
import { BaseClient } from "../base-client.js";
import type { RestClient } from "../rest-client.js";
import type { Migration } from "../schemas/compute-migrations.js";

export type { Migration };

export interface MigrationFilters {
  instance_uuid?: string;
  migration_type?: "migration" | "resize" | "live-migration" | "evacuation";
  status?: string;
  host?: string;
  source_compute?: string;
  hidden?: boolean;
  user_id?: string;
  project_id?: string;
  limit?: number;
  marker?: string;
  "changes-since"?: string;
  "changes-before"?: string;
}

export class MigrationsClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  listMigrations(filters?: MigrationFilters): Promise<Migration[]> {
    return this.get("/os-migrations", "migrations", "compute.migrations.list", filters ? { ...filters } : undefined);
  }
}
