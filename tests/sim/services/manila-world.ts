// The sim Manila behind a Keystone on one HTTP server, with an admin and a member ("demo") token and the helpers the
// Manila simulator tests share: the API at a microversion, an available share, rule states and resource locks.

import { expect } from "chai";
import { Faults } from "../../../sim/faults.js";
import { createKeystone } from "../../../sim/services/keystone.js";
import { createManila } from "../../../sim/services/manila.js";
import { call, fastTiming, type Json, login, serve, type TestServer, tempDir, until } from "./helpers.js";

export const MV = { "X-OpenStack-Manila-API-Version": "2.82" };

export interface ManilaWorld {
  readonly faults: Faults;
  readonly tmp: ReturnType<typeof tempDir>;
  ks: ReturnType<typeof createKeystone>;
  manila: ReturnType<typeof createManila>;
  url: string;
  admin: string;
  demo: string;
  api(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): ReturnType<typeof call>;
  availableShare(proto?: string, token?: string): Promise<Json>;
  ruleState(ruleId: string, token?: string): Promise<unknown>;
  waitRule(ruleId: string, state: string): Promise<unknown>;
  waitGone(ruleId: string): Promise<unknown>;
  locksOf(resourceId: string): Promise<Json[]>;
  /** Nova's grant of `accessTo` through the backend (locked rule, as _grant_share_access asks for it). */
  novaGrant(shareId: string, accessTo?: string): ReturnType<ReturnType<typeof createManila>["backend"]["allowAccess"]>;
}

/** Registers the mocha hooks that start and stop the world; its fields are set once `before` ran. */
export function manilaWorld(): ManilaWorld {
  let srv: TestServer;
  const w = {
    faults: new Faults(),
    tmp: tempDir(),
    url: "",
    admin: "",
    demo: "",
    api: (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = MV) =>
      call(`${w.url}/share/v2${path}`, method, { token, body, headers }),
    async availableShare(proto = "NFS", token = w.demo): Promise<Json> {
      const r = await w.api("POST", "/shares", token, { share: { share_proto: proto, size: 1, name: `s-${proto}` } });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      const id = String((r.body.share as Json).id);
      return until(`share ${id} available`, async () => {
        const s = (await w.api("GET", `/shares/${id}`, token)).body.share as Json;
        return s.status === "available" ? s : undefined;
      });
    },
    ruleState: async (ruleId: string, token = w.admin) =>
      ((await w.api("GET", `/share-access-rules/${ruleId}`, token)).body.access as Json | undefined)?.state,
    waitRule: (ruleId: string, state: string) =>
      until(`rule ${ruleId} ${state}`, async () => ((await w.ruleState(ruleId)) === state ? true : undefined)),
    waitGone: (ruleId: string) =>
      until(`rule ${ruleId} gone`, async () =>
        (await w.api("GET", `/share-access-rules/${ruleId}`, w.admin)).status === 404 ? true : undefined,
      ),
    locksOf: async (resourceId: string) =>
      (await w.api("GET", `/resource-locks?resource_id=${resourceId}&all_tenants=1`, w.admin)).body
        .resource_locks as Json[],
    novaGrant: (shareId: string, accessTo = "127.0.3.1") =>
      w.manila.backend.allowAccess(shareId, {
        accessType: "ip",
        accessTo,
        accessLevel: "rw",
        lockVisibility: true,
        lockDeletion: true,
        lockReason: "Lock by nova",
      }),
  } as ManilaWorld;

  before(async () => {
    w.ks = createKeystone({ baseUrl: () => w.url, region: "RegionOne" });
    w.ks.backend.seedUser({
      name: "admin",
      password: "secretadmin",
      project: "admin",
      roles: ["admin", "member", "reader"],
    });
    w.ks.backend.seedUser({ name: "demo", password: "secretdemo", project: "demo", roles: ["member", "reader"] });
    w.manila = createManila({ identity: w.ks.backend, faults: w.faults, timing: fastTiming, dataDir: w.tmp.dir });
    srv = await serve(
      () => [w.ks.mount, w.manila.mount],
      () => w.ks.backend,
    );
    w.url = srv.url;
    w.admin = await login(w.url, "admin", "secretadmin", "admin");
    w.demo = await login(w.url, "demo", "secretdemo", "demo");
  });
  after(async () => {
    await srv.close();
    w.tmp.remove();
  });
  afterEach(() => w.faults.setPerTest([]));
  return w;
}
