// The serial console a guest writes while it boots and runs (os-getConsoleOutput reads it).

import type { GuestSpec } from "../contracts.js";

export class ConsoleLog {
  private readonly lines: string[] = [];
  private uptime = 0;

  /** Kernel-style line with a monotonically growing fake uptime stamp. */
  kernel(text: string): void {
    this.uptime += 0.137;
    this.lines.push(`[${this.uptime.toFixed(6).padStart(12, " ")}] ${text}`);
  }

  plain(text: string): void {
    this.lines.push(text);
  }

  boot(spec: GuestSpec, opts: { hostname: string; kernel: string; bootCount: number }): void {
    this.uptime = 0;
    this.lines.push(`[    0.000000] Linux version ${opts.kernel} (buildd@vftest) (gcc 13.2.0) #1 SMP PREEMPT_DYNAMIC`);
    this.kernel(`Command line: BOOT_IMAGE=/vmlinuz-${opts.kernel} root=/dev/vda1 ro console=ttyS0`);
    this.kernel("virtio_blk virtio0: [vda] 2097152 512-byte logical blocks (1.07 GB/1.00 GiB)");
    const where = spec.locate();
    const tags = where?.host.domain(where.instanceName)?.filesystems.map((f) => f.tag) ?? [];
    tags.forEach((tag, i) => {
      this.kernel(`virtiofs virtio${i + 2}: discovered new tag: ${tag}`);
    });
    this.kernel("EXT4-fs (vda1): mounted filesystem with ordered data mode. Quota mode: none.");
    this.plain(`cloud-init: boot ${opts.bootCount}: network up, address ${spec.ip}`);
    this.plain(`cloud-init: ${spec.authorizedKeys.length} ssh key(s) installed for root`);
    this.plain("");
    this.plain(`${opts.hostname} login: `);
  }

  shutdown(): void {
    this.kernel("reboot: Power down");
  }

  text(): string {
    return `${this.lines.join("\n")}\n`;
  }
}
