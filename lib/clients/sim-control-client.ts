// The embedded cloud's admin-only control API (/sim/v1): switch fault profiles for one test and list every live
// resource (leak checks). Only meaningful against the embedded cloud; a real cloud answers 404.

import axios from "axios";
import type { KeystoneAuth } from "./auth.js";
import { httpErrorFor } from "./errors.js";

export interface SimResources {
  [kind: string]: { id: string; name?: string; project_id?: string }[];
}

export class SimControlClient {
  constructor(
    private readonly baseUrl: string,
    private readonly auth: KeystoneAuth,
  ) {}

  private async call<T>(method: "GET" | "PUT", path: string, body?: unknown): Promise<T> {
    const url = `${this.baseUrl.replace(/\/$/, "")}/sim/v1${path}`;
    const r = await axios.request({
      method,
      url,
      data: body,
      headers: { "X-Auth-Token": await this.auth.getToken() },
      validateStatus: () => true,
    });
    if (r.status >= 400) {
      const msg = JSON.stringify(r.data ?? "").slice(0, 300);
      throw httpErrorFor({ method, url, status: r.status, cloudMessage: msg, requestId: r.headers["x-openstack-request-id"] });
    }
    return r.data as T;
  }

  /** Replaces the per-test fault profiles (run-level ones stay). */
  async setFaults(names: string[]): Promise<void> {
    await this.call("PUT", "/faults", { faults: names });
  }

  async resources(): Promise<SimResources> {
    return this.call<SimResources>("GET", "/resources");
  }
}
