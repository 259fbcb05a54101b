// The golden samples (Nova's api-samples) and a full 2.100 server body, shared by the schema tests.
import { fileURLToPath } from "node:url";

export const SAMPLES = fileURLToPath(new URL("../../fixtures/nova-api-samples", import.meta.url));

/** Golden sample file -> [schema api, microversion]; request samples are checked against Nova's request schema. */
export const RESPONSE_SAMPLES: Record<string, [string, string]> = {
  "server-shares-admin-create-resp.json": ["compute.server_shares.attach", "2.97"],
  "server-shares-admin-show-resp.json": ["compute.server_shares.show", "2.97"],
  "server-shares-create-resp.json": ["compute.server_shares.attach", "2.97"],
  "server-shares-list-resp.json": ["compute.server_shares.list", "2.97"],
  "server-shares-show-resp.json": ["compute.server_shares.show", "2.97"],
  "os-migrations/v2.80-migrations-get.json": ["compute.migrations.list", "2.80"],
};
export const REQUEST_SAMPLES = [
  "server-shares-create-req.json",
  "server-shares-create-tag-req.json",
  "server-shares-delete-req.json",
];

export function server2100(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accessIPv4: "",
    accessIPv6: "",
    addresses: {
      private: [
        { addr: "10.0.0.5", version: 4, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:00:00:01" },
      ],
    },
    config_drive: "",
    created: "2026-08-21T10:00:00Z",
    flavor: {
      disk: 1,
      ephemeral: 0,
      original_name: "m1.small",
      ram: 512,
      swap: 0,
      vcpus: 1,
      extra_specs: { "hw:mem_page_size": "large" },
    },
    hostId: "abc",
    id: "9128d044-7b61-403e-b766-7547076ff6c1",
    image: {
      id: "70a599e0-31e7-49b7-b260-868f441e862b",
      links: [{ rel: "bookmark", href: "http://127.0.0.1/images/x" }],
      properties: { os_distro: "cirros" },
    },
    key_name: null,
    links: [{ rel: "self", href: "http://127.0.0.1/compute/v2.1/servers/x" }],
    metadata: {},
    name: "vm",
    "os-extended-volumes:volumes_attached": [],
    status: "VERIFY_RESIZE",
    tenant_id: "p1",
    updated: "2026-08-21T10:01:00Z",
    user_id: "u1",
    "OS-DCF:diskConfig": "MANUAL",
    "OS-EXT-AZ:availability_zone": "nova",
    "OS-EXT-SRV-ATTR:host": "compute2",
    "OS-EXT-SRV-ATTR:hypervisor_hostname": "compute2",
    "OS-EXT-SRV-ATTR:instance_name": "instance-00000001",
    "OS-EXT-SRV-ATTR:hostname": "vm",
    "OS-EXT-STS:power_state": 4,
    "OS-EXT-STS:task_state": null,
    "OS-EXT-STS:vm_state": "resized",
    "OS-SRV-USG:launched_at": "2026-08-21T10:00:30.000000",
    "OS-SRV-USG:terminated_at": null,
    locked: false,
    locked_reason: null,
    description: null,
    tags: [],
    trusted_image_certificates: null,
    pinned_availability_zone: null,
    server_groups: [],
    scheduler_hints: {},
    ...extra,
  };
}
