// After "stopping now" only the closing lines may reach the console: the test being cut keeps running in the
// background until the process exits, and neither its step log nor a reporter may print past them. muteConsole()
// drops every stdout/stderr write from then on, except those made inside speak().

type Write = typeof process.stdout.write;

let speaking = false;
let muted = false;

/** Drops all further console output except what speak() prints. Idempotent. */
export function muteConsole(): void {
  if (muted) return;
  muted = true;
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
      if (!speaking) return true;
      return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as Write;
  }
}

/** Prints through a muted console (the closing lines). */
export function speak(fn: () => void): void {
  const before = speaking;
  speaking = true;
  try {
    fn();
  } finally {
    speaking = before;
  }
}

export function consoleMuted(): boolean {
  return muted;
}
