// os-server-shares (compute 2.97+). {share_id} in paths is the Manila share id, not the share-mapping uuid.
import { type ActionResult, BaseClient, enc, withAnswer } from "../base-client.js";
import type { RestClient } from "../rest-client.js";
import type { ServerShare, ServerShareListItem } from "../schemas/compute-shares.js";

export type { ServerShare, ServerShareListItem };

export interface AttachShareRequest {
  share_id: string;
  /** Defaults (server side) to the share id; [a-zA-Z0-9-]{1,255}. */
  tag?: string;
}

export class ServerSharesClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  listServerShares(serverId: string): Promise<ServerShareListItem[]> {
    return this.get(`/servers/${enc(serverId)}/shares`, "shares", "compute.server_shares.list");
  }

  showServerShare(serverId: string, shareId: string): Promise<ServerShare> {
    return this.get(`/servers/${enc(serverId)}/shares/${enc(shareId)}`, "share", "compute.server_shares.show");
  }

  async attachShare(serverId: string, req: AttachShareRequest): Promise<ServerShare> {
    const r = await this.call<{ share: ServerShare }>("POST", `/servers/${enc(serverId)}/shares`, {
      body: { share: req },
      expected: [201],
      schema: { api: "compute.server_shares.attach" },
    });
    return withAnswer(r.body.share, r);
  }

  /** Nova answers 200 with an empty body (not 204). */
  async detachShare(serverId: string, shareId: string): Promise<ActionResult> {
    const r = await this.call("DELETE", `/servers/${enc(serverId)}/shares/${enc(shareId)}`, {
      expected: [200],
      schema: { api: "compute.server_shares.detach" },
    });
    return { requestId: r.requestId, answeredAt: r.answeredAt };
  }
}
