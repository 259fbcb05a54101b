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
  await waits(t).serverStatus(server.id, "SHUTOFF", { requestId });
  return server;
}

/**
 * Rebuild of a server with shares stays blocked by the spec. Nova's `_rebuild` does not catch ForbiddenWithShare, so
 * the refusal arrives as HTTP 500 rather than 409: assert the refusal (any 4xx/5xx), report the status seen, and
 * check the server was left as it was (status, image, no task).
 */
export async function expectRebuildRefused(t: TestScope, server: ServerFixture): Promise<void> {
  const before = await t.env.admin.servers.showServer(server.id);
  let status: number | undefined;
  let message = "";
  try {
    await t.env.member.servers.rebuildServer(server.id, t.config.compute.image_ref);
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    status = e.status;
    message = e.cloudMessage ?? "";
  }
  expect(status, `rebuild of server ${server.id} with shares was accepted; the spec keeps rebuild blocked`).to.not.be
    .undefined;
  expect(
    status!,
    `rebuild of server ${server.id}: refused with HTTP ${status}, expected an error status`,
  ).to.be.at.least(400);
  t.log(`rebuild of a server with shares refused with HTTP ${status}: ${message}`);
  const after = await t.env.admin.servers.showServer(server.id);
  const state = (s: typeof after) => `${s.status}/${s["OS-EXT-STS:task_state"] ?? "None"} image ${imageOf(s)}`;
  expect(state(after), `server ${server.id} changed after the refused rebuild`).to.equal(state(before));
  t.checked("api", `rebuild refused (HTTP ${status}), server unchanged`, { server: server.id });
}

function imageOf(s: { image?: unknown }): string {
  const img = s.image;
  return typeof img === "object" && img !== null && "id" in img ? String((img as { id: unknown }).id) : String(img);
}

/** Runs every expectation, then fails with all their messages (one per line) if any failed. */
export async function expectAll(checks: (() => Promise<unknown>)[]): Promise<void> {
  const failures: string[] = [];
  for (const c of checks) {
    try {
      await c();
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      failures.push(e.message);
    }
  }
  if (failures.length > 0) throw new Error(failures.join("\n"));
}
