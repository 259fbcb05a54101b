// The embedded cloud's notifier without a broker: a bad or unreachable transport URL is one clear error that
// names the broker and hides the password (no RabbitMQ needed).

import net from "node:net";
import { expect } from "chai";
import { checkFaultNames, FAULT_PROFILES, Faults } from "../../sim/faults.js";
import { connectNotifier } from "../../sim/notifications/connect.js";

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function rejection(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, "must fail").to.be.instanceOf(Error);
  return (e as Error).message;
}

describe("sim notifier: connection errors", () => {
  const faults = new Faults([]);
  const log = () => {};

  it("an unreachable broker names it, password masked", async () => {
    const port = await closedPort();
    const msg = await rejection(connectNotifier({ url: `amqp://nova:hunter2@127.0.0.1:${port}/`, faults, log }));
    expect(msg).to.include(`cannot connect to the notification broker amqp://nova:***@127.0.0.1:${port}/`);
    expect(msg).to.not.include("hunter2");
  });

  it("a URL that is not amqp:// or rabbit:// is refused before connecting", async () => {
    const msg = await rejection(connectNotifier({ url: "http://nova:hunter2@127.0.0.1:1/", faults, log }));
    expect(msg).to.include("must start with amqp:// or rabbit://").and.not.include("hunter2");
  });

  it("the notification fault profiles are in the fault registry", () => {
    const names = ["move-emits-share-notifications", "resize-finish-notification-missing"];
    names.push("notification-payload-without-shares");
    expect(FAULT_PROFILES.map((f) => f.name)).to.include.members(names);
    expect(() => checkFaultNames(names)).to.not.throw();
  });
});
