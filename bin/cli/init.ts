// `vftest init`: write a commented starting config — the documented defaults (config/vftest.yaml), or the values
// of an existing tempest.conf translated to vftest's keys. Never overwrites a file unless --force, and then keeps
// the old one as `<file>.bak-<time>`: nothing the user had is lost.

import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { repoFile } from "../../lib/runner/compiled.js";
import { UsageError } from "../../lib/runner/errors.js";
import { configApi } from "./deps.js";
import { type CliContext, EXIT } from "./io.js";

interface InitFlags {
  fromTempestConf?: string;
  output: string;
  force?: boolean;
}

const DEFAULTS_FILE = repoFile(import.meta.url, "config/vftest.yaml");

export function initCommand(ctx: CliContext): Command {
  return new Command("init")
    .description("write a commented vftest config file to start from")
    .option(
      "--from-tempest-conf <file>",
      "translate an existing tempest.conf (warnings for options with no equivalent)",
    )
    .option("-o, --output <file>", "where to write the config", "vftest.yaml")
    .option("--force", "overwrite an existing file (the old one is kept as <file>.bak-<time>)")
    .addHelpText(
      "after",
      `
Examples:
  vftest init                                   # vftest.yaml with every key documented
  vftest init --from-tempest-conf /opt/stack/tempest/etc/tempest.conf -o vftest.yaml`,
    )
    .action(async (flags: InitFlags) => {
      ctx.setExitCode(await init(ctx, flags));
    });
}

export async function init(ctx: CliContext, flags: InitFlags): Promise<number> {
  const { io } = ctx;
  const out = path.resolve(io.cwd, flags.output);
  if (fs.existsSync(out) && !flags.force) {
    throw new UsageError(`${out} already exists; not overwriting it (use --force to replace it; a backup is kept)`);
  }
  let text: string;
  if (flags.fromTempestConf) {
    const src = path.resolve(io.cwd, flags.fromTempestConf);
    let conf: string;
    try {
      conf = fs.readFileSync(src, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read --from-tempest-conf ${src}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    const api = await configApi();
    const { config, warnings } = api.tempestConfToVftest(conf, src);
    for (const w of warnings) io.err(`vftest: warning: ${w}\n`);
    text = api.renderConfigYaml(config, `vftest configuration imported from ${src} by \`vftest init\``);
  } else {
    text = fs.readFileSync(DEFAULTS_FILE, "utf8");
  }
  if (fs.existsSync(out)) {
    const backup = `${out}.bak-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    fs.copyFileSync(out, backup);
    io.err(`vftest: kept the previous ${path.basename(out)} as ${backup}\n`);
  }
  const tmp = `${out}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, out);
  io.err(`vftest: wrote ${out}; check it with: vftest verify-config --config ${flags.output}\n`);
  return EXIT.ok;
}
