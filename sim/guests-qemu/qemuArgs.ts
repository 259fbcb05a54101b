// The QEMU command line of one boot (pure: unit-tested without QEMU). TCG only: the host's /dev/kvm is kvm-pvm,
// which cannot run a stock guest kernel (KVM would need a paravirtualised one), so QEMU emulates the CPU.
// Made cheap for TCG (measured with scripts/qemu-guest/measure-boot.ts): a 32 MiB translation cache (the default
// grows to ~64 MiB of RSS per guest for no speed gain), no speculative-execution mitigations to patch in at boot
// and no crypto self-tests (both emulated instruction by instruction), the kernel told to stay quiet on the
// serial line (every byte is an emulated UART write).

export interface QemuBoot {
  kernel: string;
  initrd: string;
  memoryMb: number;
  /** One vhost-user-fs device per exported tag. */
  filesystems: { tag: string; socketPath: string }[];
  /** Guest port 22 is forwarded from 127.0.0.1:sshForwardPort (the front listener proxies to it). */
  sshForwardPort: number;
  /** Read by the guest's /init from fw_cfg opt/vftest/authorized_keys and opt/vftest/host_key. */
  authorizedKeysFile: string;
  hostKeyFile: string;
  /** Raw ext4 image the guest uses as its root file system (/dev/vda); none = root in RAM. */
  diskImage?: string;
  /** Serial console, appended to across boots. */
  consoleFile: string;
}

/** QEMU's option syntax: a comma inside a value is written twice. */
export function qemuValue(v: string): string {
  return v.replaceAll(",", ",,");
}

/** The guest kernel's command line: serial console, power off on panic, quiet, cheap under TCG. */
export const KERNEL_CMDLINE = "console=ttyS0 panic=-1 quiet mitigations=off cryptomgr.notests";

export function qemuArgs(b: QemuBoot): string[] {
  const q = qemuValue;
  const args = [
    ...["-accel", "tcg,tb-size=32", "-machine", "q35", "-cpu", "max", "-smp", "1", "-m", String(b.memoryMb)],
    ...["-nodefaults", "-no-user-config", "-nographic", "-no-reboot", "-monitor", "none"],
    ...["-kernel", b.kernel, "-initrd", b.initrd, "-append", KERNEL_CMDLINE],
    // vhost-user-fs needs the guest RAM shareable with virtiofsd.
    ...["-object", `memory-backend-memfd,id=mem,size=${b.memoryMb}M,share=on`, "-numa", "node,memdev=mem"],
  ];
  b.filesystems.forEach((f, i) => {
    args.push("-chardev", `socket,id=fs${i},path=${q(f.socketPath)}`);
    args.push("-device", `vhost-user-fs-pci,chardev=fs${i},tag=${q(f.tag)}`);
  });
  if (b.diskImage) {
    args.push("-drive", `if=none,id=disk0,format=raw,file=${q(b.diskImage)}`, "-device", "virtio-blk-pci,drive=disk0");
  }
  args.push(
    ...["-netdev", `user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:${b.sshForwardPort}-:22`],
    ...["-device", "virtio-net-pci,netdev=n0,romfile="],
    ...["-fw_cfg", `name=opt/vftest/authorized_keys,file=${q(b.authorizedKeysFile)}`],
    ...["-fw_cfg", `name=opt/vftest/host_key,file=${q(b.hostKeyFile)}`],
    ...["-chardev", `file,id=ser0,path=${q(b.consoleFile)},append=on`, "-serial", "chardev:ser0"],
  );
  return args;
}
