// Compute API versions documents: the versioned endpoint ({"version"}) and the unversioned root ({"versions"}).
import { BaseClient } from "../base-client.js";
import type { RestClient } from "../rest-client.js";
import type { ApiVersion } from "../schemas/compute-other.js";

export type { ApiVersion };

export class VersionsClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  /** GET {compute root}/ — every API version the endpoint serves. */
  async listVersions(): Promise<ApiVersion[]> {
    const ep = await this.rest.endpoint();
    const root = ep.replace(/\/v2(\.1)?(\/[^/]*)?$/, "");
    const r = await this.call<{ versions: ApiVersion[] }>("GET", "", {
      absoluteUrl: `${root}/`,
      expected: [200, 300],
      schema: { api: "compute.versions.list" },
      microversion: "",
    });
    return r.body.versions;
  }

  /** GET {compute endpoint}/ — this version's min_version and (max) version. */
  async showVersion(): Promise<ApiVersion> {
    const ep = await this.rest.endpoint();
    const r = await this.call<{ version: ApiVersion }>("GET", "", {
      absoluteUrl: `${ep}/`,
      expected: [200],
      schema: { api: "compute.versions.show" },
      microversion: "",
    });
    return r.body.version;
  }

  microversionRange(): Promise<{ min: string; max: string }> {
    return this.rest.discoverMicroversions();
  }
}
