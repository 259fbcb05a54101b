// Small helpers shared by the API tests.

import { expect } from "chai";
import { HttpError } from "../../lib/clients/errors.js";
import { createServer, type ServerFixture, type TestScope, waits } from "../../lib/fixtures/index.js";

/** Runs `call` and expects an HTTP error with `status` whose cloud message contains `message`. */
export async function expectHttpError(
  call: () => Promise<unknown>,
  status: number,
  message: string | RegExp,
  what = "",
): Promise<HttpError> {
  let result: unknown;
  try {
    result = await call();
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    expect(e.status, `${what ? `${what}: ` : ""}expected HTTP ${status}, got ${e.message}`).to.equal(status);
    const label = `${what ? `${what}: ` : ""}HTTP ${status} message`;
    if (typeof message === "string") expect(e.cloudMessage, label).to.include(message);
    else expect(e.cloudMessage, label).to.match(message);
    return e;
  }
  expect.fail(
    `${what ? `${what}: ` : ""}expected HTTP ${status} (${message}), but the call succeeded: ${JSON.stringify(result)?.slice(0, 300)}`,
  );
}

export async function stoppedServer(t: TestScope): Promise<ServerFixture> {
  const server = await createServer(t);
  const { requestId } = await t.env.member.servers.stopServer(server.id);
  await waits(t).serverStatus(server.id, "SHUTOFF", requestId);
  return server;
}
