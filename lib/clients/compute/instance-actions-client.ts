// os-instance-actions: what happened to a server, with per-step events (e.g. compute_finish_resize).
import { BaseClient, enc } from "../base-client.js";
import type { RestClient } from "../rest-client.js";
import type { InstanceAction, InstanceActionDetail, InstanceActionEvent } from "../schemas/compute-other.js";

export type { InstanceAction, InstanceActionDetail, InstanceActionEvent };

export class InstanceActionsClient extends BaseClient {
  constructor(rest: RestClient) {
    super(rest);
  }

  listInstanceActions(serverId: string): Promise<InstanceAction[]> {
    return this.get(
      `/servers/${enc(serverId)}/os-instance-actions`,
      "instanceActions",
      "compute.instance_actions.list",
    );
  }

  showInstanceAction(serverId: string, requestId: string): Promise<InstanceActionDetail> {
    return this.get(
      `/servers/${enc(serverId)}/os-instance-actions/${enc(requestId)}`,
      "instanceAction",
      "compute.instance_actions.show",
    );
  }
}
