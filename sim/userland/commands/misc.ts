// Process-level commands: true, false, sync, sleep, id, whoami, hostname, uname, sudo, timeout, sh/bash.

import type { CommandContext, CommandTable } from "../types.js";

export interface MachineInfo {
  hostname: () => string;
  kernel: string; // e.g. "6.8.0-45-generic"
}

function stripSudo(args: string[]): string[] {
  let i = 0;
  while (i < args.length && args[i].startsWith("-")) {
    if (args[i] === "-u" || args[i] === "-g") i++;
    i++;
  }
  return args.slice(i);
}

const shell = async (ctx: CommandContext, args: string[]): Promise<number> => {
  let i = 0;
  while (i < args.length && args[i].startsWith("-") && args[i] !== "-c") i++;
  if (args[i] === "-c") {
    const script = args[i + 1];
    if (script === undefined) {
      ctx.err("sh: 0: -c requires an argument\n");
      return 2;
    }
    return ctx.run(script, ctx.stdin, args.slice(i + 2));
  }
  if (args[i] !== undefined) {
    let script: string;
    try {
      script = ctx.fs.readFile(args[i], ctx.cwd).toString("utf8");
    } catch (e) {
      ctx.err(`sh: 0: cannot open ${args[i]}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    return ctx.run(script, Buffer.alloc(0), args.slice(i));
  }
  return ctx.run(ctx.stdin.toString("utf8"), Buffer.alloc(0));
};

export function miscCommands(machine: MachineInfo): CommandTable {
  return {
    true: () => 0,
    false: () => 1,
    sync: () => 0,
    sleep: () => 0, // no wall-clock waits in the simulator
    id: (ctx) => {
      ctx.out("uid=0(root) gid=0(root) groups=0(root)\n");
      return 0;
    },
    whoami: (ctx) => {
      ctx.out("root\n");
      return 0;
    },
    hostname: (ctx) => {
      ctx.out(`${machine.hostname()}\n`);
      return 0;
    },
    uname: (ctx, args) => {
      const host = machine.hostname();
      const all = `Linux ${host} ${machine.kernel} #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux`;
      const parts: Record<string, string> = { s: "Linux", n: host, r: machine.kernel, m: "x86_64", o: "GNU/Linux" };
      const flags = args.join("").replace(/-/g, "");
      ctx.out(
        `${flags === "" ? "Linux" : flags.includes("a") ? all : [...flags].map((f) => parts[f] ?? "").join(" ")}\n`,
      );
      return 0;
    },
    sudo: (ctx, args) => {
      const rest = stripSudo(args);
      return rest.length ? ctx.runArgv(rest) : 0;
    },
    timeout: (ctx, args) => {
      let i = 0;
      while (i < args.length && args[i].startsWith("-")) i += args[i] === "-s" || args[i] === "-k" ? 2 : 1;
      const rest = args.slice(i + 1); // after the duration
      return rest.length ? ctx.runArgv(rest) : 125;
    },
    sh: shell,
    bash: shell,
  };
}
