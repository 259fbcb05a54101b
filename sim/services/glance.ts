// Simulated Glance (/image, /image/v2): the seeded guest image "vftest-guest" (the fixed id Tempest's peer config
// uses) plus images users create, upload (PUT .../file, application/octet-stream) and delete. Image bytes are not
// kept (guests are emulated); the upload records size and checksums as Glance does.

import { createHash } from "node:crypto";
import type { IdentityBackend, TokenInfo } from "../contracts.js";
import { isObj, type Obj, optString } from "../http/body.js";
import { FaultError, Router, requireAuth, type ServiceMount, type SimRequest } from "../http/router.js";
import { serviceMount } from "../http/service.js";
import type { ResourceRow } from "./types.js";
import { isoZ, newUuid } from "./util.js";

export const GUEST_IMAGE_ID = "11111111-1111-1111-1111-111111111111";
const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  500: "Internal Server Error",
};
/** webob's JSON error body, which Glance answers with. */
export const glanceErrorBody = (status: number, message: string) => ({
  code: `${status} ${TITLES[status] ?? "Error"}`,
  title: TITLES[status] ?? "Error",
  message,
});
const err = (status: number, message: string) => new FaultError(status, message, {}, glanceErrorBody(status, message));

const DISK_FORMATS = ["ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"];
const CONTAINER_FORMATS = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"];
const VISIBILITIES = ["public", "private", "shared", "community"];
const CORE = [
  "id",
  "name",
  "disk_format",
  "container_format",
  "visibility",
  "min_disk",
  "min_ram",
  "tags",
  "protected",
  "os_hidden",
];

interface Image {
  id: string;
  name: string | null;
  owner: string;
  status: string;
  visibility: string;
  diskFormat: string | null;
  containerFormat: string | null;
  minDisk: number;
  minRam: number;
  protected: boolean;
  tags: string[];
  properties: Record<string, string>;
  size: number | null;
  checksum: string | null;
  hash: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function createGlance(opts: { identity: IdentityBackend }): {
  mount: ServiceMount;
  imageExists(id: string): boolean;
  defaultImageId: string;
  listResources(): ResourceRow[];
} {
  // Tokens reach handlers already validated (req.auth, set by sim/cloud.ts through opts.identity).
  void opts.identity;
  const images = new Map<string, Image>();
  const now = new Date();
  images.set(GUEST_IMAGE_ID, {
    id: GUEST_IMAGE_ID,
    name: "vftest-guest",
    owner: "",
    status: "active",
    visibility: "public",
    diskFormat: "raw",
    containerFormat: "bare",
    minDisk: 0,
    minRam: 0,
    protected: false,
    tags: [],
    properties: { hw_firmware_type: "bios", os_distro: "vftest", hw_mem_encryption: "False" },
    size: 1073741824,
    checksum: createHash("md5").update("vftest-guest").digest("hex"),
    hash: createHash("sha512").update("vftest-guest").digest("hex"),
    createdAt: now,
    updatedAt: now,
  });

  const canSee = (i: Image, t: TokenInfo) =>
    t.isAdmin || i.visibility === "public" || i.visibility === "community" || i.owner === t.projectId;
  const view = (i: Image) => ({
    id: i.id,
    name: i.name,
    status: i.status,
    visibility: i.visibility,
    owner: i.owner || null,
    disk_format: i.diskFormat,
    container_format: i.containerFormat,
    min_disk: i.minDisk,
    min_ram: i.minRam,
    protected: i.protected,
    os_hidden: false,
    tags: i.tags,
    size: i.size,
    virtual_size: i.size,
    checksum: i.checksum,
    os_hash_algo: i.hash ? "sha512" : null,
    os_hash_value: i.hash,
    created_at: isoZ(i.createdAt),
    updated_at: isoZ(i.updatedAt),
    self: `/v2/images/${i.id}`,
    file: `/v2/images/${i.id}/file`,
    schema: "/v2/schemas/image",
    ...i.properties,
  });
  const get = (req: SimRequest): { image: Image; token: TokenInfo } => {
    const token = requireAuth(req);
    const image = images.get(req.params.id!);
    if (!image || !canSee(image, token)) throw err(404, `No image found with ID ${req.params.id}`);
    return { image, token };
  };
  const mayChange = (image: Image, t: TokenInfo) => {
    if (!t.isAdmin && image.owner !== t.projectId) throw err(403, `You are not permitted to modify image ${image.id}.`);
  };

  const r = new Router();
  const versions = (req: SimRequest) => ({
    versions: ["2.16", "2.15", "2.9", "2.0"].map((v, i) => ({
      id: `v${v}`,
      status: i === 0 ? "CURRENT" : "SUPPORTED",
      links: [{ rel: "self", href: `${req.baseUrl.replace(/\/v2.*$/, "")}/v2/` }],
    })),
  });
  r.on("GET", "", (req) => ({ status: 300, body: versions(req) }));
  r.on("GET", "/versions", (req) => ({ status: 200, body: versions(req) }));

  r.on("GET", "/v2/images", (req) => {
    const token = requireAuth(req);
    const q = req.query;
    const list = [...images.values()]
      .filter((i) => canSee(i, token))
      .filter((i) => q.get("name") === null || i.name === q.get("name"))
      .filter((i) => q.get("status") === null || i.status === q.get("status"))
      .filter((i) => q.get("visibility") === null || i.visibility === q.get("visibility"))
      .filter((i) => q.get("owner") === null || i.owner === q.get("owner"));
    return { status: 200, body: { images: list.map(view), first: "/v2/images", schema: "/v2/schemas/images" } };
  });
  r.on("GET", "/v2/images/:id", (req) => ({ status: 200, body: view(get(req).image) }));
  r.on("POST", "/v2/images", (req) => {
    const token = requireAuth(req);
    if (!isObj(req.body)) throw err(400, "Expected a JSON object describing the image.");
    const b: Obj = req.body;
    const readOnly = [
      "status",
      "size",
      "checksum",
      "owner",
      "created_at",
      "updated_at",
      "self",
      "file",
      "schema",
      "os_hash_value",
    ];
    const bad = readOnly.filter((k) => k in b);
    if (bad.length) throw err(403, `Attribute '${bad[0]}' is read-only.`);
    const id = optString(b, "id", err) ?? newUuid();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      throw err(400, `Invalid image id '${id}': expected a UUID.`);
    if (images.has(id)) throw err(409, `Image with identifier ${id} already exists!`);
    const pick = (k: string, allowed: string[]) => {
      const v = optString(b, k, err, { nullable: true });
      if (v !== undefined && !allowed.includes(v))
        throw err(400, `Invalid value '${v}' for '${k}': expected one of ${allowed.join(", ")}.`);
      return v;
    };
    const visibility = pick("visibility", VISIBILITIES) ?? "shared";
    if (visibility === "public" && !token.isAdmin)
      throw err(403, "You are not authorized to complete publicize_image action.");
    const int = (k: string) => {
      const v = b[k];
      if (v === undefined) return 0;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
        throw err(400, `Invalid value for '${k}': expected a non-negative integer.`);
      return v;
    };
    const tags = b.tags ?? [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === "string"))
      throw err(400, "Invalid value for 'tags': expected a list of strings.");
    const properties: Record<string, string> = {};
    for (const [k, v] of Object.entries(b)) {
      if (CORE.includes(k)) continue;
      if (typeof v !== "string") throw err(400, `Invalid value for property '${k}': extra properties must be strings.`);
      properties[k] = v;
    }
    const protectedFlag = b.protected ?? false;
    if (typeof protectedFlag !== "boolean") throw err(400, "Invalid value for 'protected': expected a boolean.");
    const ts = new Date();
    const image: Image = {
      id,
      name: optString(b, "name", err, { nullable: true, max: 255 }) ?? null,
      owner: token.projectId,
      status: "queued",
      visibility,
      diskFormat: pick("disk_format", DISK_FORMATS) ?? null,
      containerFormat: pick("container_format", CONTAINER_FORMATS) ?? null,
      minDisk: int("min_disk"),
      minRam: int("min_ram"),
      protected: protectedFlag,
      tags: tags as string[],
      properties,
      size: null,
      checksum: null,
      hash: null,
      createdAt: ts,
      updatedAt: ts,
    };
    images.set(id, image);
    return { status: 201, body: view(image), headers: { Location: `${req.baseUrl}/v2/images/${id}` } };
  });
  r.on("PUT", "/v2/images/:id/file", (req) => {
    const { image, token } = get(req);
    mayChange(image, token);
    const ct = String(req.headers["content-type"] ?? "");
    if (!ct.startsWith("application/octet-stream")) {
      throw err(415, `Content-Type '${ct || "(none)"}' is not supported for image data; use application/octet-stream.`);
    }
    if (image.status !== "queued")
      throw err(409, `Image status transition from ${image.status} to saving is not allowed`);
    if (!image.diskFormat || !image.containerFormat) {
      throw err(400, "Properties disk_format, container_format must be set prior to saving data.");
    }
    const data = dataOf(req.body);
    image.size = data.length;
    image.checksum = createHash("md5").update(data).digest("hex");
    image.hash = createHash("sha512").update(data).digest("hex");
    image.status = "active";
    image.updatedAt = new Date();
    return { status: 204 };
  });
  r.on("DELETE", "/v2/images/:id", (req) => {
    const { image, token } = get(req);
    mayChange(image, token);
    if (image.protected) throw err(403, `Image ${image.id} is protected and cannot be deleted.`);
    images.delete(image.id);
    return { status: 204 };
  });

  return {
    mount: serviceMount("/image", r, glanceErrorBody),
    imageExists: (id) => images.get(id)?.status === "active",
    defaultImageId: GUEST_IMAGE_ID,
    listResources: () =>
      [...images.values()].map((i) => ({
        id: i.id,
        name: i.name ?? "",
        project_id: i.owner || undefined,
        status: i.status,
      })),
  };
}

/** The request body as bytes: sim/cloud.ts passes octet-stream bodies as a Buffer (undefined when empty). */
function dataOf(body: unknown): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (typeof body === "string") return Buffer.from(body, "utf8");
  throw err(400, "Image data must be sent as application/octet-stream bytes.");
}
