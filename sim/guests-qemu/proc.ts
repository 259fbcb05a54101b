// A child process (QEMU or virtiofsd) with its output in a log file, an `exited` promise, and a stop that
// escalates from SIGTERM to SIGKILL. Children are also killed if the simulator's process exits abruptly.

import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or the signal name) when the process is gone. */
  readonly exited: Promise<string>;
  alive(): boolean;
  /** SIGTERM, then SIGKILL after graceMs; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines of its log, for error messages. */
  logTail(lines?: number): string;
}

const live = new Set<ChildProcess>();
let exitHook = false;

function killAllOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on("exit", () => {
    for (const c of live) c.kill("SIGKILL");
  });
}

export function spawnLogged(name: string, command: string, args: readonly string[], logFile: string): Child {
  killAllOnExit();
  const fd = fs.openSync(logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(command, args, { stdio: ["ignore", fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  live.add(child);
  let done = false;
  const exited = new Promise<string>((resolve) => {
    child.once("error", (err) => {
      done = true;
      live.delete(child);
      fs.appendFileSync(logFile, `spawn ${command}: ${err.message}\n`);
      resolve(`spawn error: ${err.message}`);
    });
    child.once("exit", (code, signal) => {
      done = true;
      live.delete(child);
      resolve(signal ?? String(code));
    });
  });
  const logTail = (lines = 15): string => {
    try {
      return fs.readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };
  return {
    name,
    pid: child.pid ?? -1,
    logFile,
    exited,
    alive: () => !done,
    logTail,
    stop: async (graceMs = 10_000) => {
      if (done) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
