// The Nova test harness: the simulated Nova wired to the in-test fakes of fake-rooms.ts, so the compute API and its
// state machines are tested on their own, plus a polling helper.

import { randomUUID } from "node:crypto";
import { Faults } from "../../../sim/faults.js";
import type { SimRequest, SimResponse } from "../../../sim/http/router.js";
import { createNova, type Nova, type NovaDeps } from "../../../sim/nova/index.js";
import { createTiming } from "../../../sim/timing.js";
import { FakeGuests, FakeHost, FakeIdentity, FakeShares } from "./fake-rooms.js";

export { FakeGuests, FakeHost, FakeIdentity, FakeShares } from "./fake-rooms.js";

export const IMAGE = "11111111-1111-1111-1111-111111111111";
export const DEMO = "0123456789abcdef0123456789abcdef";
export const ADMIN_PROJECT = "fedcba9876543210fedcba9876543210";

export interface Harness {
  nova: Nova;
  shares: FakeShares;
  hosts: FakeHost[];
  guests: FakeGuests;
  identity: FakeIdentity;
  faults: Faults;
  call(method: string, path: string, opts?: CallOpts): Promise<SimResponse & { json: Record<string, unknown> }>;
}

export interface CallOpts {
  token?: string | null;
  version?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export function harness(
  opts: {
    hosts?: number;
    release?: NovaDeps["release"];
    faults?: string[];
    allowResizeToSameHost?: boolean;
    notifier?: NovaDeps["notifier"];
    /** Per-step latencies (ms) overriding the 1 ms default, e.g. {"migrate.late-cleanup": 300}. */
    perStep?: Record<string, number>;
  } = {},
): Harness {
  const shares = new FakeShares();
  const faults = new Faults(opts.faults ?? []);
  const hosts = Array.from(
    { length: opts.hosts ?? 2 },
    (_, i) => new FakeHost(`compute${i + 1}`, `127.0.3.${i + 1}`, `127.0.1.${i + 1}`, shares),
  );
  if (opts.release === "2026.1") for (const h of hosts) h.serviceVersion = 73;
  const guests = new FakeGuests();
  const identity = new FakeIdentity();
  identity.add("demo", DEMO, ["member", "reader"]);
  identity.add("admin", ADMIN_PROJECT, ["admin", "member", "reader"]);
  identity.add("reader", DEMO, ["reader"]);
  identity.add("other", "99999999999999999999999999999999", ["member", "reader"]);
  let ipN = 10;
  const nova = createNova({
    identity,
    shares,
    setShareStatus: (id, status) => {
      const s = shares.getShare(id);
      if (s) s.status = status;
    },
    hosts,
    guests,
    images: { imageExists: (id) => id === IMAGE },
    network: {
      allocatePort: (_serverId, _projectId, networkId) => ({
        portId: randomUUID(),
        ip: `127.0.2.${ipN++}`,
        networkId: networkId ?? "net-1",
        networkName: "vftest-net",
        mac: "fa:16:3e:00:00:01",
      }),
      releasePorts: () => {},
    },
    faults,
    timing: createTiming({ baseMs: 1, perStep: opts.perStep, faults }),
    release: opts.release ?? "2026.2",
    allowResizeToSameHost: opts.allowResizeToSameHost,
    notifier: opts.notifier,
  });
  const call: Harness["call"] = async (method, path, o = {}) => {
    const [p, q] = path.split("?");
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.version !== null) {
      headers["x-openstack-nova-api-version"] = o.version ?? (opts.release === "2026.1" ? "2.104" : "2.105");
    }
    const token = o.token === undefined ? "demo" : o.token;
    const req: SimRequest = {
      method,
      path: (p ?? "").replace(/^\/compute/, ""),
      fullPath: p ?? "",
      params: {},
      query: new URLSearchParams(q ?? ""),
      headers,
      body: o.body,
      auth: token ? identity.validate(token) : undefined,
      baseUrl: "http://127.0.0.1:9999/compute",
      requestId: `req-${randomUUID()}`,
    };
    const r = await nova.mount.handle(req);
    return { ...r, json: (r.body ?? {}) as Record<string, unknown> };
  };
  return { nova, shares, hosts, guests, identity, faults, call };
}

/** Polls `get` until `pred` holds (generous timeout; asserts states, not speed). */
export async function until<T>(
  get: () => Promise<T> | T,
  pred: (v: T) => boolean,
  what: string,
  ms = 10000,
): Promise<T> {
  const start = Date.now();
  let last: T = await get();
  while (!pred(last)) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 2));
    last = await get();
  }
  return last;
}
