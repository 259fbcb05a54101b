// The seam between a guest's SSH endpoint and what runs behind it. The emulated userland implements it today;
// a QEMU-backed guest can replace it (boot a real VM on the disk dir, forward exec over its serial/SSH).

import type { GuestSpec } from "../contracts.js";
import type { ExecResult } from "../userland/types.js";

export type { ExecResult };

/** What the backend knows about the machine it boots. */
export interface GuestMachine {
  serverId: string;
  spec: GuestSpec;
  /** Persistent disk: survives stop/start and migration, removed on destroy. */
  diskDir: string;
  hostname: string;
  bootCount: number;
  /** Appends a line to this boot's console (os-getConsoleOutput). */
  console(line: string): void;
}

/** One boot of a guest; a new instance per power-on (in-memory state such as mounts does not survive). */
export interface GuestOs {
  exec(command: string, stdin: Buffer): Promise<ExecResult>;
  /** Power off (the SSH endpoint is already closed). */
  shutdown(): Promise<void>;
}

export type GuestOsFactory = (machine: GuestMachine) => Promise<GuestOs>;
