// The options and results of RemoteClient (ssh.ts), apart so the client file keeps to connecting and running.

import type { HostKeyPolicy } from "./ssh-known-hosts.js";

export type LogFn = (line: string) => void;

export interface RemoteClientOptions {
  host: string;
  /** Default 22. */
  port?: number;
  username: string;
  /** The private key itself (secret) ... */
  privateKey?: string | Buffer;
  /** ... or a file holding it (permissions must be 0600 or stricter). */
  privateKeyPath?: string;
  /** One TCP connect + handshake + auth attempt. Default 10 s. */
  connectTimeoutMs?: number;
  /** Keep retrying the connection this long (validation.ssh_timeout). Default 300 s. */
  sshTimeoutMs?: number;
  /** Default "accept-new". */
  hostKeyPolicy?: HostKeyPolicy;
  /** Required for "accept-new" and "known-hosts"; one file per run is the intended use. */
  knownHostsPath?: string;
  /** Default timeout of one exec. Default 120 s. */
  execTimeoutMs?: number;
  /** First and largest pause between connection attempts. Default 500 ms and 10 s. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  log?: LogFn;
  /** Prefix for log lines, e.g. "guest vftest-migrate-ab12cd34". */
  label?: string;
}

export interface ExecOptions {
  /** Default: the client's execTimeoutMs. */
  timeoutMs?: number;
  /** Throw SshCommandError on a non-zero exit. Default true. */
  check?: boolean;
  /** What the command is for, logged before it (a batched command's text is long). */
  describe?: string;
  /** Written to the command's standard input, which is then closed. */
  stdin?: string | Buffer;
}

export interface ExecResult {
  /** null when the command was killed by a signal. */
  exitCode: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}
