// What an embedded cloud is and offers, apart from starting it (cloud.ts): the options startCloud takes, the handle
// it returns (endpoints, credentials, SSH access, the cloud's fixed names), and the clouds.yaml a client reaches it
// with.

import { stringify } from "yaml";
import type { ComputeHost, ShareProto } from "./contracts.js";
import type { Faults } from "./faults.js";
import type { SimGuests } from "./guests/index.js";
import type { QemuGuests } from "./guests-qemu/index.js";
import type { Release } from "./nova/deps.js";
import type { Nova } from "./nova/index.js";

export interface CloudOptions {
  port?: number;
  hosts?: number;
  release?: Release;
  faults?: string[];
  dataDir?: string;
  timing?: { baseMs?: number; perStep?: Record<string, number> };
  /** [DEFAULT]allow_resize_to_same_host (default false). */
  allowResizeToSameHost?: boolean;
  /** The share protocol the cloud's Manila back end serves, as devstack deploys one: "NFS" (one `ip` rule per host)
   * or "CEPHFS" (CephFS native, one `cephx` rule shared by every host). Shares of the other protocol end in
   * 'error'. Unset: both are served and the suite is pointed at NFS. */
  shareProtocol?: ShareProto;
  /** What runs behind each server: the emulated userland (default) or a real Linux under QEMU (sim/guests-qemu). */
  guest?: GuestKind;
  /** Publish Nova's versioned notifications to this broker (amqp:// or rabbit://); none when unset. */
  notifications?: { url: string; includeShareMapping?: boolean };
  log?: (line: string) => void;
}

export type GuestKind = "emulated" | "qemu";

export interface Credentials {
  username: string;
  password: string;
  projectName: string;
  userDomainName: "Default";
  projectDomainName: "Default";
}

/** G: the guest backend behind the servers (SimGuests for "emulated", the default; QemuGuests for "qemu"). */
export interface CloudHandle<G extends SimGuests | QemuGuests = SimGuests> {
  url: string;
  authUrl: string;
  region: string;
  release: Release;
  admin: Credentials & { username: "admin"; projectName: "admin" };
  member: Credentials & { username: "demo"; projectName: "demo" };
  guestSshPort: number;
  guestSshUser: "root";
  hostSshPort: number;
  hostSshUser: string;
  hostSshPrivateKeyPath: string;
  hosts: { name: string; ctlplaneIp: string; storageIp: string }[];
  /** The protocol the suite should create shares with (CloudOptions.shareProtocol, default "NFS"). */
  shareProtocol: ShareProto;
  imageId: string;
  flavorRef: "1";
  flavorRefAlt: "2";
  networkName: "vftest-net";
  mountPointBase: string;
  cloudsYaml(): string;
  faults: Faults;
  /** The assembled rooms, for the simulator's own tests (the suite reaches the cloud over HTTP/SSH only). */
  guest: GuestKind;
  internals: { nova: Nova; dataDir: string; hosts: ComputeHost[]; guests: G };
  stop(): Promise<void>;
}

export const REGION = "RegionOne";
export const ADMIN_PASSWORD = "secretadmin";
export const MEMBER_PASSWORD = "secretdemo";

/** "NFS" unless the option names CEPHFS; anything else is one clear error. */
export function checkShareProtocol(p: string | undefined): ShareProto {
  if (p === undefined || p === "NFS") return "NFS";
  if (p === "CEPHFS") return "CEPHFS";
  throw new Error(`shareProtocol must be NFS or CEPHFS, got ${JSON.stringify(p)}`);
}

export function cloudsYaml(authUrl: string, admin: Credentials, member: Credentials): string {
  const cloud = (c: Credentials) => ({
    auth: {
      auth_url: authUrl,
      username: c.username,
      password: c.password,
      project_name: c.projectName,
      user_domain_name: c.userDomainName,
      project_domain_name: c.projectDomainName,
    },
    region_name: REGION,
    interface: "public",
    identity_api_version: 3,
  });
  return stringify({ clouds: { "vftest-sim": cloud(member), "vftest-sim-admin": cloud(admin) } });
}
