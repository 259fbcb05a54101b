// The `vftest` command: subcommands live in their own files; this file wires them and maps every way a command can
// end to an exit code: 0 all passed, 1 a test (or preflight check) failed, 2 bad usage or config. Errors the user
// can fix print as one clear message without a stack (exit 2); anything else is a bug in vftest: exit 1, stack
// with --debug.

import { Command, CommanderError } from "commander";
import { type CliContext, EXIT, type Io, processIo } from "./io.js";
import { vftestVersion } from "./version.js";

type MakeCommand = (ctx: CliContext) => Command;

/** Each subcommand's module, loaded on demand: `vftest list` does not load the runner, the simulator or the clients. */
const COMMANDS: Record<string, () => Promise<MakeCommand>> = {
  run: async () => (await import("./run.js")).runCommand,
  list: async () => (await import("./list.js")).listCommand,
  last: async () => (await import("./last.js")).lastCommand,
  "verify-config": async () => (await import("./verify-config.js")).verifyConfigCommand,
  init: async () => (await import("./init.js")).initCommand,
  cleanup: async () => (await import("./cleanup.js")).cleanupCommand,
  sim: async () => (await import("./sim.js")).simCommand,
  report: async () => (await import("./report.js")).reportCommand,
  selftest: async () => (await import("./selftest.js")).selftestCommand,
};

/** Errors whose message is the whole story for the user (bad flag, bad config, missing file). */
const USER_ERRORS = new Set(["UsageError", "ConfigError"]);

function configure(cmd: Command, io: Io): void {
  cmd.exitOverride();
  cmd.configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  cmd.showHelpAfterError("(add --help for usage)");
  for (const sub of cmd.commands) configure(sub, io);
}

/** The program with the subcommand `argv` names (all of them for help, no command, or an unknown one). */
export async function buildProgram(ctx: CliContext, argv: readonly string[] = []): Promise<Command> {
  const program = new Command("vftest")
    .description(
      "Functional tests for Manila shares attached to Nova servers through virtiofs, across cold migration and " +
        "resize.\nWith no cloud named, `vftest run` starts the embedded simulated cloud.",
    )
    .version(vftestVersion(), "-V, --version", "print the vftest version")
    .option("--debug", "print stack traces for internal errors")
    .enablePositionalOptions();
  const named = argv.slice(2).find((a) => !a.startsWith("-"));
  const names = named !== undefined && named in COMMANDS ? [named] : Object.keys(COMMANDS);
  for (const make of await Promise.all(names.map((n) => (COMMANDS[n] as () => Promise<MakeCommand>)()))) {
    program.addCommand(make(ctx));
  }
  program.addHelpText(
    "after",
    `
Exit codes: 0 all passed, 1 a test failed, 2 bad usage or configuration.

Examples:
  vftest run                                 # the whole suite against the embedded cloud
  vftest run --os-cloud devstack --os-cloud-admin devstack-admin --concurrency 4
  vftest list -r migrate --shard 1/3         # what CI node 1 of 3 would run
  vftest last --failing --list > failed.txt  # then: vftest run --load-list failed.txt
  vftest sim start --port 8080               # serve the simulated cloud for other tools`,
  );
  configure(program, ctx.io);
  return program;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  let debug = argv.includes("--debug");
  const ctx: CliContext = {
    io,
    setExitCode: (c) => {
      code = c;
    },
    debug: () => debug,
  };
  const program = await buildProgram(ctx, argv);
  program.hook("preAction", (cmd) => {
    debug = debug || cmd.optsWithGlobals().debug === true;
  });
  try {
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: "node" });
    return code;
  } catch (e) {
    return exitCodeFor(e, io, debug);
  }
}

export function exitCodeFor(e: unknown, io: Io, debug: boolean): number {
  if (e instanceof CommanderError) {
    // commander already printed its message (or the help).
    return ["commander.helpDisplayed", "commander.help", "commander.version"].includes(e.code) ? EXIT.ok : EXIT.usage;
  }
  if (e instanceof Error && USER_ERRORS.has(e.name)) {
    io.err(`vftest: ${e.message}\n`);
    return EXIT.usage;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.err(`vftest: internal error: ${message}\nthis is a bug in vftest; please report it with the output of --debug\n`);
  if (debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
  return EXIT.failed;
}
