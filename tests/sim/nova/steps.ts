// Narrative steps for the simulated Nova's tests: boot, stop, attach a share, migrate, confirm, revert — each
// waiting on the observable state, as a client would.

import { expect } from "chai";
import type { ShareView } from "../../../sim/contracts.js";
import { DEMO, type Harness, IMAGE, until } from "./fakes.js";

export type Server = Record<string, unknown>;

export async function show(h: Harness, id: string, token = "admin"): Promise<Server> {
  const r = await h.call("GET", `/v2.1/servers/${id}`, { token });
  expect(r.status, `GET server ${id}: ${JSON.stringify(r.body)}`).to.equal(200);
  return r.json.server as Server;
}

export async function waitStatus(h: Harness, id: string, status: string): Promise<Server> {
  return until(
    () => show(h, id),
    (s) => s.status === status && s["OS-EXT-STS:task_state"] === null,
    `server ${id} ${status}`,
  );
}

export async function boot(h: Harness, token = "demo"): Promise<string> {
  const r = await h.call("POST", "/v2.1/servers", {
    token,
    body: { server: { name: "vm", imageRef: IMAGE, flavorRef: "1", networks: "auto" } },
  });
  expect(r.status, JSON.stringify(r.body)).to.equal(202);
  const id = String((r.json.server as Server).id);
  await waitStatus(h, id, "ACTIVE");
  return id;
}

export async function action(h: Harness, id: string, body: unknown, token = "admin", version?: string) {
  return h.call("POST", `/v2.1/servers/${id}/action`, { token, body, version });
}

export async function stop(h: Harness, id: string): Promise<void> {
  expect((await action(h, id, { "os-stop": null })).status).to.equal(202);
  await waitStatus(h, id, "SHUTOFF");
}

export async function start(h: Harness, id: string): Promise<void> {
  expect((await action(h, id, { "os-start": null })).status).to.equal(202);
  await waitStatus(h, id, "ACTIVE");
}

export async function shareStatus(h: Harness, id: string, shareId: string): Promise<string | undefined> {
  const r = await h.call("GET", `/v2.1/servers/${id}/shares/${shareId}`, { token: "admin" });
  return r.status === 200 ? String((r.json.share as Server).status) : undefined;
}

/** A stopped server with an attached (inactive) share; optionally started again (active). */
export async function serverWithShare(
  h: Harness,
  opts: { running: boolean; proto?: "NFS" | "CEPHFS"; tag?: string },
): Promise<{ id: string; share: ShareView }> {
  const id = await boot(h);
  await stop(h, id);
  const share = h.shares.addShare({ projectId: DEMO, proto: opts.proto ?? "NFS" });
  const r = await h.call("POST", `/v2.1/servers/${id}/shares`, {
    body: { share: { share_id: share.id, ...(opts.tag ? { tag: opts.tag } : {}) } },
  });
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  await until(
    () => shareStatus(h, id, share.id),
    (s) => s === "inactive",
    "share inactive",
  );
  if (opts.running) {
    await start(h, id);
    expect(await shareStatus(h, id, share.id)).to.equal("active");
  }
  return { id, share };
}

export async function migration(h: Harness, id: string): Promise<Server> {
  const r = await h.call("GET", `/v2.1/os-migrations?instance_uuid=${id}`, { token: "admin", version: "2.80" });
  const list = r.json.migrations as Server[];
  expect(list, "migrations").to.have.length.greaterThan(0);
  return list[0]!;
}

export function hostOf(s: Server): string {
  return String(s["OS-EXT-SRV-ATTR:host"]);
}
