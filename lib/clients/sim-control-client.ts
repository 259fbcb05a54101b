// The embedded cloud's admin-only control API (/sim/v1): switch fault profiles for one test and list every live
// resource (leak checks). Goes through RestClient like every other call, so it is logged, masked and typed.
// Only meaningful against the embedded cloud; a real cloud has no such endpoint.

import type { KeystoneAuth } from "./auth.js";
import type { HttpOptions } from "./http-options.js";
import { RestClient } from "./rest-client.js";

export interface SimResources {
  [kind: string]: { id: string; name?: string; project_id?: string }[];
}

export class SimControlClient {
  private readonly rest: RestClient;

  /** `controlUrl`: the control API root, e.g. http://127.0.0.1:PORT/sim/v1. */
  constructor(controlUrl: string, auth: KeystoneAuth, http?: HttpOptions) {
    this.rest = new RestClient({ auth, serviceType: "sim-control", baseUrl: controlUrl, http });
  }

  /** Replaces the per-test fault profiles (run-level ones stay). */
  async setFaults(names: string[]): Promise<void> {
    await this.rest.request("PUT", "/faults", { body: { faults: names }, expected: [200, 204] });
  }

  async resources(): Promise<SimResources> {
    return (await this.rest.request<SimResources>("GET", "/resources", { expected: [200] })).body;
  }
}
