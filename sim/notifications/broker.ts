// A private RabbitMQ for the embedded cloud and vftest's own tests: Debian's rabbitmq-server, run as the current
// user from a temp dir, every listener on 127.0.0.1 (AMQP, Erlang distribution, and its own epmd on its own
// port so it never meets a system epmd), no plugins, one vhost and one user with a random password. stop()
// ends the broker's process group, then its epmd, then removes the dir.
//
// Why the wrapper in /usr/lib/rabbitmq/bin and not /usr/sbin/rabbitmq-server: the /usr/sbin one is Debian's
// script-wrapper, which switches to the `rabbitmq` system user and its /var/lib/rabbitmq state.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const RABBITMQ_SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";
const EPMD = "/usr/bin/epmd";

export interface Broker {
  /** amqp://vftest:<password>@127.0.0.1:<port>/vftest (Nova's form is the same with rabbit://). */
  url: string;
  port: number;
  /** Every port the broker listens on: AMQP, Erlang distribution, its own epmd. */
  ports: { amqp: number; dist: number; epmd: number };
  /** Wall-clock time from spawn to the first successful AMQP connection, in ms. */
  startMs: number;
  /** Resident memory of the broker's Erlang VM right after start, in KiB (0 when unknown). */
  rssKb: number;
  dir: string;
  stop(): Promise<void>;
  /** Synchronous last resort for a process that exits now (process 'exit', a forced stop): SIGKILL to the broker's
   * process group, its epmd killed, the dir removed. */
  stopNow(): void;
}

export interface BrokerOptions {
  /** Give up starting after this long (ms). Default 60000. */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

export function brokerAvailable(): boolean {
  return fs.existsSync(RABBITMQ_SERVER) && fs.existsSync(EPMD);
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}

/** Resident memory of the beam.smp child of `pid`, from /proc. */
function beamRssKb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    for (const child of fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/)) {
      const status = fs.readFileSync(`/proc/${child}/status`, "utf8");
      if (!/^Name:\s*beam/m.test(status)) continue;
      return Number(/^VmRSS:\s*(\d+)/m.exec(status)?.[1] ?? 0);
    }
  } catch {
    // /proc not readable: memory unknown
  }
  return 0;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function startBroker(opts: BrokerOptions = {}): Promise<Broker> {
  if (!brokerAvailable()) {
    throw new Error(
      `${RABBITMQ_SERVER} not found: apt-get install -y --no-install-recommends rabbitmq-server (Debian's RabbitMQ)`,
    );
  }
  const log = opts.log ?? (() => {});
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-rabbitmq-"));
  const [port, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  const password = crypto.randomBytes(12).toString("hex");
  const conf = path.join(dir, "rabbitmq.conf");
  fs.writeFileSync(
    conf,
    [
      `listeners.tcp.1 = 127.0.0.1:${port}`,
      "default_vhost = vftest",
      "default_user = vftest",
      `default_pass = ${password}`,
      "default_permissions.configure = .*",
      "default_permissions.read = .*",
      "default_permissions.write = .*",
      "log.console = false",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  fs.writeFileSync(path.join(dir, "enabled_plugins"), "[].\n");
  fs.writeFileSync(path.join(dir, "rabbitmq-env.conf"), "");
  const env: NodeJS.ProcessEnv = {
    PATH: "/usr/bin:/bin:/usr/sbin:/sbin",
    HOME: dir, // the Erlang cookie goes here, not into the user's home
    LANG: "C.UTF-8",
    RABBITMQ_CONF_ENV_FILE: path.join(dir, "rabbitmq-env.conf"),
    RABBITMQ_CONFIG_FILE: conf,
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, "enabled_plugins"),
    RABBITMQ_NODENAME: `vftest${port}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: path.join(dir, "mnesia"),
    RABBITMQ_LOG_BASE: path.join(dir, "log"),
    RABBITMQ_PID_FILE: path.join(dir, "rabbitmq.pid"),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: "-kernel inet_dist_use_interface {127,0,0,1}",
    ERL_EPMD_ADDRESS: "127.0.0.1",
    ERL_EPMD_PORT: String(epmdPort),
  };
  const out = path.join(dir, "server.out");
  const outFd = fs.openSync(out, "a");
  const t0 = performance.now();
  // detached: its own process group, so stop() can end the shell, beam.smp and its helpers by the group's id.
  const child = spawn(RABBITMQ_SERVER, [], { env, cwd: dir, detached: true, stdio: ["ignore", outFd, outFd] });
  fs.closeSync(outFd);
  const url = `amqp://vftest:${password}@127.0.0.1:${port}/vftest`;

  const stopEpmd = () => {
    spawnSync(EPMD, ["-kill"], { env: { ...env }, timeout: 5000, stdio: "ignore" });
  };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const t = performance.now();
    if (child.pid && !exited(child)) {
      const gone = new Promise<void>((r) => child.once("exit", () => r()));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      // The bound's timer is cleared once the broker is gone (left running, it kept the process 15 s past stop()).
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 15000)));
      const killedInTime = await Promise.race([gone.then(() => true), bound]);
      clearTimeout(timer);
      if (!killedInTime) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
        await gone;
      }
    }
    stopEpmd();
    log(`rabbitmq on 127.0.0.1:${port} stopped in ${Math.round(performance.now() - t)} ms`);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const stopNow = (): void => {
    if (stopped) return;
    stopped = true;
    if (child.pid && !exited(child)) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    stopEpmd();
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = t0 + (opts.startTimeoutMs ?? 60000);
  const { default: amqp } = await import("amqplib"); // loaded when a broker starts, not with this module
  for (;;) {
    if (exited(child)) {
      await stop().catch(() => {});
      throw new Error(`rabbitmq-server exited during start (code ${child.exitCode}):\n${tail(out)}`);
    }
    try {
      const conn = await amqp.connect(url, { timeout: 2000 });
      await conn.close();
      break;
    } catch {
      if (performance.now() > deadline) {
        const why = tail(out);
        await stop();
        throw new Error(`rabbitmq-server did not accept AMQP on 127.0.0.1:${port} within the start timeout:\n${why}`);
      }
      await sleep(200);
    }
  }
  const startMs = Math.round(performance.now() - t0);
  const rssKb = beamRssKb(child.pid);
  log(`rabbitmq on 127.0.0.1:${port} (epmd ${epmdPort}, dist ${distPort}) up in ${startMs} ms, ${rssKb} KiB RSS`);
  return { url, port, ports: { amqp: port, dist: distPort, epmd: epmdPort }, startMs, rssKb, dir, stop, stopNow };
}
