// RemoteClient: run commands on a guest (or host) over SSH with ssh2.
// One connection per client, reused across exec calls and re-opened when it drops. Connecting retries with
// exponential backoff until `sshTimeoutMs` (guests take a while to boot); only a rejected host key stops the
// retries at once. Commands are `Command`s or argv arrays (see ssh-quote.ts), never concatenated strings.

import type { ClientChannel, ConnectConfig, Client as Ssh2Client } from "ssh2";
import ssh2 from "ssh2";
import { formatDuration } from "./duration.js";
import { SshCommandError, SshError } from "./errors.js";
import { loadPrivateKeyFile, validatePrivateKey } from "./ssh-keys.js";
import { verifyHostKey } from "./ssh-known-hosts.js";
import { type Command, toCommand } from "./ssh-quote.js";
import type { ExecOptions, ExecResult, RemoteClientOptions } from "./ssh-types.js";

const { Client } = ssh2;

export type { ExecOptions, ExecResult, LogFn, RemoteClientOptions } from "./ssh-types.js";

/** A rejected host key: retrying cannot help, so connect() stops at once. */
class HostKeyRejected extends SshError {
  override name = "HostKeyRejected";
}

class ChannelOpenFailed extends SshError {
  override name = "ChannelOpenFailed";
}

const MAX_COMMAND_IN_MESSAGE = 500;

function shorten(text: string): string {
  return text.length > MAX_COMMAND_IN_MESSAGE
    ? `${text.slice(0, MAX_COMMAND_IN_MESSAGE)}... (${text.length} chars)`
    : text;
}

/** A short, secret-free description of a connect failure: the errno code, or the ssh2 message with a hint. */
function describeConnectError(e: unknown, username: string): string {
  if (!(e instanceof Error)) return String(e);
  const err = e as Error & { code?: string; level?: string };
  if (err.code && /^E[A-Z]+$/.test(err.code)) return err.code;
  if (err.level === "client-authentication") {
    return `authentication failed for user ${username} (${err.message}); check that the keypair's public key is in the guest's authorized_keys and that the user name is right`;
  }
  return err.message;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class RemoteClient {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  /** `user@host:port`, used in every message. */
  readonly where: string;
  private readonly opts: RemoteClientOptions;
  private readonly key: string | Buffer;
  private conn?: Promise<Ssh2Client>;

  constructor(opts: RemoteClientOptions) {
    this.opts = opts;
    this.host = opts.host;
    this.port = opts.port ?? 22;
    this.username = opts.username;
    this.where = `${opts.username}@${opts.host}:${this.port}`;
    if (opts.privateKey !== undefined) {
      validatePrivateKey(opts.privateKey, "inline key");
      this.key = opts.privateKey;
    } else if (opts.privateKeyPath !== undefined) {
      this.key = loadPrivateKeyFile(opts.privateKeyPath);
    } else {
      throw new SshError(`ssh ${this.where}: no private key given (set privateKey or privateKeyPath)`);
    }
    const policy = opts.hostKeyPolicy ?? "accept-new";
    if (policy !== "insecure" && !opts.knownHostsPath) {
      throw new SshError(`ssh ${this.where}: host key policy "${policy}" needs knownHostsPath`);
    }
  }

  private log(line: string): void {
    this.opts.log?.(`${this.opts.label ? `[${this.opts.label}] ` : ""}ssh ${this.where}: ${line}`);
  }

  /** Open (or reuse) the connection, retrying until sshTimeoutMs. */
  async connect(): Promise<void> {
    await this.connection();
  }

  private connection(): Promise<Ssh2Client> {
    if (!this.conn) {
      const p = this.connectWithRetries();
      this.conn = p;
      p.catch(() => {
        if (this.conn === p) this.conn = undefined;
      });
    }
    return this.conn;
  }

  private async connectWithRetries(): Promise<Ssh2Client> {
    const sshTimeoutMs = this.opts.sshTimeoutMs ?? 300_000;
    const start = Date.now();
    const deadline = start + sshTimeoutMs;
    let delay = this.opts.backoffInitialMs ?? 500;
    const maxDelay = this.opts.backoffMaxMs ?? 10_000;
    for (let attempt = 1; ; attempt++) {
      const attemptTimeout = Math.max(500, Math.min(this.opts.connectTimeoutMs ?? 10_000, deadline - Date.now()));
      try {
        const c = await this.connectOnce(attemptTimeout);
        this.log(`connected (attempt ${attempt}, after ${formatDuration(Date.now() - start)})`);
        return c;
      } catch (e) {
        if (e instanceof HostKeyRejected) throw e;
        const cause = describeConnectError(e, this.username);
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          throw new SshError(
            `ssh ${this.where}: could not connect within ${formatDuration(sshTimeoutMs)} after ${attempt} attempts; last error: ${cause}`,
          );
        }
        const pause = Math.min(delay, remaining);
        this.log(`attempt ${attempt} failed: ${cause}; retrying in ${formatDuration(pause)}`);
        await sleep(pause);
        delay = Math.min(delay * 2, maxDelay);
      }
    }
  }

  private connectOnce(readyTimeout: number): Promise<Ssh2Client> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      let hostKeyProblem: string | undefined;
      let ready = false;
      const config: ConnectConfig = {
        host: this.host,
        port: this.port,
        username: this.username,
        privateKey: this.key,
        readyTimeout,
        keepaliveInterval: 15_000,
        hostVerifier: (blob: Buffer): boolean => {
          const v = verifyHostKey(
            this.opts.hostKeyPolicy ?? "accept-new",
            this.opts.knownHostsPath,
            this.host,
            this.port,
            blob,
          );
          if (v.ok) {
            if (v.recorded) this.log(`recorded new host key ${v.presented} in ${this.opts.knownHostsPath}`);
            if (this.opts.hostKeyPolicy === "insecure")
              this.log(`host key ${v.presented} NOT verified (policy insecure)`);
            return true;
          }
          hostKeyProblem = v.reason;
          return false;
        },
      };
      client
        .on("ready", () => {
          ready = true;
          resolve(client);
        })
        .on("error", (err: Error) => {
          if (!ready) {
            client.end();
            reject(hostKeyProblem ? new HostKeyRejected(`ssh ${this.where}: ${hostKeyProblem}`) : err);
            return;
          }
          this.log(`connection error: ${err.message}`);
          this.dropConnection(client);
        })
        .on("close", () => {
          if (!ready) reject(new Error("connection closed before the SSH handshake completed"));
          else this.dropConnection(client);
        });
      try {
        client.connect(config);
        // TCP_NODELAY from the first byte (Node applies it as the socket connects): with Nagle on, two small packets
        // sent back to back wait for the peer's delayed ACK (~40 ms on Linux): in the key exchange (once per
        // connection), and on every exec (channel close then the next open, exec then EOF).
        client.setNoDelay(true);
      } catch (e) {
        reject(e);
      }
    });
  }

  /** Forget `client` if it is the cached connection, so the next exec reconnects. */
  private dropConnection(client: Ssh2Client): void {
    const current = this.conn;
    if (!current) return;
    void current.then(
      (c) => {
        if (c === client && this.conn === current) this.conn = undefined;
      },
      () => undefined,
    );
  }

  /**
   * Run a command; resolve with its exit code and output. With check (default) a non-zero exit throws
   * SshCommandError carrying stdout and stderr; exceeding timeoutMs throws SshError and drops the connection.
   */
  async exec(argvOrCommand: readonly string[] | Command, options: ExecOptions = {}): Promise<ExecResult> {
    const command = toCommand(argvOrCommand);
    let conn = await this.connection();
    let result: ExecResult;
    try {
      result = await this.run(conn, command, options);
    } catch (e) {
      if (!(e instanceof ChannelOpenFailed)) throw e;
      // The cached connection was dead: the command never started, so it is safe to reconnect and run it once.
      this.log(`${e.message}; reconnecting`);
      this.conn = undefined;
      conn.end();
      conn = await this.connection();
      result = await this.run(conn, command, options);
    }
    if ((options.check ?? true) && result.exitCode !== 0) {
      throw new SshCommandError(this.where, shorten(command.text), result.exitCode, result.stdout, result.stderr);
    }
    return result;
  }

  private run(conn: Ssh2Client, command: Command, options: ExecOptions): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? this.opts.execTimeoutMs ?? 120_000;
    this.log(`$ ${options.describe ? `(${options.describe}) ` : ""}${shorten(command.text)}`);
    return new Promise((resolve, reject) => {
      const onChannel = (err: Error | undefined, stream: ClientChannel) => {
        if (err) {
          reject(new ChannelOpenFailed(`could not open a session channel: ${err.message}`));
          return;
        }
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let exitCode: number | null = null;
        let signal: string | undefined;
        let settled = false;
        const timer = setTimeout(() => {
          settled = true;
          reject(
            new SshError(
              `ssh ${this.where}: command did not finish within ${formatDuration(timeoutMs)}: ${shorten(command.text)}`,
            ),
          );
          // A hung command may hold the connection; start afresh next time.
          stream.close();
          this.conn = undefined;
          conn.end();
        }, timeoutMs);
        stream.on("data", (d: Buffer) => out.push(d));
        stream.stderr.on("data", (d: Buffer) => errOut.push(d));
        stream.on("exit", (code: number | null, sig?: string) => {
          exitCode = code ?? null;
          signal = sig ?? undefined;
        });
        stream.on("close", () => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          const r: ExecResult = {
            exitCode,
            stdout: Buffer.concat(out).toString("utf8"),
            stderr: Buffer.concat(errOut).toString("utf8"),
          };
          if (signal) r.signal = signal;
          this.log(`exit ${exitCode ?? `signal ${signal ?? "?"}`}`);
          resolve(r);
        });
        if (options.stdin !== undefined) stream.end(options.stdin);
        else stream.end();
      };
      try {
        conn.exec(command.text, onChannel);
      } catch (e) {
        reject(
          new ChannelOpenFailed(`could not open a session channel: ${e instanceof Error ? e.message : String(e)}`),
        );
      }
    });
  }

  /** Close the connection (a later exec reconnects). */
  async close(): Promise<void> {
    const p = this.conn;
    this.conn = undefined;
    if (!p) return;
    try {
      const c = await p;
      c.end();
    } catch {
      // never connected: nothing to close
    }
  }
}
