// Test doubles for the QEMU guest backend: a fake compute host whose one domain exports temp dirs by tag,
// fault switches, and an ssh2 exec helper.

import * as fs from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import ssh2 from "ssh2";
import type { ComputeHost, DomainSpec, FaultSwitch } from "../../../sim/contracts.js";
import { sshExec as hostSshExec } from "../hosts/fakes.js";

const { utils } = ssh2;

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(join(os.tmpdir(), `vftest-${prefix}-`));
}

export function fakeFaults(active: string[] = []): FaultSwitch & { active: (n: string) => boolean; on: string[] } {
  const counts = new Map<string, number>();
  const sw = {
    on: active,
    active: (name: string) => sw.on.includes(name),
    fireOnce: (name: string, key: string, times: number) => {
      if (!sw.on.includes(name)) return false;
      const k = `${name}/${key}`;
      const n = counts.get(k) ?? 0;
      counts.set(k, n + 1);
      return n < times;
    },
  };
  return sw;
}

/** What each tag resolves to: a directory (optionally read-only) or an error. */
export type TagTarget = { dir: string; readOnly?: boolean } | { error: string };

/** A compute host with one domain whose <filesystem> devices resolve through `tags` (mutable: a "migration"). */
export function fakeHost(name: string, instanceName: string, tags: Map<string, TagTarget>): ComputeHost {
  const domain = (): DomainSpec => ({
    instanceName,
    uuid: "00000000-0000-0000-0000-000000000001",
    state: "running",
    memoryMb: 256,
    vcpus: 1,
    filesystems: [...tags.keys()].map((tag) => ({ tag, sourceDir: `/opt/stack/data/nova/mnt/${tag}` })),
  });
  const unused = (): never => {
    throw new Error("not used by the qemu guest tests");
  };
  return {
    name,
    storageIp: "127.0.3.1",
    ctlplaneIp: "127.0.1.1",
    mountPointBase: "/opt/stack/data/nova/mnt",
    up: true,
    serviceVersion: 74,
    mountShare: unused,
    unmountShare: unused,
    mountPathFor: unused,
    mounts: () => [],
    defineDomain: unused,
    undefineDomain: unused,
    domain: (n) => (n === instanceName ? domain() : undefined),
    domains: () => [domain()],
    domainXml: () => undefined,
    resolveVirtiofs: (n, tag) => {
      const t = n === instanceName ? tags.get(tag) : undefined;
      if (!t) return { error: `no <filesystem> with target ${tag}` };
      return "error" in t ? t : { dir: t.dir, readOnly: t.readOnly ?? false };
    },
  };
}

export function keyPair(): { private: string; public: string } {
  for (let i = 0; i < 50; i++) {
    const pair = utils.generateKeyPairSync("ed25519");
    if (!(utils.parseKey(pair.private) instanceof Error)) return pair;
  }
  throw new Error("could not generate a parseable ed25519 key pair");
}

export interface ExecOut {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** One SSH exec against a real guest (the hosts' test helper). The handshake may wait for the whole boot: start()
 * returns once QEMU runs and the SSH front holds the connection until the guest answers (minutes on a loaded machine). */
export function sshExec(
  to: { host: string; port: number; privateKey: string; username?: string },
  command: string,
): Promise<ExecOut> {
  return hostSshExec({ ...to, username: to.username ?? "root", readyTimeoutMs: 120_000 }, command);
}

export async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof Error ? `${err.message} ${(err as NodeJS.ErrnoException).code ?? ""}` : String(err);
  }
  return "(no error)";
}
