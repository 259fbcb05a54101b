// An exec-only SSH daemon (ssh2 Server) that can listen on several loopback addresses at one port. Public-key
// authentication only; each exec runs through `exec`. Sockets are accepted by our own net.Server and handed to
// ssh2 with injectSocket, so a connection can be dropped right after accept (the `ssh-refused` fault) and every
// live connection is cut when the machine stops.

import { timingSafeEqual } from "node:crypto";
import type { AuthContext, Connection, ParsedKey, ServerChannel } from "ssh2";
import ssh2 from "ssh2";
import { AddressListeners } from "./listeners.js";
import type { ExecResult } from "./types.js";

const { Server, utils } = ssh2;

/** Commands wait this long for stdin data when the client sends none and does not close its side. */
const STDIN_IDLE_MS = 25;

export interface SshdOptions {
  hostKey: string;
  /** OpenSSH public key lines allowed to log in (read at every attempt). */
  authorizedKeys: () => readonly string[];
  /** Accepted user names. */
  users: readonly string[];
  exec(command: string, stdin: Buffer): Promise<ExecResult>;
  /** Called on each accepted TCP connection; true = drop it at once. */
  refuse?: () => boolean;
  /** Human name for error messages ("guest 1234", "compute1"). */
  label: string;
}

export class Sshd {
  private readonly server: InstanceType<typeof Server>;
  private readonly endpoints: AddressListeners;

  constructor(private readonly opts: SshdOptions) {
    this.server = new Server({ hostKeys: [opts.hostKey] }, (client: Connection) => this.onClient(client));
    this.endpoints = new AddressListeners({
      label: opts.label,
      refuse: opts.refuse,
      onSocket: (socket) => {
        // OpenSSH writes a command's output, exit status, EOF and close in one write; ssh2 writes each packet on
        // its own, so with Nagle on every exec would stall on the client's delayed ACK (~40 ms), which no real
        // sshd charges.
        socket.setNoDelay(true);
        socket.on("error", () => socket.destroy());
        this.server.injectSocket(socket);
      },
    });
  }

  /** Listens on ip:port (port 0 = any); resolves to the bound port. */
  listen(ip: string, port: number): Promise<number> {
    return this.endpoints.listen(ip, port);
  }

  addresses(): string[] {
    return this.endpoints.addresses();
  }

  /** Stops listening on one address (connections stay). */
  unlisten(ip: string): Promise<void> {
    return this.endpoints.unlisten(ip);
  }

  /** Stops listening everywhere and cuts every live connection. */
  close(): Promise<void> {
    return this.endpoints.close();
  }

  private onClient(client: Connection): void {
    client.on("error", () => {});
    client.on("authentication", (ctx: AuthContext) => this.authenticate(ctx));
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        session.on("pty", (accept) => accept?.());
        session.on("env", (accept) => accept?.());
        session.on("shell", (_accept, reject) => reject?.());
        session.on("exec", (accept, _reject, info) => this.onExec(accept(), info.command));
      });
    });
  }

  private authenticate(ctx: AuthContext): void {
    if (ctx.method !== "publickey" || !this.opts.users.includes(ctx.username)) {
      ctx.reject(["publickey"]);
      return;
    }
    const key = this.opts
      .authorizedKeys()
      .map((line) => utils.parseKey(line))
      .find(
        (k): k is ParsedKey =>
          !(k instanceof Error) &&
          k.type === ctx.key.algo &&
          k.getPublicSSH().length === ctx.key.data.length &&
          timingSafeEqual(k.getPublicSSH(), ctx.key.data),
      );
    if (!key) {
      ctx.reject(["publickey"]);
      return;
    }
    if (!ctx.signature || !ctx.blob) {
      ctx.accept(); // key query: "would this key be accepted?"
      return;
    }
    if (key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) ctx.accept();
    else ctx.reject(["publickey"]);
  }

  private onExec(channel: ServerChannel, command: string): void {
    const chunks: Buffer[] = [];
    let started = false;
    const run = (): void => {
      if (started) return;
      started = true;
      clearTimeout(idle);
      this.opts
        .exec(command, Buffer.concat(chunks))
        .then((r) => {
          if (r.stdout.length) channel.write(r.stdout);
          if (r.stderr.length) channel.stderr.write(r.stderr);
          channel.exit(r.exitCode);
          channel.end();
        })
        .catch((err: unknown) => {
          channel.stderr.write(`${this.opts.label}: internal simulator error: ${String(err)}\n`);
          channel.exit(255);
          channel.end();
        });
    };
    // Clients that never send stdin often never close it either: run after a short quiet spell.
    const idle = setTimeout(run, STDIN_IDLE_MS);
    channel.on("data", (d: Buffer) => {
      chunks.push(d);
      clearTimeout(idle);
    });
    channel.on("end", run);
    channel.on("error", () => {});
  }
}
