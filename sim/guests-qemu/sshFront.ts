// The guest's SSH endpoint on the simulated network: listeners on the server's fixed IP (and floating IPs) at
// the shared guest SSH port, each connection piped to QEMU's user-network forward of guest port 22 on
// 127.0.0.1. Owning the front lets a stopped guest refuse at once, lets floating IPs come and go while the VM
// runs (slirp forwards cannot be added without a monitor) and lets the `ssh-refused` fault drop connections.
// While the guest still boots, an accepted connection waits (like a SYN to a VM whose network is not up yet) and
// is piped as soon as the guest's sshd answers: the client sees the banner at once, with no retry back-off.

import * as net from "node:net";
import { AddressListeners } from "../userland/listeners.js";

export interface SshFrontOptions {
  /** 127.0.0.1 port QEMU forwards to the guest's port 22, once the guest's sshd answers (rejects: boot failed). */
  target: Promise<number>;
  /** Called per accepted connection; true = drop it at once. */
  refuse?: () => boolean;
  label: string;
}

export class SshFront {
  private readonly endpoints: AddressListeners;

  constructor(private readonly opts: SshFrontOptions) {
    this.endpoints = new AddressListeners({
      label: opts.label,
      refuse: opts.refuse,
      onSocket: (client) => this.pipe(client),
    });
  }

  async listen(ip: string, port: number): Promise<void> {
    await this.endpoints.listen(ip, port);
  }

  addresses(): string[] {
    return this.endpoints.addresses();
  }

  unlisten(ip: string): Promise<void> {
    return this.endpoints.unlisten(ip);
  }

  /** Stops listening and cuts live connections. */
  close(): Promise<void> {
    return this.endpoints.close();
  }

  private pipe(client: net.Socket): void {
    let upstream: net.Socket | undefined;
    const drop = (): void => {
      client.destroy();
      upstream?.destroy();
    };
    client.on("error", drop).on("close", drop);
    this.opts.target.then(
      (port) => {
        if (client.destroyed) return;
        upstream = net.connect(port, "127.0.0.1");
        this.endpoints.track(upstream);
        upstream.on("error", drop).on("close", drop);
        client.pipe(upstream);
        upstream.pipe(client);
      },
      () => drop(),
    );
  }
}

/** A port free on 127.0.0.1 right now (QEMU binds it a moment later; a lost race makes QEMU exit, and we retry). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** One attempt: connect and read up to the SSH identification line ("SSH-2.0-..."). */
function bannerOnce(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    let seen = "";
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    s.on("data", (d) => {
      seen += d.toString("latin1");
      if (seen.includes("SSH-")) finish(true);
    });
    s.on("error", () => finish(false));
    s.on("close", () => finish(false));
  });
}

/**
 * Polls until the guest's sshd sends its banner through the forward; throws if `alive` turns false or on timeout.
 * Before the guest's network is up, slirp holds a forwarded connection open with no answer, so a probe gives up
 * after 500 ms until `guestUp()` says the guest started its sshd (its console line), then waits up to 3 s.
 */
export async function waitForSshBanner(o: {
  port: number;
  timeoutMs: number;
  alive: () => boolean;
  what: string;
  guestUp?: () => boolean;
}): Promise<void> {
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    if (!o.alive()) throw new Error(`${o.what}: QEMU exited before the guest's SSH answered`);
    if (await bannerOnce(o.port, o.guestUp?.() ? 3000 : 500)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${o.what}: no SSH banner from the guest within ${Math.round(o.timeoutMs / 1000)} s ` +
          "(TCG boots slowly when the CPU is busy: fewer concurrent guests, or a larger bootTimeoutMs)",
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
