// Nova's database, in memory: instances, share mappings, migrations, instance actions, keypairs, flavors and
// the nova-compute service records. Field names follow Nova's objects (vm_state, task_state, old_vm_state, ...)
// so the code of sim/nova reads like the code it imitates.

export type VmState = "building" | "active" | "stopped" | "resized" | "error" | "deleted";
export type ShareMappingStatus = "attaching" | "detaching" | "active" | "inactive" | "error";

/** power_state values of nova/compute/power_state.py. */
export const POWER = { NOSTATE: 0, RUNNING: 1, SHUTDOWN: 4 } as const;

export interface Flavor {
  /** Internal id (instance_type_id; os-migrations old/new_instance_type_id). */
  id: number;
  /** API id ("1"). */
  flavorid: string;
  name: string;
  memoryMb: number;
  vcpus: number;
  rootGb: number;
  ephemeralGb: number;
  swap: number;
  extraSpecs: Record<string, string>;
  isPublic: boolean;
  description: string | null;
}

export interface InstanceFault {
  code: number;
  message: string;
  details: string;
  created: string;
}

export interface PortInfo {
  portId: string;
  ip: string;
  networkId: string;
  networkName: string;
  mac: string;
}

export interface Instance {
  uuid: string;
  /** Database id; instance_name is instance-%08x of it. */
  id: number;
  name: string;
  hostname: string;
  description: string | null;
  projectId: string;
  userId: string;
  imageRef: string;
  flavor: Flavor;
  oldFlavor: Flavor | null;
  newFlavor: Flavor | null;
  keyName: string | null;
  authorizedKeys: string[];
  vmState: VmState;
  taskState: string | null;
  powerState: number;
  host: string | null;
  node: string | null;
  instanceName: string;
  ports: PortInfo[];
  securityGroups: string[];
  metadata: Record<string, string>;
  tags: string[];
  lockedBy: string | null;
  lockedReason: string | null;
  systemMetadata: Record<string, string>;
  fault: InstanceFault | null;
  adminPass: string;
  reservationId: string;
  createdAt: string;
  updatedAt: string;
  launchedAt: string | null;
  progress: number;
}

export interface ShareMapping {
  uuid: string;
  instanceUuid: string;
  shareId: string;
  status: ShareMappingStatus;
  tag: string;
  exportLocation: string;
  shareProto: string;
}

export type MigrationStatus =
  | "pre-migrating"
  | "migrating"
  | "post-migrating"
  | "finished"
  | "confirming"
  | "confirmed"
  | "reverting"
  | "reverted"
  | "error";

export interface Migration {
  id: number;
  uuid: string;
  instanceUuid: string;
  migrationType: "migration" | "resize";
  status: MigrationStatus;
  sourceCompute: string;
  sourceNode: string;
  destCompute: string | null;
  destNode: string | null;
  destHost: string | null;
  oldInstanceTypeId: number;
  newInstanceTypeId: number;
  userId: string;
  projectId: string;
  createdAt: string;
  updatedAt: string;
}

export interface ActionEvent {
  event: string;
  startTime: string;
  finishTime: string | null;
  result: "Success" | "Error" | null;
  traceback: string | null;
  host: string;
  details: string | null;
}

export interface InstanceAction {
  action: string;
  instanceUuid: string;
  requestId: string;
  userId: string;
  projectId: string;
  startTime: string;
  updatedAt: string;
  message: string | null;
  events: ActionEvent[];
}

export interface Keypair {
  id: number;
  name: string;
  userId: string;
  projectId: string;
  publicKey: string;
  fingerprint: string;
  type: "ssh" | "x509";
  createdAt: string;
}

export interface ServiceRecord {
  id: number;
  uuid: string;
  binary: string;
  host: string;
  zone: string;
  disabled: boolean;
  disabledReason: string | null;
  forcedDown: boolean;
  updatedAt: string;
}

/** Nova's "isotime" for created/updated (second precision, Z). */
export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The naive microsecond timestamps Nova returns in os-migrations and instance actions. */
export function naiveNow(): string {
  return new Date().toISOString().replace("Z", "000");
}

export class NovaDb {
  readonly instances = new Map<string, Instance>();
  readonly shareMappings: ShareMapping[] = [];
  readonly migrations: Migration[] = [];
  readonly actions: InstanceAction[] = [];
  readonly keypairs: Keypair[] = [];
  readonly flavors: Flavor[];
  readonly services: ServiceRecord[] = [];
  /** Instance mappings outlive deleted instances (until archived): uuid → project id. */
  readonly deletedInstances = new Map<string, string>();
  private nextInstanceId = 1;
  private nextMigrationId = 1;
  private nextKeypairId = 1;

  constructor(flavors: Flavor[]) {
    this.flavors = flavors;
  }

  allocInstanceId(): number {
    return this.nextInstanceId++;
  }
  allocMigrationId(): number {
    return this.nextMigrationId++;
  }
  allocKeypairId(): number {
    return this.nextKeypairId++;
  }

  flavorByApiId(flavorid: string): Flavor | undefined {
    return this.flavors.find((f) => f.flavorid === flavorid);
  }

  mappingsOf(instanceUuid: string): ShareMapping[] {
    return this.shareMappings.filter((m) => m.instanceUuid === instanceUuid);
  }

  mappingsOfShare(shareId: string): ShareMapping[] {
    return this.shareMappings.filter((m) => m.shareId === shareId);
  }

  deleteMapping(m: ShareMapping): void {
    const i = this.shareMappings.indexOf(m);
    if (i >= 0) this.shareMappings.splice(i, 1);
  }

  /** The instance's migration in `status` (newest first), as Migration.get_by_instance_and_status. */
  migrationInStatus(instanceUuid: string, statuses: readonly MigrationStatus[]): Migration | undefined {
    return [...this.migrations].reverse().find((m) => m.instanceUuid === instanceUuid && statuses.includes(m.status));
  }

  touch(inst: Instance): void {
    inst.updatedAt = isoNow();
  }
}
