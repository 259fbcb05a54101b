// The simulated Nova's versioned notifier: nova.compute.utils.notify_about_instance_action /
// notify_about_resize_prep_instance / notify_about_share_attach_detach, sent through oslo.messaging's messagingv2
// driver (publisher.ts). Like oslo, a failed send is logged and the operation goes on.
// publisher_id is "<source>:<host>": nova-compute:<the emitting compute host> for instance actions, and
// nova-api:<instance.host> for share_attach/share_detach (Nova passes NotificationSource.API there).

import type { FaultSwitch } from "../contracts.js";
import type { Flavor, Instance, ShareMapping } from "../nova/model.js";
import { instanceActionPayload, type PayloadContext, resizePrepPayload, shareActionPayload } from "./payload.js";
import { NotificationPublisher } from "./publisher.js";

export type MoveAction = "resize_prep" | "resize" | "resize_finish" | "resize_confirm" | "resize_revert";
export type Phase = "start" | "end";

export interface RequestContext {
  requestId: string;
  userId: string;
  projectId: string;
}

export interface NotifierOptions {
  /** amqp:// or rabbit:// URL of the broker (one host). */
  url: string;
  faults: FaultSwitch;
  /** nova.conf [notifications]include_share_mapping. Default true (the devstack plugin turns it on). */
  includeShareMapping?: boolean;
  log?: (line: string) => void;
}

const SEND_TIMEOUT_MS = 5000;

export class NovaNotifier {
  private chain: Promise<void> = Promise.resolve();
  private readonly deferred = new Set<Promise<void>>();

  private constructor(
    private readonly pub: NotificationPublisher,
    private readonly opts: NotifierOptions,
  ) {}

  static async connect(opts: NotifierOptions): Promise<NovaNotifier> {
    const url = opts.url.replace(/^rabbit:\/\//, "amqp://");
    return new NovaNotifier(await NotificationPublisher.connect(url), opts);
  }

  private ctx(rc: RequestContext): PayloadContext {
    return {
      ...rc,
      includeShares: this.opts.includeShareMapping ?? true,
      dropShares: this.opts.faults.active("notification-payload-without-shares"),
    };
  }

  /** Sends in call order (one at a time, as Nova's blocking notifier does) and never throws. */
  private send(publisherId: string, eventType: string, payload: unknown, rc: RequestContext): Promise<void> {
    const n = { publisherId, eventType, priority: "INFO" as const, payload, context: rc };
    this.chain = this.chain.then(async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          this.pub.publish(n),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no broker confirm within ${SEND_TIMEOUT_MS} ms`)),
              SEND_TIMEOUT_MS,
            );
          }),
        ]);
      } catch (e) {
        this.opts.log?.(`Could not send notification ${eventType}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        clearTimeout(timer);
      }
    });
    return this.chain;
  }

  /** instance.<action>.<phase> from compute host `host`. `afterCast`: Nova sends it after casting the next step
   * to another host (resize_prep.end, resize.end), so it may reach the bus after that host's first notification;
   * under the `jitter` profile it is sent 0-30 ms late, letting that race happen. */
  instanceAction(
    inst: Instance,
    mappings: readonly ShareMapping[],
    action: MoveAction,
    phase: Phase,
    host: string,
    rc: RequestContext,
    opts: { newFlavor?: Flavor; afterCast?: boolean } = {},
  ): Promise<void> {
    const newFlavor = opts.newFlavor;
    if (action === "resize_finish" && this.opts.faults.active("resize-finish-notification-missing")) {
      return Promise.resolve();
    }
    const payload =
      action === "resize_prep" && newFlavor
        ? resizePrepPayload(inst, mappings, this.ctx(rc), newFlavor)
        : instanceActionPayload(inst, mappings, this.ctx(rc));
    const event = `instance.${action}.${phase}`;
    if (opts.afterCast && this.opts.faults.active("jitter")) {
      const late = new Promise<void>((r) => setTimeout(r, Math.random() * 30)).then(() =>
        this.send(`nova-compute:${host}`, event, payload, rc),
      );
      this.deferred.add(late);
      void late.finally(() => this.deferred.delete(late));
      return Promise.resolve();
    }
    return this.send(`nova-compute:${host}`, event, payload, rc);
  }

  /** instance.share_attach|share_detach.<phase> for one share (allow_share / deny_share). */
  shareAction(
    inst: Instance,
    mappings: readonly ShareMapping[],
    action: "share_attach" | "share_detach",
    phase: Phase,
    shareId: string,
    rc: RequestContext,
  ): Promise<void> {
    const payload = shareActionPayload(inst, mappings, this.ctx(rc), shareId);
    return this.send(`nova-api:${inst.host ?? ""}`, `instance.${action}.${phase}`, payload, rc);
  }

  /** Waits for queued sends, then closes the connection. */
  async close(): Promise<void> {
    await Promise.all(this.deferred);
    await this.chain;
    await this.pub.close();
  }
}
