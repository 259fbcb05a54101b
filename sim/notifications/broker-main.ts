// A private RabbitMQ for a developer or a CI job, until Ctrl-C / SIGTERM:
//   npx tsx sim/notifications/broker-main.ts > broker.env &   ...   . ./broker.env; kill $VFTEST_BROKER_PID
// prints VFTEST_NOTIFICATIONS_URL=amqp://vftest:<password>@127.0.0.1:<port>/vftest (a secret: the file is for this
// machine only) and VFTEST_BROKER_PID (signal that process: npx does not pass SIGTERM on), then the start time
// and memory on stderr. The URL goes into notifications.transport_url (vftest)
// and into the embedded cloud's notifications option.

import { startBroker } from "./broker.js";

try {
  const broker = await startBroker({ log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`VFTEST_NOTIFICATIONS_URL=${broker.url}\nVFTEST_BROKER_PID=${process.pid}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    broker.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`stopping rabbitmq-server: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
