// Nova keypairs (import of an existing public key; the suite never asks Nova to generate private keys).
import { type ActionResult, BaseClient, enc } from "../base-client.js";
import type { RestClient } from "../rest-client.js";
import type { Keypair } from "../schemas/compute-other.js";

export type { Keypair };

export class KeypairsClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  /** 201 from microversion 2.2 (200 before). */
  async createKeypair(req: { name: string; public_key: string; type?: "ssh" | "x509" }): Promise<Keypair> {
    const r = await this.call<{ keypair: Keypair }>("POST", "/os-keypairs", {
      body: { keypair: req },
      expected: [200, 201],
      schema: { api: "compute.keypairs.show" },
    });
    return r.body.keypair;
  }

  showKeypair(name: string): Promise<Keypair> {
    return this.get(`/os-keypairs/${enc(name)}`, "keypair", "compute.keypairs.show");
  }

  async listKeypairs(): Promise<Keypair[]> {
    const items = await this.get<{ keypair: Keypair }[]>("/os-keypairs", "keypairs", "compute.keypairs.list");
    return items.map((i) => i.keypair);
  }

  deleteKeypair(name: string): Promise<ActionResult> {
    return this.remove(`/os-keypairs/${enc(name)}`, [202, 204]);
  }
}
