// Options shared by `run` and `list` (which tests: stestr's and Tempest's selection flags), and by the commands
// that talk to a cloud (which cloud).

import { type Command, Option } from "commander";
import { readIdList, readRegexList } from "../../lib/runner/list-files.js";
import { parseShard, type Selection } from "../../lib/runner/select.js";

export interface SelectionFlags {
  regex?: string[];
  grep?: string[];
  excludeRegex?: string;
  includeList?: string;
  excludeList?: string;
  loadList?: string;
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
    .option("-r, --regex <regex>", "only tests whose id this regex searches (repeatable: any of them)", collect)
    .addOption(new Option("-g, --grep <regex>", "alias of --regex").argParser(collect))
    .option("--exclude-regex <regex>", "leave out tests whose id this regex searches")
    .option("--include-list <file>", "only tests whose id a regex of this file searches (one per line, # comments)")
    .option(
      "--exclude-list <file>",
      "leave out tests whose id a regex of this file searches (one per line, # comments)",
    )
    .option("--load-list <file>", "only the test ids in this file (one per line, as `vftest list` writes them)")
    .option("--tag <tags>", "only tests with one of these comma-separated tags (!tag excludes); repeatable", collect)
    .option("--shard <I/N>", "only shard I of N: tests sorted by test id, every N-th starting at I");
}

export function addCloudOptions(cmd: Command): Command {
  return cmd
    .option("-c, --config <file>", "vftest config file (also: VFTEST_CONFIG)")
    .option("--os-cloud <name>", "clouds.yaml entry for the member account (also: OS_CLOUD)")
    .option("--os-cloud-admin <name>", "clouds.yaml entry for the admin account");
}

/** The selection the flags describe; list files are read here, so a missing file fails before anything starts. */
export function selectionFrom(flags: SelectionFlags): Selection {
  const regexes = [...(flags.regex ?? []), ...(flags.grep ?? [])];
  if (flags.includeList) regexes.push(...readRegexList(flags.includeList, "--include-list"));
  const excludes = flags.excludeRegex === undefined ? [] : [flags.excludeRegex];
  if (flags.excludeList) excludes.push(...readRegexList(flags.excludeList, "--exclude-list"));
  return {
    regexes,
    excludes,
    loadIds: flags.loadList ? readIdList(flags.loadList, "--load-list") : undefined,
    tags: flags.tag,
    shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
  };
}

/** Load-list ids that name no test of the suite: stestr ignores them silently; vftest says so. */
export function unknownLoadIds(selection: Selection, ids: readonly string[]): string[] {
  const known = new Set(ids);
  return (selection.loadIds ?? []).filter((id) => !known.has(id));
}

export function hiddenOption(flags: string, description: string): Option {
  return new Option(flags, description).hideHelp();
}
