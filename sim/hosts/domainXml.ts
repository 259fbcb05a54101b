// Renders a DomainSpec the way `virsh dumpxml` shows a Nova-built libvirt guest with virtiofs shares
// (nova/virt/libvirt/driver.py _guest_add_virtiofs_for_share; file-backed shared memory is required by virtiofs).

import type { DomainSpec, FilesystemDevice } from "../contracts.js";

/** Escapes text for use inside a single- or double-quoted XML attribute, or element content. */
export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/'/g, "&apos;")
    .replace(/"/g, "&quot;");
}

function filesystemXml(fs: FilesystemDevice): string[] {
  return [
    "    <filesystem type='mount' accessmode='passthrough'>",
    `      <driver type='${fs.driver ?? "virtiofs"}'/>`,
    `      <source dir='${xmlEscape(fs.sourceDir)}'/>`,
    `      <target dir='${xmlEscape(fs.tag)}'/>`,
    ...(fs.readOnly ? ["      <readonly/>"] : []),
    "    </filesystem>",
  ];
}

export function renderDomainXml(domain: DomainSpec, opts: { diskDir: string }): string {
  const kib = Math.round(domain.memoryMb * 1024);
  const name = xmlEscape(domain.instanceName);
  const lines = [
    "<domain type='kvm'>",
    `  <name>${name}</name>`,
    `  <uuid>${xmlEscape(domain.uuid)}</uuid>`,
    "  <metadata>",
    '    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">',
    '      <nova:package version="2026.2"/>',
    "    </nova:instance>",
    "  </metadata>",
    `  <memory unit='KiB'>${kib}</memory>`,
    `  <currentMemory unit='KiB'>${kib}</currentMemory>`,
    "  <memoryBacking>",
    "    <source type='file'/>",
    "    <access mode='shared'/>",
    "  </memoryBacking>",
    `  <vcpu placement='static'>${domain.vcpus}</vcpu>`,
    "  <os>",
    "    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>",
    "    <boot dev='hd'/>",
    "  </os>",
    "  <devices>",
    "    <emulator>/usr/bin/qemu-system-x86_64</emulator>",
    "    <disk type='file' device='disk'>",
    "      <driver name='qemu' type='qcow2' cache='none'/>",
    `      <source file='${xmlEscape(`${opts.diskDir}/${domain.uuid}/disk`)}'/>`,
    "      <target dev='vda' bus='virtio'/>",
    "    </disk>",
    ...domain.filesystems.flatMap(filesystemXml),
    "    <serial type='pty'>",
    `      <log file='${xmlEscape(`${opts.diskDir}/${domain.uuid}/console.log`)}' append='off'/>`,
    "      <target type='isa-serial' port='0'/>",
    "    </serial>",
    "  </devices>",
    "</domain>",
  ];
  return `${lines.join("\n")}\n`;
}
