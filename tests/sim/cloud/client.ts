// A tiny fetch-based client for the simulator's end-to-end tests (sim tests must not import lib/).

import { expect } from "chai";
import type { CloudHandle } from "../../../sim/cloud.js";

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export interface Session {
  token: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

export async function login(cloud: CloudHandle, who: "admin" | "member", version = "2.105"): Promise<Session> {
  const c = cloud[who];
  const r = await fetch(`${cloud.authUrl}/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: c.username, password: c.password, domain: { name: "Default" } } },
        },
        scope: { project: { name: c.projectName, domain: { name: "Default" } } },
      },
    }),
  });
  expect(r.status, `keystone login as ${c.username}`).to.equal(201);
  const token = r.headers.get("x-subject-token") ?? "";
  return {
    token,
    async call(method, path, body, headers = {}) {
      const res = await fetch(`${cloud.url}${path}`, {
        method,
        headers: {
          "x-auth-token": token,
          "content-type": "application/json",
          "x-openstack-nova-api-version": version,
          "x-openstack-manila-api-version": "2.82",
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        headers: res.headers,
      };
    },
  };
}

export async function poll<T>(get: () => Promise<T>, pred: (v: T) => boolean, what: string, ms = 20000): Promise<T> {
  const start = Date.now();
  let last = await get();
  while (!pred(last)) {
    if (Date.now() - start > ms)
      throw new Error(`timed out after ${ms}ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 10));
    last = await get();
  }
  return last;
}

export type Server = Record<string, unknown>;

export async function server(s: Session, id: string): Promise<Server> {
  const r = await s.call("GET", `/compute/v2.1/servers/${id}`);
  expect(r.status, `GET server ${id}`).to.equal(200);
  return r.body.server as Server;
}

export function waitServer(s: Session, id: string, status: string): Promise<Server> {
  return poll(
    () => server(s, id),
    (x) => x.status === status && x["OS-EXT-STS:task_state"] === null,
    `server ${id} ${status}`,
  );
}

export async function action(s: Session, id: string, body: unknown): Promise<Reply> {
  return s.call("POST", `/compute/v2.1/servers/${id}/action`, body);
}
