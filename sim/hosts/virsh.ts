// `virsh list [--all] [--name|--uuid]`, `virsh dumpxml DOMAIN`, `virsh domstate DOMAIN` against a SimComputeHost.

import type { CommandContext } from "../userland/types.js";
import type { SimComputeHost } from "./host.js";

export function virsh(host: SimComputeHost) {
  return (ctx: CommandContext, args: string[]): number => {
    // global options first: -c/--connect URI, -q/--quiet, -r/--readonly
    let i = 0;
    while (i < args.length && args[i].startsWith("-")) i += args[i] === "-c" || args[i] === "--connect" ? 2 : 1;
    const rest = args.slice(i);
    const opts = rest.filter((a) => a.startsWith("--"));
    const [sub, target] = rest.filter((a) => !a.startsWith("-"));
    if (sub === "list") {
      const all = opts.includes("--all") || opts.includes("--inactive");
      const domains = host
        .domains()
        .filter((d) => (opts.includes("--inactive") ? d.state !== "running" : all || d.state === "running"));
      if (opts.includes("--name") || opts.includes("--uuid")) {
        for (const d of domains) ctx.out(`${opts.includes("--name") ? d.instanceName : d.uuid}\n`);
        ctx.out("\n");
        return 0;
      }
      ctx.out(" Id   Name                State\n-----------------------------------\n");
      for (const d of domains) {
        const id = String(host.domainId(d.instanceName) ?? "-");
        ctx.out(` ${id.padEnd(4)} ${d.instanceName.padEnd(19)} ${d.state}\n`);
      }
      ctx.out("\n");
      return 0;
    }
    if (sub === "dumpxml" || sub === "domstate" || sub === "domuuid" || sub === "domname") {
      if (!target) {
        ctx.err(`error: command '${sub}' requires <domain> option\n`);
        return 1;
      }
      const d = host.findDomain(target);
      if (!d) {
        ctx.err(`error: failed to get domain '${target}'\n`);
        return 1;
      }
      if (sub === "dumpxml") ctx.out(host.domainXml(d.instanceName) ?? "");
      else if (sub === "domstate") ctx.out(`${d.state}\n\n`);
      else if (sub === "domuuid") ctx.out(`${d.uuid}\n\n`);
      else ctx.out(`${d.instanceName}\n\n`);
      return 0;
    }
    if (sub === "version" || sub === undefined) {
      ctx.out(
        "Compiled against library: libvirt 10.0.0\nUsing library: libvirt 10.0.0\nRunning hypervisor: QEMU 8.2.2\n",
      );
      return 0;
    }
    ctx.err(`error: unknown command: '${sub}'\n`);
    return 1;
  };
}
