// Configuration groups about how vftest reaches and reports: guests over SSH (validation), compute hosts
// (whitebox), and the results it writes (reporting).

import { Type } from "@sinclair/typebox";
import { Bool, Group, Port, Seconds, Str, StringEnum } from "./schema-kit.js";

export const Validation = Group(
  {
    connect_method: StringEnum(["fixed", "floating"] as const, {
      description: "Reach guests over their fixed IP or a floating IP.",
      tempest: "[validation] connect_method",
    }),
    network: Type.Optional(
      Str({
        description: "Network whose address is used for SSH.",
        tempest: "[validation] network_for_ssh",
        example: "private",
      }),
    ),
    floating_network: Type.Optional(
      Str({
        description: "External network floating IPs come from (connect_method: floating).",
        tempest: "[network] floating_network_name",
        example: "public",
      }),
    ),
    ssh_user: Str({ description: "User to log into guests as.", tempest: "[validation] image_ssh_user" }),
    ssh_key: Type.Optional(
      Str({
        description: "Private key for guests; a key pair is generated per run when unset.",
        path: true,
        example: "~/.ssh/id_ed25519",
      }),
    ),
    ssh_key_type: Type.Optional(
      StringEnum(["rsa", "ecdsa", "ed25519"] as const, {
        description: "Type of the generated key pair; ed25519 is fastest if the guest image accepts it.",
        tempest: "[validation] ssh_key_type",
      }),
    ),
    ssh_port: Port({ description: "SSH port of guests." }),
    ssh_timeout: Seconds({
      description: "Seconds to wait for a guest to answer SSH.",
      tempest: "[validation] ssh_timeout",
    }),
    ssh_host_key_policy: StringEnum(["accept-new", "known-hosts"] as const, {
      description: "accept-new trusts a guest's first key; known-hosts requires it in known_hosts_file.",
    }),
    known_hosts_file: Type.Optional(
      Str({
        description: "known_hosts file for ssh_host_key_policy: known-hosts.",
        path: true,
        example: "~/.ssh/known_hosts",
      }),
    ),
    ping: Bool({ description: "Ping guests before SSH (needs ICMP allowed)." }),
    mount_point: Str({ description: "Directory inside guests where shares are mounted." }),
  },
  "How the suite reaches guests to mount and use shares.",
);

export const Whitebox = Group(
  {
    enabled: Bool({ description: "Inspect compute hosts over SSH (libvirt XML, mounts); needs host access." }),
    ssh_user: Str({ description: "User on compute hosts.", tempest: "[whitebox] ctlplane_ssh_username" }),
    ssh_key: Type.Optional(
      Str({
        description: "Private key for compute hosts.",
        tempest: "[whitebox] ctlplane_ssh_private_key_path",
        path: true,
        example: "~/.ssh/id_rsa",
      }),
    ),
    ssh_port: Port({ description: "SSH port of compute hosts." }),
    ctlplane_addresses: Type.Record(Type.String(), Type.String(), {
      description: "Nova host name -> address; a host not listed is reached by its name.",
      tempest: "[whitebox] ctlplane_addresses",
    }),
    storage_addresses: Type.Record(Type.String(), Type.String(), {
      description:
        "Nova host name -> the address its NFS access rules name (nova.conf my_shared_fs_storage_ip) where it differs from ctlplane_addresses.",
    }),
    command_prefix: Str({
      description: 'Prefix for privileged host commands, e.g. "sudo podman exec nova_libvirt" on containerised hosts.',
    }),
    mount_point_base: Str({
      description:
        "Where Nova mounts shares on hosts: nova.conf [libvirt] nfs_mount_point_base (or ceph_mount_point_base).",
    }),
  },
  "White-box checks on compute hosts.",
);

export const Reporting = Group(
  {
    results_dir: Str({ description: "Directory for results; each run gets a sub-directory." }),
    junit: Bool({ description: "Write JUnit XML." }),
    subunit: Bool({ description: "Write a subunit v2 stream (for Zuul / stestr tooling)." }),
    allure: Bool({ description: "Write Allure results." }),
    request_log: Bool({ description: "Write every API request (secrets masked) to the results." }),
  },
  "Where and how results are written.",
);
