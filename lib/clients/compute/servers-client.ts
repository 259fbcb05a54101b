// Nova servers: CRUD and server actions. Every action goes through `action()` and returns its request id.
import { type ActionResult, BaseClient, enc, withAnswer } from "../base-client.js";
import type { RestClient } from "../rest-client.js";
import type { CreatedServer, Server } from "../schemas/compute-servers.js";

export type { ActionResult, CreatedServer, Server };

export interface CreateServerRequest {
  name: string;
  flavorRef: string;
  imageRef?: string;
  /** "auto", "none", or a list of {uuid} / {port} / {fixed_ip}. Required from 2.37. */
  networks?: "auto" | "none" | { uuid?: string; port?: string; fixed_ip?: string; tag?: string }[];
  key_name?: string;
  security_groups?: { name: string }[];
  availability_zone?: string;
  metadata?: Record<string, string>;
  user_data?: string;
  config_drive?: boolean;
  description?: string;
  tags?: string[];
  hostname?: string;
  block_device_mapping_v2?: Record<string, unknown>[];
  min_count?: number;
  max_count?: number;
  /** Top-level "os:scheduler_hints". */
  scheduler_hints?: Record<string, unknown>;
}

export interface ServerFilters {
  name?: string;
  status?: string;
  host?: string;
  node?: string;
  all_tenants?: boolean;
  project_id?: string;
  user_id?: string;
  tags?: string;
  limit?: number;
  marker?: string;
  "changes-since"?: string;
  [key: string]: string | number | boolean | undefined;
}

export type RebootType = "SOFT" | "HARD";

export class ServersClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  async createServer(req: CreateServerRequest): Promise<CreatedServer> {
    const { scheduler_hints, ...server } = req;
    const body: Record<string, unknown> = { server };
    if (scheduler_hints) body["os:scheduler_hints"] = scheduler_hints;
    const r = await this.call<{ server: CreatedServer }>("POST", "/servers", {
      body,
      expected: [202],
      schema: { api: "compute.servers.create" },
    });
    return withAnswer(r.body.server, r);
  }

  showServer(id: string): Promise<Server> {
    return this.get(`/servers/${enc(id)}`, "server", "compute.servers.show");
  }

  listServers(filters?: ServerFilters): Promise<Server[]> {
    return this.get("/servers/detail", "servers", "compute.servers.list_detail", filters);
  }

  async updateServer(id: string, req: { name?: string; description?: string | null }): Promise<Server> {
    const r = await this.call<{ server: Server }>("PUT", `/servers/${enc(id)}`, {
      body: { server: req },
      expected: [200],
      schema: { api: "compute.servers.update" },
    });
    return r.body.server;
  }

  deleteServer(id: string): Promise<ActionResult> {
    return this.remove(`/servers/${enc(id)}`, [204]);
  }

  /** POST /servers/{id}/action {name: body}; the building block of every action below. */
  async action(id: string, name: string, body: unknown, expected: number[]): Promise<ActionResult> {
    const r = await this.call("POST", `/servers/${enc(id)}/action`, { body: { [name]: body }, expected });
    return { requestId: r.requestId, answeredAt: r.answeredAt };
  }

  async getConsoleOutput(id: string, length?: number): Promise<string> {
    const r = await this.call<{ output: string }>("POST", `/servers/${enc(id)}/action`, {
      body: { "os-getConsoleOutput": length === undefined ? {} : { length } },
      expected: [200],
      schema: { api: "compute.servers.console_output" },
    });
    return r.body.output;
  }

  stopServer(id: string): Promise<ActionResult> {
    return this.action(id, "os-stop", null, [202]);
  }

  startServer(id: string): Promise<ActionResult> {
    return this.action(id, "os-start", null, [202]);
  }

  rebootServer(id: string, type: RebootType): Promise<ActionResult> {
    return this.action(id, "reboot", { type }, [202]);
  }

  /** Cold migrate; `host` (admin, 2.56+) targets a compute host. */
  migrateServer(id: string, opts: { host?: string } = {}): Promise<ActionResult> {
    return this.action(id, "migrate", opts.host === undefined ? null : { host: opts.host }, [202]);
  }

  resizeServer(id: string, flavorRef: string): Promise<ActionResult> {
    return this.action(id, "resize", { flavorRef }, [202]);
  }

  /** Nova answers 204 (not 202) to confirmResize. */
  confirmResizeServer(id: string): Promise<ActionResult> {
    return this.action(id, "confirmResize", null, [204]);
  }

  revertResizeServer(id: string): Promise<ActionResult> {
    return this.action(id, "revertResize", null, [202]);
  }

  liveMigrateServer(
    id: string,
    opts: { host?: string | null; block_migration?: boolean | "auto" } = {},
  ): Promise<ActionResult> {
    return this.action(
      id,
      "os-migrateLive",
      { host: opts.host ?? null, block_migration: opts.block_migration ?? "auto" },
      [202],
    );
  }

  evacuateServer(id: string, opts: { host?: string } = {}): Promise<ActionResult> {
    return this.action(id, "evacuate", opts.host === undefined ? {} : { host: opts.host }, [200]);
  }

  rebuildServer(id: string, imageRef: string): Promise<ActionResult> {
    return this.action(id, "rebuild", { imageRef }, [202]);
  }

  shelveServer(id: string): Promise<ActionResult> {
    return this.action(id, "shelve", null, [202]);
  }

  unshelveServer(id: string): Promise<ActionResult> {
    return this.action(id, "unshelve", null, [202]);
  }

  suspendServer(id: string): Promise<ActionResult> {
    return this.action(id, "suspend", null, [202]);
  }

  resumeServer(id: string): Promise<ActionResult> {
    return this.action(id, "resume", null, [202]);
  }
}
