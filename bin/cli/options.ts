// Options shared by `run` and `list` (which tests), and by the commands that talk to a cloud (which cloud).

import { type Command, Option } from "commander";
import { parseShard, type Selection } from "../../lib/runner/select.js";

export interface SelectionFlags {
  grep?: string;
  tag?: string[];
  shard?: string;
}

export interface CloudFlags {
  config?: string;
  osCloud?: string;
  osCloudAdmin?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function addSelectionOptions(cmd: Command): Command {
  return cmd
    .argument("[paths...]", "suite files or directories (default: tests/api tests/scenario)")
    .option("-g, --grep <regex>", "only tests whose full title, test id or UUID matches")
    .option("--tag <tags>", "only tests with one of these comma-separated tags (!tag excludes); repeatable", collect)
    .option("--shard <I/N>", "only shard I of N: tests sorted by test id, every N-th starting at I");
}

export function addCloudOptions(cmd: Command): Command {
  return cmd
    .option("-c, --config <file>", "vftest config file (also: VFTEST_CONFIG)")
    .option("--os-cloud <name>", "clouds.yaml entry for the member account (also: OS_CLOUD)")
    .option("--os-cloud-admin <name>", "clouds.yaml entry for the admin account");
}

export function selectionFrom(flags: SelectionFlags): Selection {
  return {
    grep: flags.grep,
    tags: flags.tag,
    shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
  };
}

export function hiddenOption(flags: string, description: string): Option {
  return new Option(flags, description).hideHelp();
}
