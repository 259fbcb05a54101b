// One TCP endpoint on several loopback addresses at one port — a guest's fixed IP plus its floating IPs — with
// every live connection tracked so a powered-off guest cuts them at once. Shared by the emulated guest's sshd and
// the QEMU guest's SSH front, which differ only in what they do with an accepted socket.

import * as net from "node:net";

export interface AddressListenersOptions {
  /** Human name for error messages ("guest 1234"). */
  label: string;
  /** Called per accepted connection; true = drop it at once (the `ssh-refused` fault). */
  refuse?: () => boolean;
  /** What to do with an accepted, tracked socket. */
  onSocket(socket: net.Socket): void;
}

export class AddressListeners {
  private readonly listeners = new Map<string, net.Server>();
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly opts: AddressListenersOptions) {}

  /** Listens on ip:port (port 0 = any); resolves to the bound port. EADDRINUSE is reported with the address. */
  listen(ip: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const srv = net.createServer((socket) => this.accept(socket));
      srv.once("error", (err: NodeJS.ErrnoException) => {
        const hint =
          err.code === "EADDRINUSE"
            ? "another process (or a leftover simulator) already listens there; stop it or start the simulator on a fresh loopback range"
            : "check that the address is on the loopback interface (127.0.0.0/8)";
        reject(
          new Error(`${this.opts.label}: cannot listen for SSH on ${ip}:${port} (${err.code ?? err.message}): ${hint}`),
        );
      });
      srv.listen(port, ip, () => {
        this.listeners.set(ip, srv);
        resolve((srv.address() as net.AddressInfo).port);
      });
    });
  }

  addresses(): string[] {
    return [...this.listeners.keys()];
  }

  /** Stops listening on one address (connections stay). */
  async unlisten(ip: string): Promise<void> {
    const srv = this.listeners.get(ip);
    if (!srv) return;
    this.listeners.delete(ip);
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }

  /** Stops listening everywhere and cuts every live connection. */
  async close(): Promise<void> {
    const closing = [...this.listeners.keys()].map((ip) => this.unlisten(ip));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await Promise.all(closing);
  }

  /** Tracks a socket (e.g. the upstream of a proxied connection) so close() cuts it too. */
  track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
  }

  private accept(socket: net.Socket): void {
    if (this.opts.refuse?.()) {
      socket.destroy();
      return;
    }
    this.track(socket);
    this.opts.onSocket(socket);
  }
}

/** The addresses a guest should answer on: its fixed IP, then its floating IPs. */
export function wantedAddresses(ip: string, extra?: (ip: string) => string[]): string[] {
  return [ip, ...(extra?.(ip) ?? []).filter((a) => a !== ip)];
}

/** Makes `l` listen on exactly `want` at `port`; a failure to listen on one address is reported, not thrown. */
export async function syncListeners(
  l: { addresses(): string[]; listen(ip: string, port: number): Promise<unknown>; unlisten(ip: string): Promise<void> },
  want: readonly string[],
  port: number,
  onError: (message: string) => void,
): Promise<void> {
  const wanted = new Set(want);
  for (const ip of l.addresses()) if (!wanted.has(ip)) await l.unlisten(ip);
  for (const ip of want) {
    if (l.addresses().includes(ip)) continue;
    try {
      await l.listen(ip, port);
    } catch (err) {
      onError(err instanceof Error ? err.message : String(err));
    }
  }
}

/**
 * Runs `sync` every `intervalMs` (never two at once) while `enabled`; floating IPs have no push seam in the
 * contracts, so guests re-read them. The timer does not keep the process alive.
 */
export function pollAddresses(intervalMs: number, enabled: boolean, sync: () => Promise<void>): NodeJS.Timeout {
  let running = false;
  const timer = setInterval(() => {
    if (running || !enabled) return;
    running = true;
    void sync().finally(() => {
      running = false;
    });
  }, intervalMs);
  timer.unref();
  return timer;
}
