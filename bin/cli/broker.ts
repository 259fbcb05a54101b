// The message bus of an embedded run: a private RabbitMQ (sim/notifications/broker.ts, ~6 s to start) the embedded
// cloud publishes Nova's versioned notifications to and the suite's notification layer listens on. One broker per
// `vftest run` (parallel workers share it: each binds its own queue), stopped when the run ends; or a broker someone
// else runs, named by VFTEST_NOTIFICATIONS_URL (the selftest and CI start one for many runs). When there is none,
// the layer is reported as not checked with the reason — except in CI (CI=true), where a missing broker is an error.

import { UsageError } from "../../lib/runner/errors.js";
import { brokerAvailable, RABBITMQ_SERVER, startBroker } from "../../sim/notifications/broker.js";

export const NOT_INSTALLED = "not checked: rabbitmq-server not installed (apt-get install rabbitmq-server)";
export const SHARED_BROKER_ENV = "VFTEST_NOTIFICATIONS_URL";

export interface RunBroker {
  /** amqp://… the cloud publishes to and the suite listens on; undefined: the layer is not checked. */
  url?: string;
  /** Why the layer is not checked (url undefined). */
  notChecked?: string;
  /** How the broker came to be, for the run's banner. */
  describe: string;
  /** Stops a broker this process started (no-op otherwise); safe to call twice. */
  stop(): Promise<void>;
}

const none = (notChecked: string, describe: string): RunBroker => ({ notChecked, describe, stop: async () => {} });

/**
 * `wanted`: true (--notifications: a broker or an error), false (--no-notifications), undefined (default: a broker
 * when rabbitmq-server is installed).
 */
export async function brokerForRun(
  wanted: boolean | undefined,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<RunBroker> {
  if (wanted === false) return none("not checked: --no-notifications", "notifications off (--no-notifications)");
  const shared = env[SHARED_BROKER_ENV];
  if (shared) return { url: shared, describe: `notifications via ${SHARED_BROKER_ENV}`, stop: async () => {} };
  if (!brokerAvailable()) {
    if (wanted || env.CI === "true") {
      throw new UsageError(
        `${wanted ? "--notifications" : "CI=true"}: the notification layer needs a RabbitMQ broker and ` +
          `${RABBITMQ_SERVER} is not installed: apt-get install -y --no-install-recommends rabbitmq-server, ` +
          `set ${SHARED_BROKER_ENV} to a broker's amqp:// URL, or pass --no-notifications`,
      );
    }
    return none(NOT_INSTALLED, "notifications not checked (rabbitmq-server not installed)");
  }
  const b = await startBroker({ log });
  // The broker runs in its own process group (Ctrl-C in a terminal does not reach it): stop it when this process
  // exits without reaching stop() (a second Ctrl-C, process.exit), and on a signal nobody else handles yet (while
  // the cloud starts; once the runner watches signals, the run ends normally and stop() runs).
  const onExit = () => b.stopNow();
  const onSignal = (sig: NodeJS.Signals) => {
    if (process.listenerCount(sig) > 1) return;
    b.stopNow();
    process.exit(sig === "SIGINT" ? 130 : 143);
  };
  process.once("exit", onExit);
  // First in line, so it still sees the handlers that remove themselves when called (sim start's nextSignal).
  process.prependListener("SIGINT", onSignal);
  process.prependListener("SIGTERM", onSignal);
  return {
    url: b.url,
    describe: `notifications via a private RabbitMQ on 127.0.0.1:${b.port} (started in ${b.startMs} ms)`,
    stop: async () => {
      process.off("exit", onExit);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await b.stop();
    },
  };
}

/** `vftest sim start --notifications [url]`: a URL uses that broker; the bare flag starts a private one. */
export async function brokerForSim(
  flag: string | boolean | undefined,
  log: (line: string) => void,
): Promise<RunBroker> {
  if (flag === undefined || flag === false) return none("not checked: started without --notifications", "");
  if (typeof flag === "string")
    return { url: flag, describe: "notifications to the given broker", stop: async () => {} };
  return brokerForRun(true, {}, log);
}
