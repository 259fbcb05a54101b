// A small world for guest tests: two hosts, fake Manila shares, and servers whose current host can be switched.

import * as fs from "node:fs";
import { join } from "node:path";
import type { ComputeHost, FaultSwitch, GuestSpec } from "../../../sim/contracts.js";
import { createGuests, type GuestsOptions, type SimGuests } from "../../../sim/guests/index.js";
import { createHosts, type Hosts } from "../../../sim/hosts/index.js";
import { generateEd25519 } from "../../../sim/userland/sshKeys.js";
import { FakeShares, fakeFaults, noDelay, type SshResult, sshExec, tempDir } from "../hosts/fakes.js";

export interface Server {
  id: string;
  ip: string;
  instanceName: string;
  host: ComputeHost | undefined;
  spec: GuestSpec;
}

export class World {
  readonly key = generateEd25519();
  data = "";
  shares!: FakeShares;
  hostsHandle!: Hosts;
  guests!: SimGuests;
  private n = 0;

  async setUp(opts: { faults?: FaultSwitch; guests?: Partial<GuestsOptions> } = {}): Promise<void> {
    this.data = tempDir("guests");
    this.shares = new FakeShares(join(this.data, "manila"));
    const faults = opts.faults ?? fakeFaults();
    this.hostsHandle = await createHosts({
      count: 2,
      shares: this.shares,
      faults,
      timing: noDelay,
      dataDir: this.data,
    });
    this.guests = await createGuests({ faults, timing: noDelay, dataDir: this.data, ...opts.guests });
  }

  async tearDown(): Promise<void> {
    await this.guests?.close();
    await this.hostsHandle?.close();
    fs.rmSync(this.data, { recursive: true, force: true });
  }

  get hosts(): ComputeHost[] {
    return this.hostsHandle.hosts;
  }

  /** A server defined (running) on `host` with shares (tag -> share id) mounted and granted there. */
  server(host: ComputeHost, shares: Record<string, string> = {}): Server {
    this.n++;
    const id = `00000000-0000-4000-8000-${String(this.n).padStart(12, "0")}`;
    const server: Server = {
      id,
      ip: `127.0.2.${10 + this.n}`,
      instanceName: `instance-${this.n.toString(16).padStart(8, "0")}`,
      host,
      spec: undefined as unknown as GuestSpec,
    };
    server.spec = {
      serverId: id,
      ip: server.ip,
      authorizedKeys: [this.key.public],
      locate: () => (server.host ? { host: server.host, instanceName: server.instanceName } : undefined),
    };
    this.place(server, host, shares);
    return server;
  }

  /** What Nova's finish step does on `host`: grant, mount, define the domain with <filesystem>s. */
  place(server: Server, host: ComputeHost, shares: Record<string, string>): void {
    const filesystems = Object.entries(shares).map(([tag, shareId]) => {
      const share = this.shares.shares.get(shareId) ?? this.shares.add(shareId);
      this.shares.grant(shareId, host.storageIp);
      return { tag, sourceDir: host.mountShare(share.exportLocation, "NFS", server.id) };
    });
    host.defineDomain({
      instanceName: server.instanceName,
      uuid: server.id,
      state: "running",
      memoryMb: 512,
      vcpus: 1,
      filesystems,
    });
    server.host = host;
  }

  ssh(server: Server, command: string, stdin?: string, user = "root"): Promise<SshResult> {
    return sshExec(
      { host: server.ip, port: this.guests.sshPort, username: user, privateKey: this.key.private },
      command,
      stdin,
    );
  }

  shareDir(shareId: string): string {
    return this.shares.shares.get(shareId)!.dir;
  }
}
