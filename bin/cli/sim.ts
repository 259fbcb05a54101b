// `vftest sim start`: serve the embedded cloud on loopback for other tools (a second vftest, the Tempest peer,
// the openstack CLI). Prints a ready clouds.yaml (member and admin) and a matching vftest config snippet, then
// serves until SIGINT/SIGTERM and stops cleanly.

import { Command, Option } from "commander";
import { stringify } from "yaml";
import { notificationOverrides } from "../../lib/target/embedded.js";
import { brokerForSim } from "./broker.js";
import {
  checkGuestKind,
  faultsHelp,
  GUEST_KINDS,
  type GuestKind,
  overridesFor,
  parseFaults,
  parsePositiveInt,
  parseRelease,
  parseShareProtocol,
  type Release,
  startEmbeddedCloud,
} from "./embedded.js";
import { type CliContext, EXIT } from "./io.js";

interface SimFlags {
  port?: string;
  hosts: string;
  release: string;
  faults?: string;
  dataDir?: string;
  guest?: GuestKind;
  /** A broker URL, or true: start a private RabbitMQ. */
  notifications?: string | boolean;
  shareProtocol?: string;
}

export function simCommand(ctx: CliContext): Command {
  const sim = new Command("sim").description("the embedded simulated cloud");
  sim
    .command("start")
    .description("serve the simulated cloud until interrupted; prints clouds.yaml and a vftest config snippet")
    .option("--port <N>", "HTTP port on 127.0.0.1 (default: any free port)")
    .option("--hosts <N>", "number of compute hosts", "2")
    .option("--release <release>", "Nova release profile: 2026.1 or 2026.2", "2026.2")
    .option("--faults <names>", "comma-separated fault profiles to switch on")
    .option(
      "--share-protocol <protocol>",
      "serve only nfs or cephfs shares (default: both; the config snippet says NFS)",
    )
    .option("--data-dir <dir>", "keep share data and keys here (default: a temporary directory, removed at stop)")
    .option(
      "--notifications [url]",
      "publish Nova's versioned notifications to this broker (amqp:// or rabbit://); without a URL, start a private RabbitMQ",
    )
    .addOption(
      new Option("--guest <kind>", "guests: emulated userland, or real Linux under QEMU (needs a one-time build)")
        .choices(GUEST_KINDS)
        .default("emulated"),
    )
    .addHelpText(
      "after",
      `
Fault profiles:
${faultsHelp()}

Examples:
  vftest sim start --port 8080 > sim.txt &
  vftest sim start --release 2026.1 --faults old-compute-service
  vftest sim start --notifications          # private RabbitMQ; the config snippet gets its transport_url
  vftest sim start --share-protocol cephfs
  sudo bash scripts/qemu-guest/build.sh && vftest sim start --guest qemu`,
    )
    .action(async (flags: SimFlags) => {
      ctx.setExitCode(await simStart(ctx, flags));
    });
  return sim;
}

export async function simStart(
  ctx: CliContext,
  flags: SimFlags,
  until: Promise<string> = nextSignal(),
): Promise<number> {
  const { io } = ctx;
  const port =
    flags.port === undefined ? undefined : flags.port === "0" ? 0 : parsePositiveInt("--port", flags.port, 65535);
  const hosts = parsePositiveInt("--hosts", flags.hosts, 16);
  const release = parseRelease(flags.release);
  const faults = flags.faults ? parseFaults(flags.faults) : [];
  const guest: GuestKind = flags.guest ?? "emulated";
  const shareProtocol = flags.shareProtocol === undefined ? undefined : parseShareProtocol(flags.shareProtocol);
  checkGuestKind(guest, io.env);
  const log = (line: string) => io.err(`${line}\n`);
  const broker = await brokerForSim(flags.notifications, log);
  try {
    return await serve(
      ctx,
      { port, hosts, release, faults, guest, dataDir: flags.dataDir, log, ...(shareProtocol ? { shareProtocol } : {}) },
      broker.url,
      until,
    );
  } finally {
    await broker.stop();
  }
}

async function serve(
  ctx: CliContext,
  o: Parameters<typeof startEmbeddedCloud>[0] & { hosts: number; release: Release; log: (l: string) => void },
  notificationsUrl: string | undefined,
  until: Promise<string>,
): Promise<number> {
  const { io } = ctx;
  const { hosts, release, guest } = o;
  const cloud = await startEmbeddedCloud({
    ...o,
    ...(notificationsUrl ? { notifications: { url: notificationsUrl } } : {}),
  });
  try {
    const snippet = {
      ...overridesFor(cloud, { release, hosts, withCredentials: false, dynamicCredentials: false, guest }),
      ...(notificationsUrl ? notificationOverrides(notificationsUrl) : {}),
    };
    io.out(
      [
        "# clouds.yaml: save as ./clouds.yaml (clouds vftest-sim = member, vftest-sim-admin = admin)",
        cloud.cloudsYaml().trimEnd(),
        "---",
        "# vftest config: save as vftest-sim.yaml, then:",
        "#   vftest run --config vftest-sim.yaml --os-cloud vftest-sim --os-cloud-admin vftest-sim-admin",
        stringify(snippet).trimEnd(),
        "",
      ].join("\n"),
    );
    io.err(
      `vftest: simulated cloud (release ${release}, ${hosts} hosts, ${guest} guests) at ${cloud.url}; Ctrl-C to stop\n`,
    );
    const sig = await until;
    io.err(`vftest: ${sig}: stopping the simulated cloud\n`);
  } finally {
    await cloud.stop();
  }
  return EXIT.ok;
}

function nextSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}
