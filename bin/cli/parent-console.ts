// The console of a parallel run's parent process (one status line fed by the workers' stestr lines).

import { stateOfStestrLine } from "../../lib/report/progress.js";
import { StatusLine } from "../../lib/report/status-line.js";

/**
 * The parallel parent's console: workers print their stestr lines (no status line of their own); the parent
 * prints them and keeps the one status line, counting results from those lines.
 */
export function parentConsole(verbose: boolean) {
  const status = new StatusLine(process.stdout, { live: process.stdout.isTTY === true && !verbose });
  return {
    onSelected: (total: number) => {
      status.print(`vftest: running ${total} test(s)`);
      status.start(total);
    },
    write: (text: string) => {
      for (const line of text.replace(/\n$/, "").split("\n")) {
        status.print(line);
        const state = stateOfStestrLine(line);
        if (state) status.result(state);
      }
    },
    stop: () => status.stop(),
  };
}
