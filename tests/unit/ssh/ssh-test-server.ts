// A real SSH server on 127.0.0.1 for the RemoteClient tests: public-key auth against one allowed key, and each
// exec request runs locally under `/bin/sh -c` so exit codes, stdout, stderr, stdin and quoting are real.

import { spawn } from "node:child_process";
import { timingSafeEqual } from "node:crypto";
import { type AddressInfo, createServer } from "node:net";
import type { AuthContext, Connection, ParsedKey } from "ssh2";
import ssh2 from "ssh2";
import { generateKeyPair } from "../../../lib/clients/ssh-keys.js";

const { Server, utils } = ssh2;

export interface TestSshServer {
  port: number;
  /** Host public key line ("ssh-ed25519 AAAA..."). */
  hostPublicKey: string;
  close(): Promise<void>;
}

export interface TestSshServerOptions {
  /** authorized_keys line of the only key allowed in. */
  authorizedKey: string;
  /** Host private key (OpenSSH); a fresh one when unset. */
  hostKey?: { private: string; public: string };
  /** Listen on this port (0 = any free port). */
  port?: number;
}

function parsed(line: string): ParsedKey {
  const k = utils.parseKey(line);
  if (k instanceof Error) throw k;
  return k;
}

/** A host key ssh2 can parse (lib's generator retries around ssh2's occasional malformed ed25519 key). */
export function newHostKey(): { private: string; public: string } {
  const k = generateKeyPair("test-host");
  return { private: k.privateKey, public: k.publicKey };
}

export function startTestSshServer(opts: TestSshServerOptions): Promise<TestSshServer> {
  const hostKey = opts.hostKey ?? newHostKey();
  const allowed = parsed(opts.authorizedKey);
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey.private] }, (client: Connection) => {
    connections.add(client);
    client.on("close", () => connections.delete(client));
    client
      .on("authentication", (ctx: AuthContext) => {
        if (ctx.method !== "publickey") return ctx.reject(["publickey"]);
        const same =
          ctx.key.algo === allowed.type &&
          ctx.key.data.length === allowed.getPublicSSH().length &&
          timingSafeEqual(ctx.key.data, allowed.getPublicSSH());
        if (!same) return ctx.reject(["publickey"]);
        if (!ctx.signature || !ctx.blob) return ctx.accept();
        return allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true
          ? ctx.accept()
          : ctx.reject(["publickey"]);
      })
      .on("ready", () => {
        client.on("session", (accept) => {
          const session = accept();
          session.on("exec", (acceptExec, _reject, info) => {
            const channel = acceptExec();
            const child = spawn("/bin/sh", ["-c", info.command], { stdio: ["pipe", "pipe", "pipe"] });
            channel.pipe(child.stdin);
            child.stdout.pipe(channel, { end: false });
            child.stderr.pipe(channel.stderr, { end: false });
            channel.on("close", () => child.kill("SIGKILL"));
            child.on("close", (code, signal) => {
              if (code !== null) channel.exit(code);
              else channel.exit(signal ?? "KILL", false, "");
              channel.end();
            });
          });
        });
      })
      .on("error", () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        port,
        hostPublicKey: hostKey.public,
        close: () =>
          new Promise<void>((r) => {
            for (const c of connections) c.end();
            server.close(() => r());
          }),
      });
    });
  });
}

/** A port nothing listens on right now (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
