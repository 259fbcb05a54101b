// Glance v2 images. The catalog's image endpoint is unversioned, so paths carry /v2.
import { type ActionResult, BaseClient, enc } from "./base-client.js";
import type { RestClient } from "./rest-client.js";
import type { Image } from "./schemas/image.js";

export type { Image };

export interface CreateImageRequest {
  name: string;
  disk_format: string;
  container_format: string;
  visibility?: "public" | "private" | "shared" | "community";
  min_disk?: number;
  min_ram?: number;
  id?: string;
  tags?: string[];
  [property: string]: unknown;
}

export class ImageClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  listImages(query?: Record<string, string | number | boolean | undefined>): Promise<Image[]> {
    return this.get("/v2/images", "images", "image.images.list", query);
  }

  async showImage(id: string): Promise<Image> {
    const r = await this.call<Image>("GET", `/v2/images/${enc(id)}`, {
      expected: [200],
      schema: { api: "image.images.show" },
    });
    return r.body;
  }

  async createImage(req: CreateImageRequest): Promise<Image> {
    const r = await this.call<Image>("POST", "/v2/images", {
      body: req,
      expected: [201],
      schema: { api: "image.images.show" },
    });
    return r.body;
  }

  async uploadImage(id: string, data: Buffer): Promise<ActionResult> {
    const r = await this.call("PUT", `/v2/images/${enc(id)}/file`, {
      rawBody: data,
      headers: { "Content-Type": "application/octet-stream" },
      expected: [204],
    });
    return { requestId: r.requestId };
  }

  deleteImage(id: string): Promise<ActionResult> {
    return this.remove(`/v2/images/${enc(id)}`, [204]);
  }
}
