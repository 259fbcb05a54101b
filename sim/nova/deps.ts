// What the simulated Nova needs from the other rooms. Glance and Neutron are narrowed to the calls Nova makes,
// so tests can hand in small fakes and sim/cloud.ts hands in the real services.

import type { ComputeHost, FaultSwitch, GuestBackend, IdentityBackend, ShareBackend, Timing } from "../contracts.js";
import type { NovaNotifier } from "../notifications/notifier.js";
import type { PortInfo } from "./model.js";

export type Release = "2026.1" | "2026.2";

export interface ImageService {
  imageExists(id: string): boolean;
}

export interface NetworkService {
  allocatePort(serverId: string, projectId: string, networkId?: string): PortInfo;
  releasePorts(serverId: string): void;
  /** Network ids Nova accepts in "networks": [{"uuid"}]; undefined = accept any uuid. */
  networkExists?(networkId: string): boolean;
  /** The floating IP associated with a fixed IP, shown in server addresses as "floating". */
  floatingIpFor?(fixedIp: string): string | undefined;
}

export interface NovaDeps {
  identity: IdentityBackend;
  shares: ShareBackend;
  /** Manila's admin hook for the share-error fault (a share flips to 'error' mid-migration). */
  setShareStatus?: (shareId: string, status: string) => void;
  hosts: ComputeHost[];
  guests: GuestBackend;
  images: ImageService;
  network: NetworkService;
  faults: FaultSwitch;
  timing: Timing;
  release: Release;
  /** [DEFAULT]allow_resize_to_same_host (resize only; cold migrate never picks the source). Default false. */
  allowResizeToSameHost?: boolean;
  /** [manila]share_apply_policy_timeout: how many polls for an access rule to become active. Default 10. */
  shareApplyPolicyTimeout?: number;
  /** Versioned notifications to a message bus (oslo_messaging_notifications transport_url); none when unset. */
  notifier?: NovaNotifier;
  log?: (line: string) => void;
}

/** Max compute API microversion and nova-compute service version per release profile. */
export const RELEASES: Record<Release, { maxVersion: string; serviceVersion: number }> = {
  "2026.1": { maxVersion: "2.104", serviceVersion: 73 },
  "2026.2": { maxVersion: "2.105", serviceVersion: 74 },
};

/** The microversion that lifts ForbiddenWithShare on resize/migrate (2026.2 virtiofs-cold-migration). */
export const SHARES_MIGRATION_MICROVERSION = "2.105";
/** nova-compute service version that handles shares in _finish_resize/confirm/revert. */
export const SHARES_MIGRATION_SERVICE_VERSION = 74;
