// Test doubles shared by the host and guest tests: a ShareBackend over temp dirs and an ssh2 exec helper.

import * as fs from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import ssh2 from "ssh2";
import type { AccessRuleView, FaultSwitch, ShareBackend, ShareView, Timing } from "../../../sim/contracts.js";

const { Client } = ssh2;

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(join(os.tmpdir(), `vftest-${prefix}-`));
}

interface FakeShare {
  id: string;
  dir: string;
  exportLocation: string;
  allowed: Map<string, "rw" | "ro">; // NFS client ip or cephx user -> level
}

/** Exports -> temp dirs; access is a set of client IPs (or cephx users) per share. */
export class FakeShares implements ShareBackend {
  readonly shares = new Map<string, FakeShare>();

  constructor(private readonly root: string) {}

  add(id: string): FakeShare {
    const dir = join(this.root, id);
    fs.mkdirSync(dir, { recursive: true });
    const share = { id, dir, exportLocation: `127.0.4.1:/shares/share-${id}`, allowed: new Map() };
    this.shares.set(id, share);
    return share;
  }

  grant(id: string, ip: string, level: "rw" | "ro" = "rw"): void {
    this.shares.get(id)?.allowed.set(ip, level);
  }

  revoke(id: string, ip: string): void {
    this.shares.get(id)?.allowed.delete(ip);
  }

  getShare(shareId: string): ShareView | undefined {
    const s = this.shares.get(shareId);
    return s && { id: s.id, projectId: "p", status: "available", proto: "NFS", exportLocation: s.exportLocation };
  }

  listAccess(): AccessRuleView[] {
    return [];
  }

  allowAccess(): AccessRuleView {
    throw new Error("not used by these tests");
  }

  denyAccess(): void {}

  resolveExport(exportLocation: string, client: { ip: string; cephxUser?: string }) {
    const s = [...this.shares.values()].find((x) => x.exportLocation === exportLocation);
    if (!s) return { error: `no such export ${exportLocation}` };
    const level = s.allowed.get(client.ip) ?? (client.cephxUser ? s.allowed.get(client.cephxUser) : undefined);
    if (!level) return { error: `access denied for ${client.ip}` };
    return { dir: s.dir, shareId: s.id, readOnly: level === "ro" };
  }
}

export function fakeFaults(active: string[] = []): FaultSwitch {
  const counts = new Map<string, number>();
  return {
    active: (name) => active.includes(name),
    fireOnce: (name, key, times) => {
      if (!active.includes(name)) return false;
      const k = `${name}/${key}`;
      const n = counts.get(k) ?? 0;
      counts.set(k, n + 1);
      return n < times;
    },
  };
}

export const noDelay: Timing = { delay: async () => {} };

export interface SshResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  privateKey: string;
  /** Handshake timeout; real guests booting under TCG need longer than the emulated ones. Default 10 s. */
  readyTimeoutMs?: number;
}

/** One connection, one exec; rejects with the connection error (refused, auth failure, reset). */
export function sshExec(target: SshTarget, command: string, stdin?: string): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    const conn = new Client();
    conn
      .on("ready", () => {
        conn.exec(command, (err, stream) => {
          if (err) {
            conn.end();
            reject(err);
            return;
          }
          let stdout = "";
          let stderr = "";
          let code: number | null = null;
          stream.on("data", (d: Buffer) => {
            stdout += d.toString("utf8");
          });
          stream.stderr.on("data", (d: Buffer) => {
            stderr += d.toString("utf8");
          });
          stream.on("exit", (c: number | null) => {
            code = c;
          });
          stream.on("close", () => {
            conn.end();
            resolve({ stdout, stderr, code });
          });
          if (stdin !== undefined) stream.end(stdin);
        });
      })
      .on("error", reject)
      .connect({
        host: target.host,
        port: target.port,
        username: target.username,
        privateKey: target.privateKey,
        readyTimeout: target.readyTimeoutMs ?? 10000,
        hostVerifier: () => true,
      });
  });
}

/** The error text a promise rejects with, or "resolved". */
export async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return String(e);
  }
}
