// Saves what the run prints (stdout and stderr) to `console.log` in the results directory as well, so a CI job
// that only keeps the results directory still has the console output. Nothing secret is printed to begin with.

import fs from "node:fs";

type Write = typeof process.stdout.write;

/** Starts copying process.stdout/stderr to `file`; returns a function that stops and closes the file. */
export function teeConsole(file: string): () => void {
  const fd = fs.openSync(file, "a");
  const originals: [NodeJS.WriteStream, Write][] = [
    [process.stdout, process.stdout.write],
    [process.stderr, process.stderr.write],
  ];
  for (const [stream, original] of originals) {
    const patched = (chunk: unknown, ...rest: unknown[]): boolean => {
      try {
        if (typeof chunk === "string") fs.writeSync(fd, chunk);
        else if (chunk instanceof Uint8Array) fs.writeSync(fd, chunk);
      } catch {
        // the copy is best effort; the real console output must not fail because of it
      }
      return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    };
    stream.write = patched as Write;
  }
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    for (const [stream, original] of originals) stream.write = original;
    fs.closeSync(fd);
  };
}
